package dev.tributary.engine.action;

import dev.tributary.connector.DataRecord;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.connector.Parameters;
import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.datasource.DataSourceUnit;
import dev.tributary.engine.element.ElementInstance;
import dev.tributary.engine.element.ElementService;
import dev.tributary.engine.element.InstanceSelector;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.mapping.FieldMappingInstanceService;
import dev.tributary.engine.mapping.RecordMapper;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.udm.UdmConverter;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import dev.tributary.error.TributaryException;
import dev.tributary.error.UnprocessableInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Action instances: an action for one connection (and {@code instanceKey}), and running them. A
 * shared data source ({@code config.dataSource.key}) is resolved through the connection's data
 * source instance with the same instance key on every run, so a customer's choice of collection
 * reaches every action that names the data source at once.
 */
public final class ActionInstanceService {

  public static final String READY = "READY";
  public static final String SETUP_FAILED = "SETUP_FAILED";

  private final ElementService elements;
  private final DataSourceInstanceService dataSourceInstances;
  private final FieldMappingInstanceService fieldMappingInstances;
  private final ConnectionService connections;
  private final ConnectionData data;
  private final UdmConverter udm;

  public ActionInstanceService(ActionService actions, DataSourceInstanceService dataSourceInstances,
      FieldMappingInstanceService fieldMappingInstances, ConnectionService connections, ConnectionData data, UdmConverter udm) {
    this.elements = actions.elements();
    this.dataSourceInstances = dataSourceInstances;
    this.fieldMappingInstances = fieldMappingInstances;
    this.connections = connections;
    this.data = data;
    this.udm = udm;
  }

  /**
   * An instance as the API shows it.
   *
   * @param state {@code READY}, or {@code SETUP_FAILED} when what it depends on is missing ({@code errors} say what)
   */
  public record View(ElementInstance instance, Action action, String state, List<Map<String, Object>> errors) {}

  /**
   * What a run gave.
   *
   * @param output per type: {@code {records, cursor?}} for list and search, {@code {record}} for
   *     find by id, {@code {record?}} for match, {@code {id, droppedFields}} for create and update,
   *     {@code {id, created, record?, droppedFields?}} for find or create, {@code {id}} for delete
   */
  public record Run(String actionInstanceId, Map<String, Object> input, Map<String, Object> output) {}

  public Page<ElementInstance> list(Caller caller, ElementService.InstanceFilter filter, PageRequest page) {
    return elements.listInstances(caller, filter, page);
  }

  public ElementInstance get(Caller caller, InstanceSelector selector, boolean autoCreate) {
    return elements.instance(caller, selector, autoCreate);
  }

  public ElementInstance create(Caller caller, InstanceSelector selector) {
    return elements.createInstance(caller, selector);
  }

  public ElementInstance reset(Caller caller, InstanceSelector selector) {
    return elements.configure(caller, selector, Map.of());
  }

  public ElementInstance archive(Caller caller, InstanceSelector selector) {
    return elements.archiveInstance(caller, selector);
  }

  public ElementInstance restore(Caller caller, InstanceSelector selector) {
    return elements.restoreInstance(caller, selector);
  }

  public Action actionOf(Caller caller, ElementInstance instance) {
    return Action.of(elements.elementOf(caller, instance));
  }

  /** The instance with its state: its shared data source and field mapping must resolve for its connection. */
  public View view(Caller caller, ElementInstance instance) {
    Action action = actionOf(caller, instance);
    List<Map<String, Object>> errors = new ArrayList<>();
    Map<String, Object> dataSource = object(action.config().get("dataSource"));
    Map<String, Object> fieldMapping = object(action.config().get("fieldMapping"));
    try {
      if (dataSource.get("key") instanceof String key) {
        dataSourceInstances.resolve(caller, dev.tributary.engine.datasource.InstanceSelector.of(key, instance.connectionId(),
            instance.instanceKey()));
      }
      if (fieldMapping.get("key") instanceof String key) {
        fieldMappingInstances.get(caller, InstanceSelector.of(key, instance.connectionId(), instance.instanceKey()), true);
      }
    } catch (TributaryException e) {
      errors.add(Map.of("type", "dependency", "message", String.valueOf(e.getMessage())));
    }
    return new View(instance, action, errors.isEmpty() ? READY : SETUP_FAILED, errors);
  }

