package dev.tributary.engine.mapping;

import dev.tributary.engine.datasource.DataSource;
import dev.tributary.engine.datasource.DataSourceService;
import dev.tributary.engine.element.Element;
import dev.tributary.engine.element.ElementKind;
import dev.tributary.engine.element.ElementService;
import dev.tributary.engine.formula.FormulaException;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Field mappings: universal ones speak the data source's Universal Data Model, an integration's
 * speak its collection's fields. A universal field mapping is applied to every integration; its
 * values become the child's {@code unifiedImportValue} / {@code unifiedExportValue}, so that an
 * admin may still map the collection's own fields there ({@code defaultImportValue} /
 * {@code defaultExportValue}).
 *
 * <p>The spec fields, as in {@link FieldMapping}: {@code dataSourceKey} (or {@code dataSourceId}),
 * {@code appSchema}, {@code direction}, {@code defaultImportValue}, {@code defaultExportValue},
 * {@code unifiedImportValue}, {@code unifiedExportValue}, {@code frozenImportFields}, {@code
 * frozenExportFields}.
 */
public final class FieldMappingService {

  static final Set<String> SPEC_FIELDS = Set.of("dataSourceKey", "appSchema", "direction", "defaultImportValue",
      "defaultExportValue", "unifiedImportValue", "unifiedExportValue", "frozenImportFields", "frozenExportFields");
  private static final List<String> VALUES = List.of("defaultImportValue", "defaultExportValue", "unifiedImportValue",
      "unifiedExportValue");

  private final ElementService elements;
  private final DataSourceService dataSources;

  public FieldMappingService(Database database, IntegrationService integrations, ConnectionService connections,
      DataSourceService dataSources, Clock clock) {
    this.dataSources = dataSources;
    this.elements = new ElementService(database, integrations, connections, ElementKind.FIELD_MAPPING, new Rules(), clock);
  }

  /** The layers underneath: what the REST routes and the instances work with. */
  public ElementService elements() {
    return elements;
  }

  public Page<FieldMapping> list(Caller caller, ElementService.Filter filter, PageRequest page) {
    return elements.list(caller, filter, page).map(FieldMapping::of);
  }

  /** By id, or by key (a universal one's key, or with {@code integration} the integration's). */
  public FieldMapping get(Caller caller, String selector, @Nullable String integration) {
    return FieldMapping.of(elements.get(caller, selector, integration));
  }

  /**
   * @param integration the integration (id or key); null for a universal field mapping
   * @param spec the fields listed on this class
   */
  public FieldMapping create(Caller caller, @Nullable String key, @Nullable String name, @Nullable String integration,
      Map<String, Object> spec) {
    return FieldMapping.of(elements.create(caller, key, name, integration, spec));
  }

  /** Changes the given spec fields (a null value removes one); see {@link ElementService#update}. */
  public FieldMapping update(Caller caller, String selector, @Nullable String integration, @Nullable String key,
      @Nullable String name, Map<String, Object> changes) {
    return FieldMapping.of(elements.update(caller, selector, integration, key, name, changes));
  }

  public FieldMapping reset(Caller caller, String selector, @Nullable String integration) {
    return FieldMapping.of(elements.reset(caller, selector, integration));
  }

  public List<FieldMapping> apply(Caller caller, String selector, List<String> integrations) {
    return elements.apply(caller, selector, integrations).stream().map(FieldMapping::of).toList();
  }

  public FieldMapping archive(Caller caller, String selector, @Nullable String integration) {
    return FieldMapping.of(elements.archive(caller, selector, integration));
  }

  public FieldMapping restore(Caller caller, String id) {
    return FieldMapping.of(elements.restore(caller, id));
  }

  private final class Rules implements ElementKind.Rules {

