package dev.tributary.engine.flow;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.datasource.DataSourceUnit;
import dev.tributary.engine.formula.FormulaException;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.mapping.RecordMapper;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.TributaryException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one flow run: from its trigger, node by node along the links whose filters hold. A node's
 * config is evaluated against {@code $.input.<nodeKey>} (the outputs of the nodes run before it)
 * and {@code $.flowInstance}; the first node that fails fails the run, and the nodes it did not
 * reach are {@code skipped}.
 */
final class FlowExecution {

  private static final Logger log = LoggerFactory.getLogger(FlowExecution.class);

  /** Saves the run's node states as they change; false when this node no longer owns the run. */
  interface Progress {
    boolean save(Map<String, FlowRun.NodeRun> nodes);
  }

  /** How a run ended. */
  record Outcome(String status, @Nullable String error, Map<String, FlowRun.NodeRun> nodes) {}

  private final DataSourceInstanceService instances;
  private final ConnectionData data;
  private final AppApi appApi;
  private final ActionRunner actions;

  FlowExecution(DataSourceInstanceService instances, ConnectionData data, AppApi appApi, ActionRunner actions) {
    this.instances = instances;
    this.data = data;
    this.appApi = appApi;
    this.actions = actions;
  }

  /** The nodes a trigger leads to (itself first), in the order a run reaches them, all {@code queued}. */
  static Map<String, FlowRun.NodeRun> plan(Flow flow, String trigger) {
    Map<String, FlowRun.NodeRun> nodes = new LinkedHashMap<>();
    Deque<String> next = new ArrayDeque<>(List.of(trigger));
    while (!next.isEmpty()) {
      String key = next.poll();
      FlowNode node = flow.nodes().get(key);
      if (node == null || nodes.containsKey(key)) {
        continue;
      }
      nodes.put(key, new FlowRun.NodeRun(node.type(), FlowRun.QUEUED, null, null, null));
      node.links().forEach(link -> next.add(link.key()));
    }
    return nodes;
  }

  Outcome run(String workspaceId, Flow flow, FlowInstance instance, FlowRun run, Progress progress) {
    Caller owner = Caller.customer(workspaceId, instance.customerId());
    Map<String, FlowRun.NodeRun> nodes = new LinkedHashMap<>(plan(flow, run.triggerNodeKey()));
    Map<String, Object> outputs = new LinkedHashMap<>();
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("input", outputs);
    variables.put("flowInstance", flowInstance(instance));
    Deque<String> next = new ArrayDeque<>(List.of(run.triggerNodeKey()));
    Set<String> reached = new HashSet<>(next);
    String error = null;
    while (!next.isEmpty() && error == null) {
      String key = next.poll();
      FlowNode node = flow.nodes().get(key);
      if (node == null) {
        continue; // the flow changed since the run was queued
      }
      Step step;
      try {
        step = node.isTrigger() ? new Step(null, run.input(), true) : step(owner, instance, key, node, variables);
      } catch (TributaryException e) {
        error = "Node \"" + key + "\" (" + node.type() + ") failed: " + e.getMessage();
        nodes.put(key, new FlowRun.NodeRun(node.type(), FlowRun.FAILED, null, null, e.getMessage()));
        break;
      } catch (RuntimeException e) {
        log.warn("Node {} of flow run {} failed unexpectedly", key, run.id(), e);
        String message = "Unexpected error (" + e.getClass().getSimpleName() + "). The server log has the details.";
        error = "Node \"" + key + "\" (" + node.type() + ") failed: " + message;
        nodes.put(key, new FlowRun.NodeRun(node.type(), FlowRun.FAILED, null, null, message));
        break;
      }
      nodes.put(key, new FlowRun.NodeRun(node.type(), FlowRun.COMPLETED, step.input(), step.output(), null));
      outputs.put(key, step.output());
      if (step.proceed()) {
        for (FlowNode.Link link : node.links()) {
          if (!reached.contains(link.key()) && follows(key, link, step.output(), variables)) {
            reached.add(link.key());
            next.add(link.key());
          }
        }
      }
      if (!progress.save(nodes)) {
        return new Outcome(FlowRun.FAILED, "This server lost the run's lease; another marked it interrupted.", nodes);
      }
    }
    nodes.replaceAll((key, node) -> node.status().equals(FlowRun.QUEUED)
        ? node.with(FlowRun.NodeRun.SKIPPED, null, null, null) : node);
    return new Outcome(error == null ? FlowRun.COMPLETED : FlowRun.FAILED, error, nodes);
  }

