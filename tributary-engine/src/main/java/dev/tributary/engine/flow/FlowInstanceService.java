package dev.tributary.engine.flow;

import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.datasource.DataSourceUnit;
import dev.tributary.engine.events.EventSubscriptionService;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import dev.tributary.error.TributaryException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Flow instances: one per (flow key, connection, instance key). An enabled instance holds, for
 * each data-record trigger of its flow, an event subscription (consumer {@code
 * flow-instance:<id>:<trigger node key>}) on the collection the trigger's data source points to for
 * the connection. Disabling or deleting the instance lets them go; changing the flow, or the data
 * source instance, moves them along.
 */
public final class FlowInstanceService {

  static final String CONSUMER_PREFIX = "flow-instance:";

  private final Database database;
  private final FlowService flows;
  private final ConnectionService connections;
  private final DataSourceInstanceService dataSourceInstances;
  private final EventSubscriptionService events;
  private final FlowRuns runs;
  private final Clock clock;

  FlowInstanceService(Database database, FlowService flows, ConnectionService connections,
      DataSourceInstanceService dataSourceInstances, EventSubscriptionService events, FlowRuns runs, Clock clock) {
    this.database = database;
    this.flows = flows;
    this.connections = connections;
    this.dataSourceInstances = dataSourceInstances;
    this.events = events;
    this.runs = runs;
    this.clock = clock;
  }

  /** A trigger's hold on a subscription, as the consumer id says it. */
  record Trigger(String instanceId, String nodeKey) {
    String consumerId() {
      return CONSUMER_PREFIX + instanceId + ":" + nodeKey;
    }

    static Optional<Trigger> parse(String consumerId) {
      if (!consumerId.startsWith(CONSUMER_PREFIX)) {
        return Optional.empty();
      }
      String rest = consumerId.substring(CONSUMER_PREFIX.length());
      int colon = rest.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(new Trigger(rest.substring(0, colon), rest.substring(colon + 1)));
    }
  }

  /** An instance with its flow, as the API shows it. */
  public record View(FlowInstance instance, Flow flow, Map<String, String> subscriptions) {}

  /**
   * The instance of flow {@code flowKey} for {@code connection} (id, or for a customer the
   * integration's key) and {@code instanceKey}.
   *
   * @param autoCreate create it (enabled) when it does not exist yet
   */
  public FlowInstance get(Caller caller, String connection, String flowKey, @Nullable String instanceKey, boolean autoCreate) {
    Connection owner = connections.get(caller, connection);
    Optional<FlowInstance> found = database.withHandle(handle -> byKey(handle, caller.workspaceId(), flowKey, owner.id(), key(instanceKey)));
    if (found.isPresent()) {
      return found.get();
    }
    if (!autoCreate) {
      throw new NotFoundException("No instance of flow \"" + flowKey + "\" for connection \"" + connection + "\""
          + (key(instanceKey).isEmpty() ? "" : " with instanceKey \"" + instanceKey + "\"") + ". Create it with PUT /connections/"
          + connection + "/flows/" + flowKey + ", or GET it with autoCreate=true.");
    }
    return create(caller, connection, flowKey, instanceKey);
  }