  /**
   * Runs the action for the instance's connection (the instance is created when it does not
   * exist yet): checks {@code input} against the action's {@code inputSchema}, evaluates its
   * config with {@code {input, connection, instanceKey}}, and calls the collection.
   *
   * @throws UnprocessableInputException when the input does not satisfy the inputSchema, naming each field
   */
  public Run run(Caller caller, InstanceSelector selector, Map<String, Object> input) {
    ElementInstance instance = elements.instance(caller, selector, true);
    Action action = actionOf(caller, instance);
    var problems = Parameters.validate(action.inputSchema(), input, "input");
    if (!problems.isEmpty()) {
      List<String> messages = new ArrayList<>();
      problems.forEach((field, list) -> messages.add(field + ": " + String.join(" ", list)));
      throw new UnprocessableInputException("Invalid input for action \"" + action.key() + "\". " + String.join(" ", messages)
          + " The input is described by the action's inputSchema.", problems);
    }
    Connection connection = connections.get(caller, instance.connectionId());
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("input", input);
    variables.put("connection", Map.of("id", connection.id(), "integrationId", connection.integrationId()));
    variables.put("instanceKey", instance.instanceKey());
    Map<String, Object> config = evaluateConfig(action.config(), variables);
    DataSourceUnit target = dataSourceInstances.resolveUnit(caller, instance.connectionId(), instance.instanceKey(),
        config.get("dataSource"), "config.dataSource");
    Map<String, Object> fieldMapping = object(config.get("fieldMapping"));
    RecordMapper mapper = mapper(caller, instance, target, fieldMapping);
    boolean includeRawFields = Boolean.TRUE.equals(fieldMapping.get("includeRawFields"));
    Map<String, Object> output = new LinkedHashMap<>();
    switch (action.type()) {
      case "list-data-records" -> {
        RecordPage page = data.list(caller, target.connectionId(), target.collectionKey(), target.parameters(),
            object(config.get("filter")), text(config.get("cursor")));
        output.put("records", page.records().stream().map(record -> read(mapper, record, includeRawFields)).toList());
        putIfPresent(output, "cursor", page.cursor());
      }
      case "search-data-records" -> {
        RecordPage page = data.search(caller, target.connectionId(), target.collectionKey(), target.parameters(),
            required(config, "query"), text(config.get("cursor")));
        output.put("records", page.records().stream().map(record -> read(mapper, record, includeRawFields)).toList());
        putIfPresent(output, "cursor", page.cursor());
      }
      case "find-data-record-by-id" -> {
        String id = required(config, "id");
        DataRecord record = data.findById(caller, target.connectionId(), target.collectionKey(), target.parameters(), id)
            .orElseThrow(() -> new NotFoundException("The collection \"" + target.collectionKey() + "\" has no record \"" + id + "\"."));
        output.put("record", read(mapper, record, includeRawFields));
      }
      case "match-data-record" -> data.match(caller, target.connectionId(), target.collectionKey(), target.parameters(),
          object(config.get("query"))).ifPresent(record -> output.put("record", read(mapper, record, includeRawFields)));
      case "create-data-record" -> {
        RecordMapper.Export fields = fields(caller, target, mapper, config, input, "create");
        output.put("id", data.create(caller, target.connectionId(), target.collectionKey(), target.parameters(), fields.fields()));
        output.put("droppedFields", fields.droppedFields());
      }
      case "find-or-create-data-record" -> {
        Optional<DataRecord> found = data.match(caller, target.connectionId(), target.collectionKey(), target.parameters(),
            object(config.get("query")));
        if (found.isPresent()) {
          output.put("id", found.get().id());
          output.put("created", false);
          output.put("record", read(mapper, found.get(), includeRawFields));
        } else {
          RecordMapper.Export fields = fields(caller, target, mapper, config, input, "create");
          output.put("id", data.create(caller, target.connectionId(), target.collectionKey(), target.parameters(), fields.fields()));
          output.put("created", true);
          output.put("droppedFields", fields.droppedFields());
        }
      }
      case "update-data-record" -> {
        String id = required(config, "id");
        RecordMapper.Export fields = fields(caller, target, mapper, config, input, "update");
        output.put("id", data.update(caller, target.connectionId(), target.collectionKey(), target.parameters(), id, fields.fields()));
        output.put("droppedFields", fields.droppedFields());
      }
      case "delete-data-record" -> {
        String id = required(config, "id");
        data.delete(caller, target.connectionId(), target.collectionKey(), target.parameters(), id);
        output.put("id", id);
      }
      default -> throw new IllegalStateException("unknown action type " + action.type());
    }
    return new Run(instance.id(), input, output);
  }

