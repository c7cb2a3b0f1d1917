package dev.tributary.engine.action;

import dev.tributary.engine.element.Element;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An action, universal or for one integration.
 *
 * @param type one of {@link #TYPES}
 * @param inputSchema the JSON Schema a run's input must satisfy (empty: any input)
 * @param config {@code dataSource} (a DataSourceUnitConfig), {@code fieldMapping} (a
 *     FieldMappingUnitConfig) and the type's own values ({@code id}, {@code cursor}, {@code
 *     filter}, {@code query}, {@code fields}); values may be formulas over {@code $.input}
 */
public record Action(
    String id,
    String key,
    String name,
    @Nullable String integrationId,
    @Nullable String universalActionId,
    String type,
    Map<String, Object> inputSchema,
    Map<String, Object> config,
    boolean isCustomized,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt) {

  public static final List<String> TYPES = List.of("list-data-records", "find-data-record-by-id", "match-data-record",
      "search-data-records", "create-data-record", "find-or-create-data-record", "update-data-record", "delete-data-record");

  @SuppressWarnings("unchecked")
  static Action of(Element element) {
    Map<String, Object> spec = element.spec();
    return new Action(element.id(), element.key(), element.name(), element.integrationId(), element.universalId(),
        String.valueOf(spec.get("type")), (Map<String, Object>) spec.getOrDefault("inputSchema", Map.of()),
        (Map<String, Object>) spec.getOrDefault("config", Map.of()), element.isCustomized(), element.createdAt(),
        element.updatedAt(), element.archivedAt());
  }
}