    @Override
    public Map<String, Object> check(Caller caller, @Nullable String integrationId, Map<String, Object> given) {
      Map<String, Object> spec = new LinkedHashMap<>(given);
      if (spec.get("dataSourceId") instanceof String id) {
        spec.remove("dataSourceId");
        spec.put("dataSourceKey", dataSource(caller, integrationId, id, "dataSourceId").key());
      }
      for (String field : spec.keySet()) {
        if (!SPEC_FIELDS.contains(field)) {
          throw InvalidInputException.forField(field, "A field mapping has no field \"" + field + "\". Its fields: "
              + String.join(", ", new TreeSet<>(SPEC_FIELDS)) + ".");
        }
      }
      if (!(spec.get("dataSourceKey") instanceof String dataSourceKey)) {
        throw InvalidInputException.forField("dataSourceKey", "A field mapping is bound to a data source: give"
            + " \"dataSourceKey\" (e.g. \"users\") or \"dataSourceId\".");
      }
      dataSource(caller, integrationId, dataSourceKey, "dataSourceKey");
      Object direction = spec.getOrDefault("direction", FieldMapping.BOTH);
      if (!List.of(FieldMapping.IMPORT, FieldMapping.EXPORT, FieldMapping.BOTH).contains(direction)) {
        throw InvalidInputException.forField("direction", "Invalid direction \"" + direction + "\": use import, export or both.");
      }
      spec.put("direction", direction);
      if (spec.containsKey("appSchema") && !(spec.get("appSchema") instanceof Map<?, ?>)) {
        throw InvalidInputException.forField("appSchema", "appSchema must be a JSON Schema object, e.g. {\"type\": \"object\","
            + " \"properties\": {\"email\": {\"type\": \"string\"}}}.");
      }
      for (String field : List.of("frozenImportFields", "frozenExportFields")) {
        if (spec.containsKey(field) && !(spec.get(field) instanceof List<?> list && list.stream().allMatch(String.class::isInstance))) {
          throw InvalidInputException.forField(field, field + " must be a list of field names.");
        }
      }
      for (String field : VALUES) {
        checkValue(field, spec.get(field));
      }
      return spec;
    }

    /** The universal field mapping's values are over unified fields: in the child they are its unified values. */
    @Override
    public Map<String, Object> derive(Map<String, Object> universal) {
      Map<String, Object> child = new LinkedHashMap<>(universal);
      child.remove("defaultImportValue");
      child.remove("defaultExportValue");
      putIfPresent(child, "unifiedImportValue", universal.getOrDefault("unifiedImportValue", universal.get("defaultImportValue")));
      putIfPresent(child, "unifiedExportValue", universal.getOrDefault("unifiedExportValue", universal.get("defaultExportValue")));
      return child;
    }
  }

  private DataSource dataSource(Caller caller, @Nullable String integrationId, String selector, String field) {
    try {
      if (integrationId != null) {
        var own = dataSources.forIntegration(caller, integrationId, selector);
        if (own.isPresent()) {
          return own.get();
        }
      }
      DataSource found = dataSources.get(caller, selector, null);
      if (integrationId == null && !found.isUniversal()) {
        throw InvalidInputException.forField(field, "A universal field mapping is bound to a universal data source;"
            + " \"" + selector + "\" belongs to one integration. Give the field mapping that integration's id.");
      }
      return found;
    } catch (NotFoundException e) {
      throw InvalidInputException.forField(field, "No data source \"" + selector + "\"" + (integrationId == null ? ""
          : " for this integration") + ". Create it first (POST /data-sources), or name another.");
    }
  }

  static void checkValue(String field, @Nullable Object value) {
    if (value == null) {
      return;
    }
    if (!(value instanceof Map<?, ?>)) {
      throw InvalidInputException.forField(field, field + " must be an object: field names with formulas ({\"email\":"
          + " {\"$var\": \"$.mail\"}}), or one formula ({\"$var\": \"$\"}).");
    }
    try {
      Formulas.evaluate(value, Map.of());
    } catch (FormulaException e) {
      throw InvalidInputException.forField(field, "Invalid formula in " + field + ": " + e.getMessage());
    }
  }

  private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