  private static boolean follows(String key, FlowNode.Link link, @Nullable Object output, Map<String, Object> variables) {
    if (link.filter() == null) {
      return true;
    }
    Map<String, Object> scope = new LinkedHashMap<>(variables);
    scope.put("output", output);
    try {
      return Formulas.holds(link.filter(), scope);
    } catch (FormulaException e) {
      throw new FlowNodeException("The filter of the link from \"" + key + "\" to \"" + link.key() + "\" is malformed: "
          + e.getMessage());
    }
  }

  /** What a node did: its evaluated config, its output, and whether its links are followed. */
  private record Step(@Nullable Object input, @Nullable Object output, boolean proceed) {}

  private Step step(Caller owner, FlowInstance instance, String key, FlowNode node, Map<String, Object> variables) {
    Map<String, Object> config = node.config();
    return switch (node.type()) {
      case FlowNode.TRANSFORM -> {
        Object output = evaluate(key, "output", config.get("output"), variables);
        yield new Step(Map.of(), output, true);
      }
      case FlowNode.FILTER -> {
        boolean passed;
        try {
          passed = Formulas.holds(config.get("filter"), variables);
        } catch (FormulaException e) {
          throw new FlowNodeException("config.filter is malformed: " + e.getMessage());
        }
        yield new Step(Map.of("filter", String.valueOf(config.get("filter"))), Map.of("passed", passed), passed);
      }
      case FlowNode.FIND_BY_ID -> {
        Map<String, Object> input = evaluated(key, config, variables, "dataSource", "id");
        DataSourceUnit unit = instances.resolveUnit(owner, instance.connectionId(), instance.instanceKey(), input.get("dataSource"),
            "nodes." + key + ".config.dataSource");
        String id = requiredId(input.get("id"));
        DataRecord record = data.findById(owner, unit.connectionId(), unit.collectionKey(), unit.parameters(), id, unit.udm())
            .orElseThrow(() -> new FlowNodeException("No record \"" + id + "\" in the collection \"" + unit.collectionKey()
                + "\" (it may have been deleted)."));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("record", config.get("fieldMapping") == null ? recordMap(record)
            : actions.importRecord(owner, instance, unit, config.get("fieldMapping"), record));
        yield new Step(input, output, true);
      }
      case FlowNode.CREATE -> {
        Map<String, Object> input = evaluated(key, config, variables, "dataSource", "fields");
        DataSourceUnit unit = instances.resolveUnit(owner, instance.connectionId(), instance.instanceKey(), input.get("dataSource"),
            "nodes." + key + ".config.dataSource");
        RecordMapper.Export fields = exported(owner, instance, unit, config.get("fieldMapping"), object(input.get("fields"), "fields"),
            "create");
        String id = data.create(owner, unit.connectionId(), unit.collectionKey(), unit.parameters(), fields.fields());
        yield new Step(input, Map.of("id", id, "droppedFields", fields.droppedFields()), true);
      }
      case FlowNode.UPDATE -> {
        Map<String, Object> input = evaluated(key, config, variables, "dataSource", "id", "fields");
        DataSourceUnit unit = instances.resolveUnit(owner, instance.connectionId(), instance.instanceKey(), input.get("dataSource"),
            "nodes." + key + ".config.dataSource");
        String id = requiredId(input.get("id"));
        RecordMapper.Export fields = exported(owner, instance, unit, config.get("fieldMapping"), object(input.get("fields"), "fields"),
            "update");
        String updated = data.update(owner, unit.connectionId(), unit.collectionKey(), unit.parameters(), id, fields.fields());
        yield new Step(input, Map.of("id", updated, "droppedFields", fields.droppedFields()), true);
      }
      case FlowNode.API_REQUEST -> {
        Object request = config.get("request") instanceof Map<?, ?> nested ? nested : config;
        @SuppressWarnings("unchecked")
        Map<String, Object> input = evaluated(key, (Map<String, Object>) request, variables, "method", "path", "query", "headers", "body");
        String method = input.get("method") == null ? "POST" : String.valueOf(input.get("method")).toUpperCase(Locale.ROOT);
        if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
          throw new FlowNodeException("config.method \"" + method + "\" is not one of GET, POST, PUT, PATCH, DELETE.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        object(input.get("headers"), "headers").forEach((name, value) -> headers.put(name, String.valueOf(value)));
        AppApi.Answer answer = appApi.request(owner.workspaceId(), method, input.get("path") == null ? "" : String.valueOf(input.get("path")),
            object(input.get("query"), "query"), headers, input.get("body"));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", answer.status());
        output.put("body", answer.body());
        yield new Step(input, output, true);
      }
      case FlowNode.RUN_ACTION -> {
        Map<String, Object> input = evaluated(key, config, variables, "action", "input");
        yield new Step(input, actions.run(owner, instance, input), true);
      }
      default -> throw new FlowNodeException("Nodes of type \"" + node.type() + "\" cannot run here.");
    };
  }

  /** The named config values with their formulas evaluated; other values (e.g. a field mapping's own formulas) stay as they are. */
  private static Map<String, Object> evaluated(String key, Map<String, Object> config, Map<String, Object> variables, String... names) {
    Map<String, Object> input = new LinkedHashMap<>();
    for (String name : names) {
      if (config.containsKey(name)) {
        Object value = evaluate(key, name, config.get(name), variables);
        if (value != null) {
          input.put(name, value);
        }
      }
    }
    return input;
  }

  private static @Nullable Object evaluate(String key, String name, @Nullable Object value, Map<String, Object> variables) {
    try {
      return Formulas.evaluate(value, variables);
    } catch (FormulaException e) {
      throw new FlowNodeException("config." + name + " of node \"" + key + "\" is malformed: " + e.getMessage());
    }
  }

  private static String requiredId(@Nullable Object id) {
    if (id instanceof String || id instanceof Number) {
      return String.valueOf(id);
    }
    throw new FlowNodeException("config.id gave " + (id == null ? "nothing" : "a " + id.getClass().getSimpleName())
        + "; it must give the record's id, e.g. {\"$var\": \"$.input.<trigger>.record.id\"}.");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(@Nullable Object value, String name) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new FlowNodeException("config." + name + " must give an object, not " + value.getClass().getSimpleName() + ".");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> recordMap(DataRecord record) {
    return Json.MAPPER.convertValue(record, Map.class);
  }

  /** The fields to write: as given, or (with a field mapping) the product's values exported, less what the method does not accept. */
  private RecordMapper.Export exported(Caller owner, FlowInstance instance, DataSourceUnit unit, @Nullable Object fieldMapping,
      Map<String, Object> fields, String method) {
    return fieldMapping == null ? new RecordMapper.Export(fields, List.of())
        : actions.exportFields(owner, instance, unit, fieldMapping, fields, method);
  }

  static Map<String, Object> flowInstance(FlowInstance instance) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", instance.id());
    view.put("flowKey", instance.flowKey());
    view.put("connectionId", instance.connectionId());
    view.put("userId", instance.customerId());
    view.put("instanceKey", instance.instanceKey());
    if (instance.name() != null) {
      view.put("name", instance.name());
    }
    return view;
  }
}
