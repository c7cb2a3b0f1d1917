package dev.tributary.engine.events;

import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.error.NotFoundException;
import dev.tributary.error.TributaryException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Subscriptions to a connection's collection, their pulls, and the event log. Subscribing twice to
 * the same collection with the same parameters gives the same subscription. A new subscription
 * first records what exists (a baseline pull) and reports nothing about it: events start from the
 * moment of subscription.
 */
public final class EventSubscriptionService {

  private final Database database;
  private final ConnectionService connections;
  private final ConnectionData data;
  private final FullScan fullScan;
  private final Clock clock;
  private final PullScheduler scheduler;

  /** The default time between pulls of a subscription. */
  public static final java.time.Duration DEFAULT_PULL_INTERVAL = java.time.Duration.ofSeconds(300);

  public EventSubscriptionService(Database database, ConnectionService connections, ConnectionData data, Clock clock) {
    this.database = database;
    this.connections = connections;
    this.data = data;
    this.fullScan = new FullScan(database, clock);
    this.clock = clock;
    this.scheduler = new PullScheduler(database.dataSource(), this, DEFAULT_PULL_INTERVAL);
  }

  /** The schedule of pulls: start it on the nodes that should pull. */
  public PullScheduler scheduler() {
    return scheduler;
  }

  /**
   * The subscription to {@code collectionKey} of {@code connection} with these parameters, created
   * (and its baseline pulled) when it does not exist yet.
   */
  public EventSubscription subscribe(Caller caller, String connection, String collectionKey, Map<String, Object> parameters) {
    Connection owner = connections.get(caller, connection);
    data.spec(caller, owner.id(), collectionKey, parameters); // a collection the connection can read, with valid parameters
    String canonical = RecordHashes.canonical(parameters);
    String hash = RecordHashes.ofText(canonical);
    Optional<EventSubscription> existing = database.withHandle(handle -> byKey(handle, owner.id(), collectionKey, hash));
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant now = Rows.now(clock);
    var subscription = new EventSubscription(Ids.newId(), owner.id(), owner.customerId(), collectionKey, Json.readObject(canonical),
        EventSubscription.FULL_SCAN, EventSubscription.SUBSCRIBED, false, null, now, now);
    try {
      database.inTransaction(handle -> handle.createUpdate("insert into event_subscriptions (id, workspace_id, connection_id,"
              + " customer_id, collection_key, parameters, parameters_hash, strategy, status, baseline_done, created_at, updated_at)"
              + " values (:id, :ws, :connection, :customer, :collection, :parameters, :hash, :strategy, :status, false, :now, :now)")
          .bind("id", subscription.id()).bind("ws", caller.workspaceId()).bind("connection", owner.id())
          .bind("customer", owner.customerId()).bind("collection", collectionKey).bind("parameters", canonical)
          .bind("hash", hash).bind("strategy", subscription.strategy()).bind("status", subscription.status())
          .bind("now", Rows.time(now)).execute());
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        return database.withHandle(handle -> byKey(handle, owner.id(), collectionKey, hash)).orElseThrow();
      }
      throw e;
    }
    pull(caller, subscription.id());
    scheduler.schedule(caller.workspaceId(), subscription.id(), Rows.now(clock).plus(scheduler.interval()));
    return get(caller, subscription.id());
  }

  /** Removes a subscription, its snapshot and pulls; its events stay in the log. */
  public void unsubscribe(Caller caller, String id) {
    EventSubscription subscription = get(caller, id);
    database.inTransaction(handle -> handle.createUpdate("delete from event_subscriptions where id = :id")
        .bind("id", subscription.id()).execute());
    scheduler.cancel(subscription.id());
  }

  /** Starts over: forgets the snapshot and records a new baseline (no events for what exists now). */
  public EventSubscription resubscribe(Caller caller, String id) {
    EventSubscription subscription = get(caller, id);
    database.inTransaction(handle -> {
      handle.createUpdate("delete from subscription_snapshots where subscription_id = :id").bind("id", subscription.id()).execute();
      return handle.createUpdate("update event_subscriptions set baseline_done = false, updated_at = :now where id = :id")
          .bind("now", Rows.time(Rows.now(clock))).bind("id", subscription.id()).execute();
    });
    pull(caller, subscription.id());
    return get(caller, id);
  }

  /**
   * Pulls now. The first pull of a subscription is its baseline. A failed pull reports no
   * deletion, records the error on the subscription and the pull, and is tried again next time.
   */
  public EventPull pull(Caller caller, String id) {
    EventSubscription subscription = get(caller, id);
    Caller owner = Caller.customer(caller.workspaceId(), subscription.customerId());
    boolean baseline = !subscription.baselineDone();
    String pullId = Ids.newId();
    Instant started = Rows.now(clock);
    int snapshot = database.inTransaction(handle -> {
      int size = FullScan.snapshotSize(handle, subscription.id());
      handle.createUpdate("insert into event_pulls (id, subscription_id, is_full_scan, is_baseline, status, pages, records,"
              + " snapshot_size, events, started_at) values (:id, :subscription, true, :baseline, 'running', 0, 0, :size, 0, :now)")
          .bind("id", pullId).bind("subscription", subscription.id()).bind("baseline", baseline).bind("size", size)
          .bind("now", Rows.time(started)).execute();
      return size;
    });
    FullScan.Pages pages = cursor -> data.list(owner, subscription.connectionId(), subscription.collectionKey(),
        subscription.parameters(), Map.of(), cursor);
    try {
      FullScan.Result result = fullScan.run(caller.workspaceId(), subscription, baseline, Set.of(), pages,
          (pageCount, records, events) -> progress(pullId, pageCount, records, events));
      finish(pullId, subscription.id(), "succeeded", result.pages(), result.records(), result.events(), null, true);
      return new EventPull(pullId, subscription.id(), true, baseline, "succeeded", result.pages(), result.records(), snapshot,
          result.events(), null, started, Rows.now(clock));
    } catch (TributaryException e) {
      finish(pullId, subscription.id(), "failed", -1, -1, -1, e.getMessage(), false);
      return pulls(caller, subscription.id(), PageRequest.first(PageRequest.MAX_LIMIT)).items().stream()
          .filter(pull -> pull.id().equals(pullId)).findFirst().orElseThrow();
    }
  }

  private void progress(String pullId, int pages, int records, int events) {
    database.inTransaction(handle -> handle.createUpdate("update event_pulls set pages = :pages, records = :records, events = :events"
            + " where id = :id")
        .bind("pages", pages).bind("records", records).bind("events", events).bind("id", pullId).execute());
  }

  private void finish(String pullId, String subscriptionId, String status, int pages, int records, int events,
      @Nullable String error, boolean succeeded) {
    Instant now = Rows.now(clock);
    database.inTransaction(handle -> {
      handle.createUpdate("update event_pulls set status = :status, error_message = :error, finished_at = :now"
              + (pages >= 0 ? ", pages = :pages, records = :records, events = :events" : "") + " where id = :id")
          .bind("status", status).bind("error", error).bind("now", Rows.time(now)).bind("pages", pages).bind("records", records)
          .bind("events", events).bind("id", pullId).execute();
      return handle.createUpdate("update event_subscriptions set status = :status, error_message = :error, updated_at = :now"
              + (succeeded ? ", baseline_done = true" : "") + " where id = :id")
          .bind("status", succeeded ? EventSubscription.SUBSCRIBED : EventSubscription.ERROR)
          .bind("error", error == null ? null : error + " The next pull tries again.")
          .bind("now", Rows.time(now)).bind("id", subscriptionId).execute();
    });
  }

  public EventSubscription get(Caller caller, String id) {
    return database.withHandle(handle -> handle.createQuery("select * from event_subscriptions where workspace_id = :ws and id = :id")
            .bind("ws", caller.workspaceId()).bind("id", id).map((rs, ctx) -> map(rs)).findOne())
        .filter(subscription -> visible(caller, subscription.customerId()))
        .orElseThrow(() -> new NotFoundException("No event subscription \"" + id + "\". List them with GET /external-event-subscriptions."));
  }

  public Page<EventSubscription> list(Caller caller, @Nullable String connection, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select * from event_subscriptions where workspace_id = :ws and id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if (caller instanceof Caller.ActingCustomer self) {
        sql.append(" and customer_id = :customer");
        bindings.put("customer", self.customerId());
      }
      if (connection != null) {
        sql.append(" and connection_id = :connection");
        bindings.put("connection", connections.get(caller, connection).id());
      }
      sql.append(" order by id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> map(rs)).list(), page, EventSubscription::id);
    });
  }

  /** A subscription's pulls, oldest first. */
  public Page<EventPull> pulls(Caller caller, String subscriptionId, PageRequest page) {
    EventSubscription subscription = get(caller, subscriptionId);
    return database.withHandle(handle -> Page.fromOverfetched(handle.createQuery("select * from event_pulls where subscription_id = :s"
            + " and id > :after order by id limit :limit")
        .bind("s", subscription.id()).bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1)
        .map((rs, ctx) -> new EventPull(rs.getString("id"), rs.getString("subscription_id"), rs.getBoolean("is_full_scan"),
            rs.getBoolean("is_baseline"), rs.getString("status"), rs.getInt("pages"), rs.getInt("records"),
            rs.getInt("snapshot_size"), rs.getInt("events"), rs.getString("error_message"), Rows.requiredInstant(rs, "started_at"),
            Rows.instant(rs, "finished_at")))
        .list(), page, EventPull::id));
  }

  /** The event log in order, after the cursor; a customer reads only its own events. */
  public Page<DataEvent> events(Caller caller, @Nullable String subscriptionId, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select * from event_log where workspace_id = :ws and id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if (caller instanceof Caller.ActingCustomer self) {
        sql.append(" and customer_id = :customer");
        bindings.put("customer", self.customerId());
      }
      if (subscriptionId != null) {
        sql.append(" and subscription_id = :subscription");
        bindings.put("subscription", get(caller, subscriptionId).id());
      }
      sql.append(" order by id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> new DataEvent(rs.getString("id"), rs.getString("event_type"), rs.getString("record_id"),
              Json.readObject(rs.getString("record")), rs.getString("subscription_id"), rs.getString("connection_id"),
              rs.getString("customer_id"), rs.getString("collection_key"), Rows.requiredInstant(rs, "created_at")))
          .list(), page, DataEvent::id);
    });
  }

  private static boolean visible(Caller caller, String customerId) {
    return !(caller instanceof Caller.ActingCustomer self) || self.customerId().equals(customerId);
  }

  private static Optional<EventSubscription> byKey(Handle handle, String connectionId, String collectionKey, String hash) {
    return handle.createQuery("select * from event_subscriptions where connection_id = :connection and collection_key = :collection"
            + " and parameters_hash = :hash")
        .bind("connection", connectionId).bind("collection", collectionKey).bind("hash", hash)
        .map((rs, ctx) -> map(rs)).findOne();
  }

  private static EventSubscription map(ResultSet rs) throws SQLException {
    return new EventSubscription(rs.getString("id"), rs.getString("connection_id"), rs.getString("customer_id"),
        rs.getString("collection_key"), Json.readObject(rs.getString("parameters")), rs.getString("strategy"),
        rs.getString("status"), rs.getBoolean("baseline_done"), rs.getString("error_message"),
        Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "updated_at"));
  }
}
