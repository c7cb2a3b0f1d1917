package dev.tributary.engine.mapping;

import dev.tributary.engine.element.Element;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A field mapping, universal or for one integration, bound to a data source by key.
 *
 * @param appSchema the JSON Schema of the SaaS product's side of the mapping
 * @param direction {@code import}, {@code export} or {@code both}
 * @param defaultImportValue the collection's fields → the product's, as formulas over the record's fields
 * @param defaultExportValue the product's fields → the collection's, as formulas over the product's value
 * @param unifiedImportValue like {@code defaultImportValue}, over the record's unified fields (the
 *     data source's Universal Data Model)
 * @param unifiedExportValue the product's fields → unified fields, converted to the collection's
 * @param frozenImportFields product fields a customer may not map otherwise
 * @param frozenExportFields collection fields a customer may not map otherwise
 */
public record FieldMapping(
    String id,
    String key,
    String name,
    @Nullable String integrationId,
    @Nullable String universalFieldMappingId,
    String dataSourceKey,
    Map<String, Object> appSchema,
    String direction,
    @Nullable Object defaultImportValue,
    @Nullable Object defaultExportValue,
    @Nullable Object unifiedImportValue,
    @Nullable Object unifiedExportValue,
    List<String> frozenImportFields,
    List<String> frozenExportFields,
    boolean isCustomized,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt) {

  public static final String IMPORT = "import";
  public static final String EXPORT = "export";
  public static final String BOTH = "both";

  @SuppressWarnings("unchecked")
  static FieldMapping of(Element element) {
    Map<String, Object> spec = element.spec();
    return new FieldMapping(element.id(), element.key(), element.name(), element.integrationId(), element.universalId(),
        String.valueOf(spec.get("dataSourceKey")), (Map<String, Object>) spec.getOrDefault("appSchema", Map.of()),
        String.valueOf(spec.getOrDefault("direction", BOTH)), spec.get("defaultImportValue"), spec.get("defaultExportValue"),
        spec.get("unifiedImportValue"), spec.get("unifiedExportValue"),
        (List<String>) spec.getOrDefault("frozenImportFields", List.of()),
        (List<String>) spec.getOrDefault("frozenExportFields", List.of()),
        element.isCustomized(), element.createdAt(), element.updatedAt(), element.archivedAt());
  }

  public boolean imports() {
    return !EXPORT.equals(direction);
  }

  public boolean exports() {
    return !IMPORT.equals(direction);
  }
}
