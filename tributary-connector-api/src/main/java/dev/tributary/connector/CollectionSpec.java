package dev.tributary.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A collection's spec, in the API's {@code collectionSpec} shape. A method entry that is
 * non-null means the method is supported.
 *
 * @param fieldsSchema JSON Schema of a record's {@code fields}
 * @param parametersSchema JSON Schema of the collection's parameters
 * @param events per event type ({@code created}, {@code updated}, {@code deleted}) how changes are detected
 * @param customFields true when {@link DataCollection#spec(ConnectorContext)} adds per-connection fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CollectionSpec(
    String type,
    String key,
    String name,
    Map<String, Object> parametersSchema,
    Map<String, Object> fieldsSchema,
    @Nullable ListSpec list,
    @Nullable MethodSpec search,
    @Nullable MatchSpec match,
    @Nullable MethodSpec findById,
    @Nullable WriteSpec create,
    @Nullable WriteSpec update,
    @Nullable MethodSpec delete,
    Map<String, EventSpec> events,
    boolean customFields) {

  public CollectionSpec {
    Objects.requireNonNull(key, "key == null");
    parametersSchema = copy(parametersSchema);
    fieldsSchema = copy(fieldsSchema);
    events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
  }

  /** A method that takes no options: present means supported. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record MethodSpec() {}

  /** {@code list}: which fields a filter may name. */
  public record ListSpec(List<String> filterFields) {
    public ListSpec {
      filterFields = List.copyOf(filterFields);
    }
  }

  /** {@code match}: the fields a match query compares. */
  public record MatchSpec(List<String> fields) {
    public MatchSpec {
      fields = List.copyOf(fields);
    }
  }

  /**
   * {@code create} / {@code update}: which fields may be written. Null {@code fields} means every
   * field of the schema that is not read-only.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WriteSpec(@Nullable List<String> fields, List<String> requiredFields, List<String> excludedFields) {
    public WriteSpec {
      fields = fields == null ? null : List.copyOf(fields);
      requiredFields = List.copyOf(requiredFields);
      excludedFields = List.copyOf(excludedFields);
    }
  }

  /**
   * How one event type is detected: {@code implementationType} is {@code webhook}, {@code
   * custom-pull}, {@code pull-latest-records} or {@code full-scan}; {@code parameters} tune it (for
   * {@code full-scan}: {@code ignoredFields}, fields whose changes alone are no update, such as a
   * download link that changes on every read).
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record EventSpec(String implementationType, Map<String, Object> parameters) {
    public EventSpec {
      parameters = copy(parameters);
    }

    public EventSpec(String implementationType) {
      this(implementationType, Map.of());
    }

    /** {@code push} when the app sends the changes (webhooks), {@code pull} when Tributary fetches them. */
    @com.fasterxml.jackson.annotation.JsonProperty("type")
    public String type() {
      return "webhook".equals(implementationType) ? "push" : "pull";
    }

    /** Changes are found by comparing full scans of the collection. */
    @com.fasterxml.jackson.annotation.JsonProperty("isFullScan")
    public boolean isFullScan() {
      return "full-scan".equals(implementationType);
    }

    /** The {@code ignoredFields} parameter: field names whose changes alone are no update. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public java.util.Set<String> ignoredFields() {
      return parameters.get("ignoredFields") instanceof List<?> fields
          ? fields.stream().map(String::valueOf).collect(java.util.stream.Collectors.toUnmodifiableSet())
          : java.util.Set.of();
    }
  }

  /** This spec with another fields schema (e.g. with a connection's custom fields added). */
  public CollectionSpec withFieldsSchema(Map<String, Object> schema) {
    return new CollectionSpec(type, key, name, parametersSchema, schema, list, search, match, findById, create,
        update, delete, events, customFields);
  }

  private static Map<String, Object> copy(Map<String, Object> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