  private @Nullable RecordMapper mapper(Caller caller, ElementInstance instance, DataSourceUnit target, Map<String, Object> fieldMapping) {
    Object importValue = fieldMapping.get("importValue");
    Object exportValue = fieldMapping.get("exportValue");
    if (fieldMapping.get("key") instanceof String key) {
      return fieldMappingInstances.prepare(caller, InstanceSelector.of(key, instance.connectionId(), instance.instanceKey()),
          new RecordMapper.Values(importValue, null, exportValue, null)).mapper();
    }
    if (importValue == null && exportValue == null) {
      return null;
    }
    return fieldMappingInstances.mapper(caller, target.connectionId(), target.collectionKey(), target.parameters(), target.udm(),
        new RecordMapper.Values(importValue, null, exportValue, null));
  }

  /**
   * The fields to write: {@code fieldMapping.defaultValue} (collection fields), {@code
   * defaultUnifiedValue} (unified fields, converted), the product value ({@code fieldMapping.input},
   * else the run's input) exported through the field mapping, and {@code config.fields}; later
   * ones win. Fields the method does not accept are left out and named.
   */
  private RecordMapper.Export fields(Caller caller, DataSourceUnit target, @Nullable RecordMapper mapper, Map<String, Object> config,
      Map<String, Object> input, String method) {
    Map<String, Object> fieldMapping = object(config.get("fieldMapping"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.putAll(object(fieldMapping.getOrDefault("defaultValue", fieldMapping.get("default"))));
    if (fieldMapping.get("defaultUnifiedValue") != null) {
      if (target.udm() == null) {
        throw InvalidInputException.forField("config.fieldMapping.defaultUnifiedValue", "defaultUnifiedValue needs a data source"
            + " bound to a Universal Data Model (udm); this action's collection \"" + target.collectionKey() + "\" has none.");
      }
      UdmConverter.Route route = data.udmRoute(caller, target.connectionId(), target.collectionKey(), target.parameters(),
          target.udm()).orElseThrow(() -> new InvalidInputException("The collection \"" + target.collectionKey()
              + "\" does not map to the Universal Data Model \"" + target.udm() + "\", so defaultUnifiedValue cannot be"
              + " converted. Point the data source to a collection that maps to it."));
      fields.putAll(udm.toNative(route, object(fieldMapping.get("defaultUnifiedValue"))));
    }
    if (mapper != null) {
      fields.putAll(mapper.exportRecord(object(fieldMapping.getOrDefault("input", input)), null).fields());
    }
    fields.putAll(object(config.get("fields")));
    return RecordMapper.dropUnwritable(fields, data.writableFields(caller, target.connectionId(), target.collectionKey(),
        target.parameters(), method));
  }

  /** The config with its formulas evaluated; a field mapping's own values stay formulas, for the records. */
  private static Map<String, Object> evaluateConfig(Map<String, Object> config, Map<String, Object> variables) {
    Map<String, Object> rest = new LinkedHashMap<>(config);
    Map<String, Object> fieldMapping = new LinkedHashMap<>(object(rest.remove("fieldMapping")));
    Object importValue = fieldMapping.remove("importValue");
    Object exportValue = fieldMapping.remove("exportValue");
    Map<String, Object> evaluated = new LinkedHashMap<>(object(Formulas.evaluate(rest, variables)));
    Map<String, Object> mapping = new LinkedHashMap<>(object(Formulas.evaluate(fieldMapping, variables)));
    putIfPresent(mapping, "importValue", importValue);
    putIfPresent(mapping, "exportValue", exportValue);
    evaluated.put("fieldMapping", mapping);
    return evaluated;
  }

  private static Map<String, Object> read(@Nullable RecordMapper mapper, DataRecord record, boolean includeRawFields) {
    DataRecord mapped = mapper == null ? record : mapper.importRecord(record, includeRawFields);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", mapped.id());
    putIfPresent(view, "name", mapped.name());
    putIfPresent(view, "uri", mapped.uri());
    view.put("fields", mapped.fields());
    putIfPresent(view, "rawFields", includeRawFields ? (mapper == null ? record.fields() : mapped.rawFields()) : null);
    putIfPresent(view, "unifiedFields", mapped.unifiedFields());
    putIfPresent(view, "createdTime", mapped.createdTime() == null ? null : mapped.createdTime().toString());
    putIfPresent(view, "updatedTime", mapped.updatedTime() == null ? null : mapped.updatedTime().toString());
    return view;
  }

  private static String required(Map<String, Object> config, String field) {
    String value = text(config.get(field));
    if (value == null || value.isBlank()) {
      throw InvalidInputException.forField("config." + field, "The action's config." + field + " gave no value for this run."
          + " Pass it in the input (e.g. {\"" + field + "\": …}) when config." + field + " reads $.input." + field + ".");
    }
    return value;
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : String.valueOf(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(@Nullable Object value) {
    return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