  /** Creates the instance, enabled, and subscribes its triggers; returns the existing one when there is one. */
  public FlowInstance create(Caller caller, String connection, String flowKey, @Nullable String instanceKey) {
    Connection owner = connections.get(caller, connection);
    flows.effective(caller.workspaceId(), owner.integrationId(), flowKey)
        .orElseThrow(() -> FlowService.notFound(flowKey, owner.integrationId()));
    Instant now = Rows.now(clock);
    var instance = new FlowInstance(Ids.newId(), flowKey, owner.id(), owner.customerId(), key(instanceKey), null, true, null, now, now);
    try {
      database.inTransaction(handle -> handle.createUpdate("insert into flow_instances (id, workspace_id, flow_key, connection_id,"
              + " customer_id, instance_key, enabled, created_at, updated_at) values (:id, :ws, :flow, :connection, :customer,"
              + " :key, true, :now, :now)")
          .bind("id", instance.id()).bind("ws", caller.workspaceId()).bind("flow", flowKey).bind("connection", owner.id())
          .bind("customer", owner.customerId()).bind("key", instance.instanceKey()).bind("now", Rows.time(now)).execute());
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) { // created meanwhile by another request
        return get(caller, connection, flowKey, instanceKey, false);
      }
      throw e;
    }
    return follow(caller.workspaceId(), instance);
  }

  /** Enables or disables the instance, or renames it; null leaves a value as it is. */
  public FlowInstance update(Caller caller, FlowInstance current, @Nullable Boolean enabled, @Nullable String name) {
    Instant now = Rows.now(clock);
    var updated = new FlowInstance(current.id(), current.flowKey(), current.connectionId(), current.customerId(),
        current.instanceKey(), name != null ? name : current.name(), enabled != null ? enabled : current.enabled(),
        current.error(), current.createdAt(), now);
    database.inTransaction(handle -> handle.createUpdate("update flow_instances set enabled = :enabled, name = :name,"
            + " updated_at = :now where id = :id")
        .bind("enabled", updated.enabled()).bind("name", updated.name()).bind("now", Rows.time(now)).bind("id", current.id()).execute());
    // Only a change of state moves subscriptions: re-acquiring would reset when the triggers listen from.
    return enabled != null && enabled != current.enabled() ? follow(caller.workspaceId(), updated) : updated;
  }

  /** Deletes the instance and lets its subscriptions go; its runs stay in the run log. */
  public FlowInstance delete(Caller caller, FlowInstance instance) {
    release(caller.workspaceId(), instance, Set.of());
    database.inTransaction(handle -> handle.createUpdate("delete from flow_instances where id = :id").bind("id", instance.id()).execute());
    return instance;
  }

  public FlowInstance byId(Caller caller, String id) {
    return database.withHandle(handle -> find(handle, caller.workspaceId(), id))
        .filter(instance -> visible(caller, instance))
        .orElseThrow(() -> new NotFoundException("No flow instance \"" + id + "\". List them with GET /flow-instances."));
  }

  /** Runs the instance from its api-trigger (or the trigger named) with {@code input}; disabled instances run too. */
  public FlowRun run(Caller caller, FlowInstance instance, @Nullable String trigger, @Nullable Object input) {
    Flow flow = flowOf(instance);
    String start = trigger;
    if (start == null) {
      start = flow.nodes().entrySet().stream().filter(e -> e.getValue().type().equals(FlowNode.API_TRIGGER)).map(Map.Entry::getKey)
          .findFirst().orElseThrow(() -> new InvalidInputException("The flow \"" + flow.key() + "\" has no api-trigger node to run"
              + " from. Add one (e.g. \"start\": {\"type\": \"api-trigger\", \"links\": [...]}) or name a trigger with \"nodeKey\"."));
    }
    FlowNode node = flow.nodes().get(start);
    if (node == null || !node.isTrigger()) {
      throw InvalidInputException.forField("nodeKey", "\"" + start + "\" is not a trigger of the flow \"" + flow.key()
          + "\". Its triggers: " + String.join(", ", flow.nodes().entrySet().stream().filter(e -> e.getValue().isTrigger())
              .map(Map.Entry::getKey).toList()) + ".");
    }
    FlowRun queued = runs.enqueue(caller.workspaceId(), flow, instance, start, input);
    if (queued.status().equals(FlowRun.QUEUED)) {
      runs.runNext(instance.connectionId()); // at once when the connection is idle; otherwise it waits its turn
    }
    return runs.get(caller, queued.id());
  }

  /** Filters for {@link #list}; null means any. */
  public record Filter(@Nullable String connection, @Nullable String flowKey) {}

  public Page<FlowInstance> list(Caller caller, Filter filter, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select * from flow_instances where workspace_id = :ws and id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if (caller instanceof Caller.ActingCustomer self) {
        sql.append(" and customer_id = :customer");
        bindings.put("customer", self.customerId());
      }
      if (filter.connection() != null) {
        sql.append(" and connection_id = :connection");
        bindings.put("connection", connections.get(caller, filter.connection()).id());
      }
      if (filter.flowKey() != null) {
        sql.append(" and flow_key = :flow");
        bindings.put("flow", filter.flowKey());
      }
      sql.append(" order by id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> map(rs)).list(), page, FlowInstance::id);
    });
  }

  public View view(Caller caller, FlowInstance instance) {
    Map<String, String> subscriptions = new LinkedHashMap<>();
    Flow flow = flowOf(instance);
    flow.nodes().forEach((key, node) -> {
      if (node.eventType() != null) {
        events.ofConsumer(caller, new Trigger(instance.id(), key).consumerId())
            .ifPresent(subscription -> subscriptions.put(key, subscription.id()));
      }
    });
    return new View(instance, flow, subscriptions);
  }

  /** The flow the instance runs now (its integration's copy or own flow, else the universal one). */
  Flow flowOf(FlowInstance instance) {
    return database.withHandle(handle -> {
      String workspace = handle.createQuery("select workspace_id from flow_instances where id = :id").bind("id", instance.id())
          .mapTo(String.class).findOne().orElseThrow(() -> new NotFoundException("The flow instance \"" + instance.id() + "\" was deleted."));
      return flows.effective(workspace, FlowRuns.integrationOf(handle, instance.connectionId()), instance.flowKey())
          .orElseThrow(() -> FlowService.notFound(instance.flowKey(), null));
    });
  }

  // ---- triggers and their subscriptions

  /**
   * Makes the instance's subscriptions match its flow and state: an enabled instance's
   * data-record triggers acquire the subscription of the collection their data source points to
   * now; triggers gone, and every trigger of a disabled instance, let theirs go. A trigger that
   * cannot subscribe records why on the instance.
   */
  FlowInstance follow(String workspaceId, FlowInstance instance) {
    Caller owner = Caller.customer(workspaceId, instance.customerId());
    Flow flow;
    try {
      flow = flowOf(instance);
    } catch (NotFoundException e) {
      release(workspaceId, instance, Set.of());
      return instance;
    }
    List<String> errors = new ArrayList<>();
    Set<String> kept = new java.util.HashSet<>();
    if (instance.enabled()) {
      flow.nodes().forEach((key, node) -> {
        if (node.eventType() == null) {
          return;
        }
        try {
          // A trigger's data source may depend on the instance (e.g. {"$var": "$.flowInstance.instanceKey"}).
          Object dataSource = Formulas.evaluate(node.config().get("dataSource"),
              Map.of("flowInstance", FlowExecution.flowInstance(instance)));
          DataSourceUnit unit = dataSourceInstances.resolveUnit(owner, instance.connectionId(), instance.instanceKey(), dataSource,
              "nodes." + key + ".config.dataSource");
          String consumer = new Trigger(instance.id(), key).consumerId();
          boolean same = events.ofConsumer(owner, consumer).filter(s -> s.collectionKey().equals(unit.collectionKey())
              && s.parameters().equals(unit.parameters())).isPresent();
          if (!same) { // re-acquiring an unchanged subscription would reset when the trigger listens from
            events.acquire(owner, new EventSubscriptionService.Consumer(consumer, unit.connectionId(), unit.collectionKey(),
                unit.parameters(), Set.of(Objects.requireNonNull(node.eventType())), unit.pullUpdatesIntervalSeconds(),
                unit.fullSyncIntervalSeconds()));
          }
          kept.add(key);
        } catch (TributaryException e) {
          errors.add("Trigger \"" + key + "\" cannot watch its data source: " + e.getMessage());
        }
      });
    }
    release(workspaceId, instance, kept);
    String error = errors.isEmpty() ? null : String.join(" ", errors);
    String stored = error != null && error.length() > 1900 ? error.substring(0, 1900) + "…" : error;
    database.inTransaction(handle -> handle.createUpdate("update flow_instances set error_message = :error where id = :id")
        .bind("error", stored).bind("id", instance.id()).execute());
    return new FlowInstance(instance.id(), instance.flowKey(), instance.connectionId(), instance.customerId(), instance.instanceKey(),
        instance.name(), instance.enabled(), stored, instance.createdAt(), instance.updatedAt());
  }

  private void release(String workspaceId, FlowInstance instance, Set<String> kept) {
    Caller owner = Caller.customer(workspaceId, instance.customerId());
    for (String consumer : events.consumers(CONSUMER_PREFIX + instance.id() + ":")) {
      Trigger.parse(consumer).filter(trigger -> !kept.contains(trigger.nodeKey()))
          .ifPresent(trigger -> events.release(owner, consumer));
    }
  }

  /** Every instance of a connection follows its flows and data sources again (after a data source instance changed). */
  public void followConnection(String workspaceId, String connectionId) {
    database.withHandle(handle -> handle.createQuery("select * from flow_instances where workspace_id = :ws and connection_id = :c")
            .bind("ws", workspaceId).bind("c", connectionId).map((rs, ctx) -> map(rs)).list())
        .forEach(instance -> follow(workspaceId, instance));
  }

  /** Every instance of a flow key follows the flow as it is now; instances left without a flow are deleted. */
  public void followFlow(String workspaceId, String flowKey) {
    List<FlowInstance> affected = database.withHandle(handle -> handle.createQuery("select * from flow_instances where"
            + " workspace_id = :ws and flow_key = :flow").bind("ws", workspaceId).bind("flow", flowKey).map((rs, ctx) -> map(rs)).list());
    for (FlowInstance instance : affected) {
      String integration = database.withHandle(handle -> FlowRuns.integrationOf(handle, instance.connectionId()));
      if (flows.effective(workspaceId, integration, flowKey).isEmpty()) {
        delete(Caller.admin(workspaceId), instance);
      } else {
        follow(workspaceId, instance);
      }
    }
  }

  // ---- storage

  static Optional<FlowInstance> find(Handle handle, String workspaceId, String id) {
    return handle.createQuery("select * from flow_instances where workspace_id = :ws and id = :id").bind("ws", workspaceId)
        .bind("id", id).map((rs, ctx) -> map(rs)).findOne();
  }

  private static Optional<FlowInstance> byKey(Handle handle, String workspaceId, String flowKey, String connectionId, String instanceKey) {
    return handle.createQuery("select * from flow_instances where workspace_id = :ws and flow_key = :flow and connection_id = :c"
            + " and instance_key = :key")
        .bind("ws", workspaceId).bind("flow", flowKey).bind("c", connectionId).bind("key", instanceKey).map((rs, ctx) -> map(rs)).findOne();
  }

  private static FlowInstance map(ResultSet rs) throws SQLException {
    return new FlowInstance(rs.getString("id"), rs.getString("flow_key"), rs.getString("connection_id"), rs.getString("customer_id"),
        rs.getString("instance_key"), rs.getString("name"), rs.getBoolean("enabled"), rs.getString("error_message"),
        Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "updated_at"));
  }

  private static boolean visible(Caller caller, FlowInstance instance) {
    return !(caller instanceof Caller.ActingCustomer self) || self.customerId().equals(instance.customerId());
  }

  private static String key(@Nullable String instanceKey) {
    return instanceKey == null ? "" : instanceKey;
  }
}
