package dev.tributary.engine.action;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tributary.engine.datasource.DataSourceService;
import dev.tributary.engine.element.ElementKind;
import dev.tributary.engine.element.ElementService;
import dev.tributary.engine.formula.FormulaException;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.mapping.FieldMappingService;
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
 * Actions: universal ones (applied to every integration, each getting a child that an admin may
 * customise) and an integration's own. The spec fields: {@code type}, {@code inputSchema}, {@code
 * config} (see {@link Action}).
 */
public final class ActionService {

  static final Set<String> SPEC_FIELDS = Set.of("type", "inputSchema", "config");
  static final Set<String> DATA_SOURCE_FIELDS = Set.of("key", "collectionKey", "collectionParameters", "udm", "path",
      "defaultPath", "pullUpdatesIntervalSeconds", "fullSyncIntervalSeconds");
  static final Set<String> FIELD_MAPPING_FIELDS = Set.of("key", "input", "includeRawFields", "importValue", "exportValue",
      "default", "defaultUnifiedValue", "defaultValue", "appSchema");
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final ElementService elements;
  private final DataSourceService dataSources;
  private final FieldMappingService fieldMappings;

  public ActionService(Database database, IntegrationService integrations, ConnectionService connections,
      DataSourceService dataSources, FieldMappingService fieldMappings, Clock clock) {
    this.dataSources = dataSources;
    this.fieldMappings = fieldMappings;
    this.elements = new ElementService(database, integrations, connections, ElementKind.ACTION, this::check, clock);
  }

  /** The layers underneath: what the REST routes and the instances work with. */
  public ElementService elements() {
    return elements;
  }

  public Page<Action> list(Caller caller, ElementService.Filter filter, PageRequest page) {
    return elements.list(caller, filter, page).map(Action::of);
  }

  public Action get(Caller caller, String selector, @Nullable String integration) {
    return Action.of(elements.get(caller, selector, integration));
  }

  /**
   * @param integration the integration (id or key); null for a universal action
   * @param spec {@code type}, {@code inputSchema}, {@code config}
   */
  public Action create(Caller caller, @Nullable String key, @Nullable String name, @Nullable String integration,
      Map<String, Object> spec) {
    return Action.of(elements.create(caller, key, name, integration, spec));
  }

  /** Changes the given spec fields (a null value removes one); see {@link ElementService#update}. */
  public Action update(Caller caller, String selector, @Nullable String integration, @Nullable String key, @Nullable String name,
      Map<String, Object> changes) {
    return Action.of(elements.update(caller, selector, integration, key, name, changes));
  }

  public Action reset(Caller caller, String selector, @Nullable String integration) {
    return Action.of(elements.reset(caller, selector, integration));
  }

  public List<Action> apply(Caller caller, String selector, List<String> integrations) {
    return elements.apply(caller, selector, integrations).stream().map(Action::of).toList();
  }

  public Action archive(Caller caller, String selector, @Nullable String integration) {
    return Action.of(elements.archive(caller, selector, integration));
  }

  public Action restore(Caller caller, String id) {
    return Action.of(elements.restore(caller, id));
  }

  private Map<String, Object> check(Caller caller, @Nullable String integrationId, Map<String, Object> given) {
    Map<String, Object> spec = new LinkedHashMap<>(given);
    for (String field : spec.keySet()) {
      if (!SPEC_FIELDS.contains(field)) {
        throw InvalidInputException.forField(field, "An action has no field \"" + field + "\". Its fields: "
            + String.join(", ", new TreeSet<>(SPEC_FIELDS)) + ".");
      }
    }
    if (!(spec.get("type") instanceof String type) || !Action.TYPES.contains(type)) {
      throw InvalidInputException.forField("type", "Invalid action type " + (spec.get("type") == null ? "(missing)"
          : "\"" + spec.get("type") + "\"") + ": use one of " + String.join(", ", Action.TYPES) + ".");
    }
    Object inputSchema = spec.getOrDefault("inputSchema", Map.of());
    if (!(inputSchema instanceof Map<?, ?>)) {
      throw InvalidInputException.forField("inputSchema", "inputSchema must be a JSON Schema object, e.g. {\"type\": \"object\","
          + " \"properties\": {\"id\": {\"type\": \"string\"}}, \"required\": [\"id\"]}.");
    }
    try {
      SCHEMAS.getSchema(Json.MAPPER.valueToTree(inputSchema)).validate(Json.MAPPER.valueToTree(Map.of()));
    } catch (RuntimeException e) {
      throw InvalidInputException.forField("inputSchema", "inputSchema is not a usable JSON Schema: " + e.getMessage());
    }
    Map<String, Object> config = map(spec.getOrDefault("config", Map.of()), "config");
    Map<String, Object> dataSource = map(config.get("dataSource"), "config.dataSource");
    fieldsOf(dataSource, DATA_SOURCE_FIELDS, "config.dataSource");
    if (!dataSource.containsKey("key") && !dataSource.containsKey("collectionKey") && !dataSource.containsKey("udm")
        && !dataSource.containsKey("path")) {
      throw InvalidInputException.forField("config.dataSource", "A " + spec.get("type") + " action needs config.dataSource:"
          + " a shared data source ({\"key\": \"users\"}) or a collection ({\"collectionKey\": \"issues\","
          + " \"collectionParameters\": {…}} or {\"udm\": \"tasks\"}).");
    }
    if (dataSource.get("key") instanceof String key) {
      requireExists(() -> integrationId != null && dataSources.forIntegration(caller, integrationId, key).isPresent()
          || dataSources.get(caller, key, null) != null, "config.dataSource.key", "data source", key);
    }
    Map<String, Object> fieldMapping = map(config.get("fieldMapping"), "config.fieldMapping");
    fieldsOf(fieldMapping, FIELD_MAPPING_FIELDS, "config.fieldMapping");
    if (fieldMapping.get("key") instanceof String key) {
      requireExists(() -> fieldMappings.get(caller, key, integrationId) != null, "config.fieldMapping.key", "field mapping", key);
    }
    try {
      Formulas.evaluate(config, Map.of());
    } catch (FormulaException e) {
      throw InvalidInputException.forField("config", "Invalid formula in config: " + e.getMessage());
    }
    spec.put("inputSchema", inputSchema);
    spec.put("config", config);
    return spec;
  }

  private static void fieldsOf(Map<String, Object> object, Set<String> known, String path) {
    for (String field : object.keySet()) {
      if (!known.contains(field)) {
        throw InvalidInputException.forField(path + "." + field, path + " has no field \"" + field + "\". Its fields: "
            + String.join(", ", new TreeSet<>(known)) + ".");
      }
    }
  }

  private static void requireExists(java.util.function.BooleanSupplier exists, String field, String noun, String key) {
    boolean found;
    try {
      found = exists.getAsBoolean();
    } catch (NotFoundException e) {
      found = false;
    }
    if (!found) {
      throw InvalidInputException.forField(field, "No " + noun + " \"" + key + "\". Create it first, or name another.");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(@Nullable Object value, String field) {
    if (value == null) {
      return new LinkedHashMap<>();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw InvalidInputException.forField(field, field + " must be an object.");
    }
    return new LinkedHashMap<>((Map<String, Object>) map);
  }
}
