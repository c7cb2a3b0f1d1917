package dev.tributary.engine.flow;

import dev.tributary.engine.events.DataEvent;
import dev.tributary.engine.events.EventSubscriptionService;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.DatabaseKind;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flow runs: launched from the event log, queued per connection, run one at a time per
 * connection, and kept as the run log.
 *
 * <p>Launching is exactly once per (event, flow instance, trigger node): a run row is unique on
 * those three, and it is written in the transaction that marks the event as looked at (with the
 * ids of the runs it launched), so a crash or a second node can neither lose nor repeat a launch.
 * A connection's queue holds at most {@link #maxQueuedPerConnection} runs; a run launched beyond
 * that is recorded as failed ("dropped") with an error saying so, never silently lost.
 *
 * <p>At most one run of a connection runs at a time across every node sharing the database: a
 * node claims the next run with a lease while holding the connection's row lock, and renews the
 * lease after every node of the run. A run whose lease expired (its server stopped) is marked
 * failed, not run again: its nodes may have had effects.
 */
public final class FlowRuns implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FlowRuns.class);

  /** The default bound of a connection's queue of runs (as the reference's per-connection limit). */
  public static final int DEFAULT_MAX_QUEUED_PER_CONNECTION = 10_000;
  /** How long a running run's claim lasts without progress; every finished node renews it. */
  static final Duration LEASE = Duration.ofMinutes(5);
  static final int BATCH = 100;
  static final String INTERRUPTED = "Interrupted: the server running this flow run stopped before it finished. Its"
      + " nodes may have run in part; it is not run again. Run the flow again through the API if needed.";

  private final Database database;
  private final FlowService flows;
  private final FlowExecution execution;
  private final Clock clock;
  private volatile int maxQueuedPerConnection = DEFAULT_MAX_QUEUED_PER_CONNECTION;
  private @Nullable ScheduledExecutorService runner;

  FlowRuns(Database database, FlowService flows, FlowExecution execution, Clock clock) {
    this.database = database;
    this.flows = flows;
    this.execution = execution;
    this.clock = clock;
  }

  /** How many runs one connection may have waiting (default {@value #DEFAULT_MAX_QUEUED_PER_CONNECTION}). */
  public void maxQueuedPerConnection(int runs) {
    if (runs < 1) {
      throw new IllegalArgumentException("A connection's flow-run queue must hold at least one run, not " + runs);
    }
    this.maxQueuedPerConnection = runs;
  }

  // ---- the run log

  /** Runs, newest first; filtered by flow instance and/or connection. A customer sees only its own. */
  public Page<FlowRun> list(Caller caller, @Nullable String flowInstanceId, @Nullable String connectionId, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select * from flow_runs where workspace_id = :ws");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if (page.afterId() != null) {
        sql.append(" and id < :after");
        bindings.put("after", page.afterId());
      }
      if (caller instanceof Caller.ActingCustomer self) {
        sql.append(" and customer_id = :customer");
        bindings.put("customer", self.customerId());
      }
      if (flowInstanceId != null) {
        sql.append(" and flow_instance_id = :instance");
        bindings.put("instance", flowInstanceId);
      }
      if (connectionId != null) {
        sql.append(" and connection_id = :connection");
        bindings.put("connection", connectionId);
      }
      sql.append(" order by id desc limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId()).bindMap(bindings)
          .bind("limit", page.limit() + 1).map((rs, ctx) -> map(rs)).list(), page, FlowRun::id);
    });
  }

  public FlowRun get(Caller caller, String id) {
    return database.withHandle(handle -> find(handle, caller.workspaceId(), id))
        .filter(run -> !(caller instanceof Caller.ActingCustomer self) || self.customerId().equals(run.customerId()))
        .orElseThrow(() -> new NotFoundException("No flow run \"" + id + "\". List runs with GET /flow-runs?flowInstanceId=…."));
  }

  // ---- launching

  /** Queues a run of {@code instance} from {@code trigger} (a run through the API when {@code eventId} is null). */
  FlowRun enqueue(String workspaceId, Flow flow, FlowInstance instance, String trigger, @Nullable Object input) {
    String id = database.inTransaction(handle -> enqueue(handle, workspaceId, flow, instance, trigger, null, input));
    return find(workspaceId, id);
  }

  private String enqueue(Handle handle, String workspaceId, Flow flow, FlowInstance instance, String trigger,
      @Nullable String eventId, @Nullable Object input) {
    Instant now = Rows.now(clock);
    int queued = handle.createQuery("select count(*) from flow_runs where status = 'queued' and connection_id = :c")
        .bind("c", instance.connectionId()).mapTo(Integer.class).one();
    boolean full = queued >= maxQueuedPerConnection;
    Map<String, FlowRun.NodeRun> nodes = FlowExecution.plan(flow, trigger);
    if (full) {
      nodes.replaceAll((key, node) -> node.with(FlowRun.NodeRun.SKIPPED, null, null, null));
    }
    String id = Ids.newId();
    handle.createUpdate("insert into flow_runs (id, workspace_id, flow_instance_id, flow_key, connection_id, customer_id,"
            + " trigger_node_key, event_id, input, status, error_message, node_runs, created_at, finished_at) values (:id, :ws,"
            + " :instance, :flow, :connection, :customer, :trigger, :event, :input, :status, :error, :nodes, :now, :finished)")
        .bind("id", id).bind("ws", workspaceId).bind("instance", instance.id()).bind("flow", instance.flowKey())
        .bind("connection", instance.connectionId()).bind("customer", instance.customerId()).bind("trigger", trigger)
        .bind("event", eventId).bind("input", Json.write(input)).bind("status", full ? FlowRun.FAILED : FlowRun.QUEUED)
        .bind("error", full ? "Dropped: the connection already has " + queued + " flow runs waiting, the most its queue holds"
            + " (setting maxQueuedFlowRunsPerConnection). Nothing of this run was done; raise the setting or slow the triggers"
            + " (e.g. a longer pull interval), then run it again through the API." : null)
        .bind("nodes", writeNodes(nodes)).bind("now", Rows.time(now)).bind("finished", full ? Rows.time(now) : null).execute();
    if (full) {
      log.warn("Dropped a run of flow instance {}: the queue of connection {} is full ({} runs)", instance.id(),
          instance.connectionId(), queued);
    }
    return id;
  }

  /**
   * Turns the events no flow has looked at yet into runs: each enabled flow instance whose trigger
   * subscribed (before the event) to the event's subscription and type gets one run. Returns the
   * runs launched. One node does this at a time.
   */
  public int dispatchEvents() {
    Instant now = Rows.now(clock);
    boolean claimed = database.inTransaction(handle -> handle.createUpdate("update flow_dispatch set lease_until = :until"
            + " where id = 'events' and (lease_until is null or lease_until <= :now)")
        .bind("until", Rows.time(now.plus(LEASE))).bind("now", Rows.time(now)).execute() == 1);
    if (!claimed) {
      return 0;
    }
    int launched = 0;
    try {
      while (true) {
        List<Pending> batch = database.withHandle(handle -> handle.createQuery("select * from event_log"
                + " where flows_dispatched = false order by id limit :limit")
            .bind("limit", BATCH).map((rs, ctx) -> new Pending(rs.getString("workspace_id"), EventSubscriptionService.event(rs)))
            .list());
        if (batch.isEmpty()) {
          return launched;
        }
        for (Pending pending : batch) {
          launched += database.inTransaction(handle -> dispatch(handle, pending.workspaceId(), pending.event()));
        }
        database.inTransaction(handle -> handle.createUpdate("update flow_dispatch set lease_until = :until where id = 'events'")
            .bind("until", Rows.time(Rows.now(clock).plus(LEASE))).execute());
      }
    } finally {
      database.inTransaction(handle -> handle.createUpdate("update flow_dispatch set lease_until = null where id = 'events'").execute());
    }
  }

  private record Pending(String workspaceId, DataEvent event) {}

  private int dispatch(Handle handle, String workspaceId, DataEvent event) {
    List<String> runs = new ArrayList<>();
    record Consumer(String id, List<String> types, Instant since) {}
    List<Consumer> consumers = handle.createQuery("select consumer_id, event_types, created_at from"
            + " event_subscription_consumers where subscription_id = :s and consumer_id like :prefix order by consumer_id")
        .bind("s", event.subscriptionId()).bind("prefix", FlowInstanceService.CONSUMER_PREFIX + "%")
        .map((rs, ctx) -> new Consumer(rs.getString("consumer_id"), List.of(rs.getString("event_types").split(",")),
            Rows.requiredInstant(rs, "created_at")))
        .list();
    for (Consumer consumer : consumers) {
      // A trigger enabled after the event was written does not run for it.
      if (!consumer.types().contains(event.type()) || consumer.since().isAfter(event.createdAt())) {
        continue;
      }
      Optional<FlowInstanceService.Trigger> trigger = FlowInstanceService.Trigger.parse(consumer.id());
      Optional<FlowInstance> instance = trigger.flatMap(t -> FlowInstanceService.find(handle, workspaceId, t.instanceId()))
          .filter(FlowInstance::enabled);
      if (instance.isEmpty()) {
        continue;
      }
      Optional<Flow> flow = flows.effective(workspaceId, integrationOf(handle, instance.get().connectionId()), instance.get().flowKey());
      FlowNode node = flow.map(f -> f.nodes().get(trigger.get().nodeKey())).orElse(null);
      if (node == null || !event.type().equals(node.eventType())) {
        continue;
      }
      Map<String, Object> input = new LinkedHashMap<>();
      input.put("type", event.type().substring("data-record-".length()));
      input.put("record", event.record());
      input.put("eventId", event.id());
      runs.add(enqueue(handle, workspaceId, flow.get(), instance.get(), trigger.get().nodeKey(), event.id(), input));
    }
    handle.createUpdate("update event_log set flows_dispatched = true, launched_flow_run_ids = :runs where id = :id")
        .bind("runs", runs.isEmpty() ? null : String.join(",", runs)).bind("id", event.id()).execute();
    return runs.size();
  }

  static String integrationOf(Handle handle, String connectionId) {
    return handle.createQuery("select integration_id from connections where id = :id").bind("id", connectionId)
        .mapTo(String.class).one();
  }

  // ---- running

  /** Runs queued runs, one connection's at a time, until none can be claimed. Returns the runs finished. */
  public int runQueued() {
    failExpired();
    List<String> connections = database.withHandle(handle -> handle.createQuery("select distinct connection_id from flow_runs"
        + " where status = 'queued'").mapTo(String.class).list());
    int finished = 0;
    boolean progress = true;
    while (progress) {
      progress = false;
      for (String connection : connections) {
        if (runNext(connection)) {
          finished++;
          progress = true;
        }
      }
    }
    return finished;
  }

  /** Marks runs whose server stopped (their lease expired) as failed; they are not run again. */
  private void failExpired() {
    Instant now = Rows.now(clock);
    database.inTransaction(handle -> handle.createUpdate("update flow_runs set status = 'failed', error_message = :error,"
            + " finished_at = :now, lease_owner = null, lease_until = null where status = 'running' and lease_until <= :now")
        .bind("error", INTERRUPTED).bind("now", Rows.time(now)).execute());
  }

  /** Runs the connection's next queued run when none of its runs is running; false when there was nothing to do. */
  boolean runNext(String connectionId) {
    String owner = Ids.newId();
    Optional<FlowRun> claimed = claim(connectionId, owner);
    if (claimed.isEmpty()) {
      return false;
    }
    FlowRun run = claimed.get();
    String workspaceId = database.withHandle(handle -> handle.createQuery("select workspace_id from flow_runs where id = :id")
        .bind("id", run.id()).mapTo(String.class).one());
    FlowExecution.Outcome outcome;
    Optional<FlowInstance> instance = database.withHandle(handle -> FlowInstanceService.find(handle, workspaceId, run.flowInstanceId()));
    Optional<Flow> flow = instance.flatMap(found -> flows.effective(workspaceId,
        database.withHandle(handle -> integrationOf(handle, found.connectionId())), found.flowKey()));
    if (instance.isEmpty() || flow.isEmpty()) {
      outcome = new FlowExecution.Outcome(FlowRun.FAILED, "The flow instance or its flow was deleted before the run started.",
          run.nodes());
    } else {
      outcome = execution.run(workspaceId, flow.get(), instance.get(), run, nodes -> renew(run.id(), owner, nodes));
    }
    Instant now = Rows.now(clock);
    database.inTransaction(handle -> handle.createUpdate("update flow_runs set status = :status, error_message = :error,"
            + " node_runs = :nodes, finished_at = :now, lease_owner = null, lease_until = null where id = :id and lease_owner = :owner")
        .bind("status", outcome.status()).bind("error", truncate(outcome.error())).bind("nodes", writeNodes(outcome.nodes()))
        .bind("now", Rows.time(now)).bind("id", run.id()).bind("owner", owner).execute());
    return true;
  }

  private Optional<FlowRun> claim(String connectionId, String owner) {
    Instant now = Rows.now(clock);
    return database.inTransaction(handle -> {
      // The connection's row lock makes the check and the claim one step across nodes.
      handle.createQuery("select id from connections where id = :c for update").bind("c", connectionId).mapTo(String.class).findOne();
      handle.createUpdate("update flow_runs set status = 'failed', error_message = :error, finished_at = :now, lease_owner = null,"
              + " lease_until = null where connection_id = :c and status = 'running' and lease_until <= :now")
          .bind("error", INTERRUPTED).bind("now", Rows.time(now)).bind("c", connectionId).execute();
      int running = handle.createQuery("select count(*) from flow_runs where connection_id = :c and status = 'running'")
          .bind("c", connectionId).mapTo(Integer.class).one();
      if (running > 0) {
        return Optional.<FlowRun>empty();
      }
      Optional<String> next = handle.createQuery("select id from flow_runs where connection_id = :c and status = 'queued'"
          + " order by id limit 1").bind("c", connectionId).mapTo(String.class).findOne();
      if (next.isEmpty()) {
        return Optional.<FlowRun>empty();
      }
      handle.createUpdate("update flow_runs set status = 'running', lease_owner = :owner, lease_until = :until, started_at = :now"
              + " where id = :id and status = 'queued'")
          .bind("owner", owner).bind("until", Rows.time(now.plus(LEASE))).bind("now", Rows.time(now)).bind("id", next.get()).execute();
      return handle.createQuery("select * from flow_runs where id = :id").bind("id", next.get()).map((rs, ctx) -> map(rs)).findOne();
    });
  }

  private boolean renew(String runId, String owner, Map<String, FlowRun.NodeRun> nodes) {
    return database.inTransaction(handle -> handle.createUpdate("update flow_runs set node_runs = :nodes, lease_until = :until"
            + " where id = :id and lease_owner = :owner")
        .bind("nodes", writeNodes(nodes)).bind("until", Rows.time(Rows.now(clock).plus(LEASE))).bind("id", runId)
        .bind("owner", owner).execute() == 1);
  }

  /**
   * Recovers from a server that stopped during runs; the server calls it when it starts. On the
   * embedded H2 database this server is the only one using the store, so every running run is left
   * over from a stopped process; with PostgreSQL only runs whose lease expired are. Such runs are
   * marked failed ("interrupted"), and the dispatch lease is freed.
   */
  public void recoverInterruptedRuns() {
    Instant now = Rows.now(clock);
    boolean alone = database.kind() == DatabaseKind.H2;
    database.inTransaction(handle -> {
      handle.createUpdate("update flow_runs set status = 'failed', error_message = :error, finished_at = :now, lease_owner = null,"
              + " lease_until = null where status = 'running'" + (alone ? "" : " and lease_until <= :now"))
          .bind("error", INTERRUPTED).bind("now", Rows.time(now)).execute();
      if (alone) {
        handle.createUpdate("update flow_dispatch set lease_until = null").execute();
      }
      return null;
    });
  }

  /** Launches and runs flows on this node: looks for new events and queued runs every {@code every}. */
  public synchronized void start(Duration every) {
    if (runner == null) {
      runner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("flow-runs").daemon().factory());
      runner.scheduleWithFixedDelay(() -> {
        try {
          dispatchEvents();
          runQueued();
        } catch (RuntimeException e) {
          log.warn("Running flows failed: {}", e.getMessage());
        }
      }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (runner != null) {
      runner.shutdownNow();
      try {
        runner.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      runner = null;
    }
  }

  // ---- storage

  private FlowRun find(String workspaceId, String id) {
    return database.withHandle(handle -> find(handle, workspaceId, id)).orElseThrow();
  }

  private static Optional<FlowRun> find(Handle handle, String workspaceId, String id) {
    return handle.createQuery("select * from flow_runs where workspace_id = :ws and id = :id").bind("ws", workspaceId).bind("id", id)
        .map((rs, ctx) -> map(rs)).findOne();
  }

  private static String writeNodes(Map<String, FlowRun.NodeRun> nodes) {
    return Json.write(nodes);
  }

  private static FlowRun map(ResultSet rs) throws SQLException {
    Map<String, FlowRun.NodeRun> nodes = new LinkedHashMap<>();
    Json.readObject(rs.getString("node_runs")).forEach((key, value) ->
        nodes.put(key, Json.MAPPER.convertValue(value, FlowRun.NodeRun.class)));
    String input = rs.getString("input");
    return new FlowRun(rs.getString("id"), rs.getString("flow_instance_id"), rs.getString("flow_key"), rs.getString("connection_id"),
        rs.getString("customer_id"), rs.getString("trigger_node_key"), rs.getString("event_id"),
        input == null ? null : Json.MAPPER.readValue(input, Object.class), rs.getString("status"), rs.getString("error_message"),
        nodes, Rows.requiredInstant(rs, "created_at"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"));
  }

  private static @Nullable String truncate(@Nullable String error) {
    return error == null || error.length() <= 3900 ? error : error.substring(0, 3900) + "…";
  }
}
