package dev.tributary.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One record of a collection: {@code {id, name?, uri?, fields, rawFields?, unifiedFields?,
 * createdTime?, updatedTime?}}. {@code id} is always set; {@code fields} follow the collection's
 * fields schema; {@code rawFields} are what the app returned.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataRecord(
    String id,
    @Nullable String name,
    @Nullable String uri,
    Map<String, Object> fields,
    @Nullable Map<String, Object> rawFields,
    @Nullable Map<String, Object> unifiedFields,
    @Nullable Instant createdTime,
    @Nullable Instant updatedTime) {

  public DataRecord {
    Objects.requireNonNull(id, "id == null");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  public static DataRecord of(String id, Map<String, Object> fields) {
    return new DataRecord(id, null, null, fields, null, null, null, null);
  }

  public DataRecord withUnifiedFields(@Nullable Map<String, Object> unified) {
    return new DataRecord(id, name, uri, fields, rawFields, unified, createdTime, updatedTime);
  }
}
