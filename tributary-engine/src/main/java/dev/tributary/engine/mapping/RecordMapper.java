package dev.tributary.engine.mapping;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.udm.UdmConverter;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Maps records of one collection, for one connection, with a field mapping's values: prepared
 * once, used for every record of a page. Import: the unified value (over the record's unified
 * fields, when the collection maps to the data source's model) overlaid with the import value (over
 * the record's fields); with neither, the fields as they are. Export is the reverse, and drops the
 * fields the target method does not accept.
 */
public final class RecordMapper {

  /**
   * A record for the app: {@code fields} to write, and the fields the method does not accept,
   * which were left out.
   */
  public record Export(Map<String, Object> fields, List<String> droppedFields) {}

  /** The values a mapper applies; each may be null. */
  public record Values(@Nullable Object importValue, @Nullable Object unifiedImportValue, @Nullable Object exportValue,
      @Nullable Object unifiedExportValue) {}

  private final Values values;
  private final UdmConverter.@Nullable Route route;
  private final UdmConverter udm;
  private final Function<String, Set<String>> writableFields;

  /**
   * @param route how the collection maps to the data source's model, or null (unified values are then not applied)
   * @param writableFields the fields {@code create} or {@code update} accepts
   */
  public RecordMapper(Values values, UdmConverter.@Nullable Route route, UdmConverter udm,
      Function<String, Set<String>> writableFields) {
    this.values = values;
    this.route = route;
    this.udm = udm;
    this.writableFields = writableFields;
  }

  /** The record with its fields in the product's shape; {@code includeRawFields} keeps the collection's fields as {@code rawFields}. */
  public DataRecord importRecord(DataRecord record, boolean includeRawFields) {
    Map<String, Object> mapped = new LinkedHashMap<>();
    boolean applied = false;
    if (values.unifiedImportValue() != null && route != null) {
      Map<String, Object> unified = record.unifiedFields() != null ? record.unifiedFields() : unified(record);
      mapped.putAll(object("unifiedImportValue", Formulas.evaluate(values.unifiedImportValue(), unified)));
      applied = true;
    }
    if (values.importValue() != null) {
      mapped.putAll(object("importValue", Formulas.evaluate(values.importValue(), record.fields())));
      applied = true;
    }
    return new DataRecord(record.id(), record.name(), record.uri(), applied ? mapped : record.fields(),
        includeRawFields ? record.fields() : null, record.unifiedFields(), record.createdTime(), record.updatedTime());
  }

  /**
   * @param method {@code create} or {@code update}: drop the fields it does not accept; null keeps every field
   */
  public Export exportRecord(Map<String, Object> value, @Nullable String method) {
    Map<String, Object> fields = new LinkedHashMap<>();
    boolean applied = false;
    if (values.unifiedExportValue() != null && route != null) {
      fields.putAll(udm.toNative(route, object("unifiedExportValue", Formulas.evaluate(values.unifiedExportValue(), value))));
      applied = true;
    }
    if (values.exportValue() != null) {
      fields.putAll(object("exportValue", Formulas.evaluate(values.exportValue(), value)));
      applied = true;
    }
    if (!applied) {
      fields.putAll(value);
    }
    return method == null ? new Export(fields, List.of()) : dropUnwritable(fields, writableFields.apply(method));
  }

  /** Leaves out the fields not in {@code writable}, naming them (sorted). */
  public static Export dropUnwritable(Map<String, Object> fields, Set<String> writable) {
    Map<String, Object> kept = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    fields.forEach((name, value) -> {
      if (writable.contains(name)) {
        kept.put(name, value);
      } else {
        dropped.add(name);
      }
    });
    dropped.sort(null);
    return new Export(kept, dropped);
  }

  /**
   * The customer's overrides combined with the defaults: per field, the override wins. When either
   * side is one formula (e.g. {@code {"$var": "$"}}), the two are merged when evaluated.
   */
  @SuppressWarnings("unchecked")
  static @Nullable Object combine(@Nullable Object defaults, @Nullable Object overrides) {
    if (overrides == null || (overrides instanceof Map<?, ?> map && map.isEmpty())) {
      return defaults;
    }
    if (defaults == null) {
      return overrides;
    }
    if (Formulas.isFormula(defaults) || Formulas.isFormula(overrides) || !(defaults instanceof Map<?, ?>)) {
      return Map.of("$mergeObjects", List.of(defaults, overrides));
    }
    Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) defaults);
    merged.putAll((Map<String, Object>) overrides);
    return merged;
  }

  private Map<String, Object> unified(DataRecord record) {
    Map<String, Object> unified = new LinkedHashMap<>(udm.toUnified(route, record.fields()));
    unified.putIfAbsent("id", record.id());
    return unified;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(String field, @Nullable Object result) {
    if (result == null) {
      return Map.of();
    }
    if (!(result instanceof Map<?, ?> map)) {
      throw new InvalidInputException("The field mapping's " + field + " gave " + result.getClass().getSimpleName()
          + " where an object of fields was expected. Make it an object ({\"email\": {\"$var\": \"$.mail\"}}) or a"
          + " formula that gives one ({\"$var\": \"$\"}).");
    }
    return (Map<String, Object>) map;
  }
}
