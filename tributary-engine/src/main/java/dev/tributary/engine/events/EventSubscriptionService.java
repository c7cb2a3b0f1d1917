package dev.tributary.engine.events;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.DeferredRecordPage;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.DatabaseKind;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.RequestReads;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import dev.tributary.error.TributaryException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscriptions to a connection's collection, their pulls, and the event log. Subscribing twice to
 * the same collection with the same parameters gives the same subscription. A new subscription
 * first records what exists (a baseline) and reports nothing about it: events start from the moment
 * of subscription.
 *
 * <p>Each subscription finds changes with the best strategy its collection offers ({@link
 * EventStrategy}). One pull of a subscription runs at a time, across every node sharing the
 * database (a lease on the subscription's row), with at most {@value #PULLS_PER_CONNECTION} per
 * connection and (by default) {@value #PULLS_PER_WORKSPACE} per workspace at once.
 */
public final class EventSubscriptionService {

  private static final Logger log = LoggerFactory.getLogger(EventSubscriptionService.class);

  /** The default time between pulls of a subscription. */
  public static final Duration DEFAULT_PULL_INTERVAL = Duration.ofSeconds(300);
  /** The default time between the full scans that find deletions for an incremental strategy. */
  public static final Duration DEFAULT_FULL_SYNC_INTERVAL = Duration.ofSeconds(10_800);
  /** Pulls running at once, per connection and (by default; see {@link #maxPullsPerWorkspace}) per workspace. */
  public static final int PULLS_PER_CONNECTION = 1;
  public static final int PULLS_PER_WORKSPACE = 10;
  /** How long a pull's claim lasts without progress; every page renews it. A dead node's claim expires. */
  static final Duration LEASE = Duration.ofMinutes(10);
  /**
   * How far before the last mark a newest-first pull looks again: the app's clock and its
   * listing may lag (records saved in the same second, replicas). What was seen is not reported twice.
   */
  static final Duration OVERLAP = Duration.ofMinutes(1);
  /** The longest wait between pulls that keep failing. */
  static final Duration LONGEST_BACKOFF = Duration.ofHours(6);

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database database;
  private final ConnectionService connections;
  private final ConnectionData data;
  private final FullScan fullScan;
  private final Clock clock;
  private final PullScheduler scheduler;
  private volatile Supplier<String> publicUrl = () -> "http://localhost:8080";
  private volatile int maxPullsPerWorkspace = PULLS_PER_WORKSPACE;

  /** Something that needs a subscription's events, e.g. a data source instance subscribed to them. */
  public record Consumer(String id, String connection, String collectionKey, Map<String, Object> parameters,
      Set<String> eventTypes, int pullIntervalSeconds, int fullSyncIntervalSeconds) {}

  public EventSubscriptionService(Database database, ConnectionService connections, ConnectionData data, Clock clock) {
    this.database = database;
    this.connections = connections;
    this.data = data;
    this.fullScan = new FullScan(database, clock);
    this.clock = clock;
    this.scheduler = new PullScheduler(database.dataSource(), database.kind(), this);
  }

  /** The schedule of pulls: start it on the nodes that should pull. */
  public PullScheduler scheduler() {
    return scheduler;
  }

  /** How many pulls of one workspace may run at once, across all nodes (default {@value #PULLS_PER_WORKSPACE}). */
  public void maxPullsPerWorkspace(int pulls) {
    if (pulls < 1) {
      throw new IllegalArgumentException("At least one pull per workspace must be allowed, not " + pulls);
    }
    this.maxPullsPerWorkspace = pulls;
  }

  /** Where apps reach this server, for the webhook addresses given to them (default http://localhost:8080). */
  public void publicUrl(Supplier<String> publicUrl) {
    this.publicUrl = publicUrl;
  }

  /**
   * The subscription to {@code collectionKey} of {@code connection} with these parameters, created
   * (and its baseline recorded) when it does not exist yet. It stays until unsubscribed.
   */
  public EventSubscription subscribe(Caller caller, String connection, String collectionKey, Map<String, Object> parameters) {
    EventSubscription subscription = findOrCreate(caller, connection, collectionKey, parameters, true);
    if (!subscription.manual()) {
      database.inTransaction(handle -> handle.createUpdate("update event_subscriptions set is_manual = true where id = :id")
          .bind("id", subscription.id()).execute());
    }
    return get(caller, subscription.id());
  }

  /** Keeps an existing subscription (e.g. one an instance made) until it is unsubscribed through the API. */
  public EventSubscription keep(Caller caller, String id) {
    EventSubscription subscription = get(caller, id);
    database.inTransaction(handle -> handle.createUpdate("update event_subscriptions set is_manual = true where id = :id")
        .bind("id", subscription.id()).execute());
    return get(caller, id);
  }

  /**
   * Makes {@code consumer} use the subscription to its collection (created when needed; a consumer
   * that used another one lets go of it). The subscription pulls as often as its most eager
   * consumer asks.
   */
  public EventSubscription acquire(Caller caller, Consumer consumer) {
    EventSubscription subscription = findOrCreate(caller, consumer.connection(), consumer.collectionKey(), consumer.parameters(), false);
    Optional<String> previous = database.inTransaction(handle -> {
      Optional<String> before = consumerSubscription(handle, consumer.id());
      handle.createUpdate("delete from event_subscription_consumers where consumer_id = :id").bind("id", consumer.id()).execute();
      handle.createUpdate("insert into event_subscription_consumers (consumer_id, subscription_id, event_types,"
              + " pull_interval_seconds, full_sync_interval_seconds, created_at) values (:id, :subscription, :types, :pull, :full, :now)")
          .bind("id", consumer.id()).bind("subscription", subscription.id())
          .bind("types", String.join(",", new java.util.TreeSet<>(consumer.eventTypes())))
          .bind("pull", consumer.pullIntervalSeconds()).bind("full", consumer.fullSyncIntervalSeconds())
          .bind("now", Rows.time(Rows.now(clock))).execute();
      updateIntervals(handle, subscription.id());
      before.ifPresent(id -> updateIntervals(handle, id));
      return before.filter(id -> !id.equals(subscription.id()));
    });
    previous.ifPresent(id -> removeIfUnused(caller.workspaceId(), id));
    reschedule(caller.workspaceId(), subscription.id());
    return get(caller, subscription.id());
  }

  /** The consumer no longer needs events; a subscription nothing needs any more is removed. */
  public void release(Caller caller, String consumerId) {
    Optional<String> subscription = database.inTransaction(handle -> {
      Optional<String> used = consumerSubscription(handle, consumerId);
      handle.createUpdate("delete from event_subscription_consumers where consumer_id = :id").bind("id", consumerId).execute();
      used.ifPresent(id -> updateIntervals(handle, id));
      return used;
    });
    subscription.ifPresent(id -> removeIfUnused(caller.workspaceId(), id));
  }

  /** The ids of the consumers whose id starts with {@code prefix} (e.g. every trigger of one flow instance). */
  public List<String> consumers(String prefix) {
    return database.withHandle(handle -> handle.createQuery("select consumer_id from event_subscription_consumers"
            + " where consumer_id like :prefix order by consumer_id")
        .bind("prefix", prefix.replace("%", "").replace("_", "\\_") + "%").mapTo(String.class).list());
  }

  /** The subscription a consumer uses, if any. */
  public Optional<EventSubscription> ofConsumer(Caller caller, String consumerId) {
    return database.withHandle(handle -> consumerSubscription(handle, consumerId)).map(id -> get(caller, id));
  }

  /**
   * Removes a subscription, its snapshot and pulls (its events stay in the log), and its webhook at
   * the app. A subscription that data source instances or flows use is theirs to let go of.
   */
  public void unsubscribe(Caller caller, String id) {
    EventSubscription subscription = get(caller, id);
    List<String> consumers = database.withHandle(handle -> handle.createQuery("select consumer_id from"
            + " event_subscription_consumers where subscription_id = :id order by consumer_id")
        .bind("id", subscription.id()).mapTo(String.class).list());
    if (!consumers.isEmpty()) {
      throw new ConflictException("Subscription " + id + " is in use by " + String.join(", ", consumers) + ". It is removed"
          + " when they no longer need it (e.g. a data source instance whose subscribedTo is emptied).");
    }
    remove(caller.workspaceId(), subscription);
  }

  /** Starts over: forgets the snapshot and state, and records a new baseline (no events for what exists now). */
  public EventSubscription resubscribe(Caller caller, String id) {
    EventSubscription subscription = get(caller, id);
    unregisterWebhook(caller.workspaceId(), subscription);
    database.inTransaction(handle -> {
      handle.createUpdate("delete from subscription_snapshots where subscription_id = :id").bind("id", subscription.id()).execute();
      return handle.createUpdate("update event_subscriptions set baseline_done = false, strategy_state = null, ingress_id = null,"
              + " next_refresh_at = null, snapshot_version = null, updated_at = :now where id = :id")
          .bind("now", Rows.time(Rows.now(clock))).bind("id", subscription.id()).execute();
    });
    fullScan.forget(subscription.id());
    pull(caller, subscription.id());
    return get(caller, id);
  }

  /**
   * Pulls now. The first pull of a subscription is its baseline. A failed pull reports no
   * deletion, records the error on the subscription and the pull, and is tried again next time.
   *
   * @throws ConflictException when a pull of this subscription (or, beyond the limits, of its
   *     connection or workspace) is running
   */
  public EventPull pull(Caller caller, String id) {
    return pull(caller, id, false);
  }

  /**
   * Pulls now; with {@code fullScan}, a subscription that needs full scans for deletions runs its
   * full scan now instead of when it is due.
   */
  public EventPull pull(Caller caller, String id, boolean fullScan) {
    EventSubscription subscription = get(caller, id);
    return runPull(caller.workspaceId(), subscription.id(), fullScan && subscription.requiresFullSync()).orElseThrow(() -> new ConflictException("A pull of "
        + "subscription " + id + " or of another subscription of its connection is running. Its progress shows at"
        + " GET /external-event-pulls?subscriptionId=" + id + "; try again when it has finished."));
  }

  /**
   * What the schedule does when a subscription is due: renew its webhook, pull, or run its full
   * scan. Returns when it is next due, or empty when the subscription is gone. A pull that finds
   * no free place (a pull of its connection runs, or its workspace's cap is reached) is due again
   * {@code busyRetry} later: the schedule's next look, soon but not at once.
   *
   * <p>The claim is what reads the subscription, and its next due time follows from what the
   * pull's end wrote (it is read again only after a webhook's renewal, which moves it). The
   * connection's rows are read once for the pull, as for an API request.
   */
  Optional<Instant> runDue(String workspaceId, String id, Duration busyRetry) {
    Instant now = Rows.now(clock);
    String leaseOwner = Ids.newId();
    try (RequestReads.Span reads = database.reads().open()) {
      Claim claim = claim(workspaceId, id, leaseOwner, subscription -> pullDue(subscription, now));
      EventSubscription subscription = claim.subscription();
      if (subscription == null) {
        return Optional.empty();
      }
      boolean renew = subscription.nextRefreshAt() != null && !subscription.nextRefreshAt().isAfter(now);
      Runnable renewWebhook = () -> {
        if (renew) {
          refreshWebhook(workspaceId, subscription);
        }
      };
      Optional<EventSubscription> after = Optional.of(subscription);
      if (claim.claimed()) {
        after = pull(workspaceId, claim, leaseOwner, fullSyncDue(subscription, now), renewWebhook).after();
      } else {
        renewWebhook.run();
        if (claim.busy()) {
          return Optional.of(now.plus(busyRetry));
        }
      }
      if (renew && after.isPresent()) {
        after = find(workspaceId, id);
      }
      return after.map(current -> Objects.requireNonNullElse(current.nextDue(), now.plusSeconds(current.fullSyncIntervalSeconds())));
    }
  }

  /** Whether the schedule should pull the subscription now: its baseline, its full scan or its pull is due. */
  private static boolean pullDue(EventSubscription subscription, Instant now) {
    return !subscription.baselineDone() || fullSyncDue(subscription, now)
        || subscription.requiresPull() && (subscription.nextPullAt() == null || !subscription.nextPullAt().isAfter(now));
  }

  private static boolean fullSyncDue(EventSubscription subscription, Instant now) {
    return subscription.requiresFullSync() && (subscription.nextFullSyncAt() == null || !subscription.nextFullSyncAt().isAfter(now));
  }

  /** The error of a pull whose process stopped before it finished. */
  static final String INTERRUPTED = "Interrupted: the server stopped during this pull. The next pull catches up.";

  /**
   * Recovers from a server that stopped during pulls; the server calls it when it starts, before
   * it pulls. On the embedded H2 database this server is the only one using the store, so every
   * lease is left over from a stopped process and is cleared at once. With PostgreSQL other live
   * nodes may hold leases: only the pulls whose lease has expired are marked (a restarted node
   * waits for its own old leases to expire). Pulls left {@code running} are marked failed
   * ("interrupted").
   */
  public void recoverInterruptedPulls() {
    Instant now = Rows.now(clock);
    database.inTransaction(handle -> {
      if (database.kind() == DatabaseKind.H2) {
        handle.createUpdate("update event_subscriptions set lease_owner = null, lease_until = null where lease_until is not null").execute();
        handle.createUpdate(FREE_SLOTS + " where lease_owner is not null").execute();
      }
      return handle.createUpdate("update event_pulls set status = 'failed', error_message = :error, finished_at = :now"
              + " where status = 'running' and subscription_id in (select id from event_subscriptions"
              + " where lease_until is null or lease_until <= :now)")
          .bind("error", INTERRUPTED).bind("now", Rows.time(now)).execute();
    });
  }

  // ---- pulls

  /** The error of a pull stopped by an error of the server itself rather than of the app. */
  static final String STOPPED = "Stopped by an unexpected error in the server (its log has the details). The next pull catches up.";

  private Optional<EventPull> runPull(String workspaceId, String subscriptionId, boolean fullSyncDue) {
    String leaseOwner = Ids.newId();
    Claim claim = claim(workspaceId, subscriptionId, leaseOwner, subscription -> true);
    return claim.claimed() ? Optional.of(pull(workspaceId, claim, leaseOwner, fullSyncDue, () -> { }).pull()) : Optional.empty();
  }

  /** A pull, and the subscription as its end left it (empty when it was removed meanwhile). */
  private record Pulled(EventPull pull, Optional<EventSubscription> after) {}

  /**
   * Pulls a claimed subscription ({@code beforePull} first, under the lease) and releases its
   * lease. A pull that stops on an error of the server rather than of the app is recorded as
   * failed at once, so a pull left running can only be one whose process stopped: its lease runs
   * out instead of being released, which is how the next claim knows to mark it interrupted.
   */
  private Pulled pull(String workspaceId, Claim claim, String leaseOwner, boolean fullSyncDue, Runnable beforePull) {
    EventSubscription subscription = Objects.requireNonNull(claim.subscription());
    @Nullable Started started = null;
    boolean released = false; // the pull's end releases the lease with the pull's result
    try {
      beforePull.run();
      Instant now = Rows.now(clock);
      started = database.inTransaction(handle -> {
        if (claim.leaseRanOut()) {
          // The last lease ran out rather than being released: a pull of it still marked running lost its process.
          handle.createUpdate("update event_pulls set status = 'failed', error_message = :error, finished_at = :now"
                  + " where subscription_id = :id and status = 'running'")
              .bind("error", INTERRUPTED).bind("now", Rows.time(now)).bind("id", subscription.id()).execute();
        }
        return start(handle, subscription, fullSyncDue, claim, now);
      });
      String pullId = started.pullId();
      Caller owner = Caller.customer(workspaceId, subscription.customerId());
      boolean scan = started.scan();
      int snapshot = started.snapshotSize();
      FullScan.ProgressListener progress = (pages, records, events) -> progress(pullId, workspaceId, subscription.id(), leaseOwner, pages, records, events);
      try {
        String version = started.snapshotVersion();
        FullScan.Result result = started.baseline() ? baseline(workspaceId, owner, subscription, scan, snapshot, version, progress)
            : scan ? scan(workspaceId, owner, subscription, false, snapshot, version, progress)
            : switch (subscription.changes()) {
              case PULL_LATEST_RECORDS -> pullLatest(workspaceId, owner, subscription, pullId, progress);
              case CUSTOM_PULL -> pullChangeFeed(workspaceId, owner, subscription, progress);
              case WEBHOOK, FULL_SCAN -> new FullScan.Result(0, 0, 0);
            };
        Optional<EventSubscription> after = finish(pullId, workspaceId, subscription, leaseOwner, "succeeded", result.pages(), result.records(),
            result.events(), null, true, scan);
        released = true;
        return new Pulled(new EventPull(pullId, subscription.id(), scan, started.baseline(), "succeeded", result.pages(),
            result.records(), snapshot, result.events(), null, started.at(), Rows.now(clock)), after);
      } catch (TributaryException e) {
        Optional<EventSubscription> after = finish(pullId, workspaceId, subscription, leaseOwner, "failed", -1, -1, -1, e.getMessage(), false,
            false);
        released = true;
        return new Pulled(pulls(Caller.admin(workspaceId), subscription.id(), PageRequest.first(PageRequest.MAX_LIMIT)).items()
            .stream().filter(pull -> pull.id().equals(pullId)).findFirst().orElseThrow(), after);
      }
    } finally {
      if (!released) {
        release(workspaceId, subscription.id(), leaseOwner, started == null ? null : started.pullId());
      }
    }
  }

  /** Releases a lease whose pull stopped on an error of the server, recording the pull (if it started) as failed. */
  private void release(String workspaceId, String subscriptionId, String leaseOwner, @Nullable String pullId) {
    Instant now = Rows.now(clock);
    database.inTransaction(handle -> {
      if (pullId != null) {
        handle.createUpdate("update event_pulls set status = 'failed', error_message = :error, finished_at = :now"
                + " where id = :id and status = 'running'")
            .bind("error", STOPPED).bind("now", Rows.time(now)).bind("id", pullId).execute();
      }
      freeSlot(handle, workspaceId, leaseOwner);
      return handle.createUpdate("update event_subscriptions set lease_owner = null, lease_until = null"
          + " where id = :id and lease_owner = :owner").bind("id", subscriptionId).bind("owner", leaseOwner).execute();
    });
  }

  /** Frees a place of {@code pull_slots}: what follows is its condition. */
  private static final String FREE_SLOTS = "update pull_slots set subscription_id = null, connection_id = null, lease_owner = null,"
      + " lease_until = null";

  /** Gives back the workspace's place that the pull of this lease took. */
  private static void freeSlot(Handle handle, String workspaceId, String leaseOwner) {
    handle.createUpdate(FREE_SLOTS + " where workspace_id = :ws and lease_owner = :owner")
        .bind("ws", workspaceId).bind("owner", leaseOwner).execute();
  }

  /** Records where the app stands now: the webhook, the change feed's state or mark, and the snapshot. */
  private FullScan.Result baseline(String workspaceId, Caller owner, EventSubscription subscription, boolean scan,
      int snapshotSize, @Nullable String snapshotVersion, FullScan.ProgressListener progress) {
    // The state is taken before the scan: a change made during the scan is reported by the next pull.
    switch (subscription.changes()) {
      case WEBHOOK -> registerWebhook(workspaceId, owner, subscription);
      case CUSTOM_PULL -> saveState(subscription.id(), Map.of("state", data.withCollection(owner, subscription.connectionId(),
          subscription.collectionKey(), subscription.parameters(),
          (collection, context) -> customPull(collection).currentState(context))));
      case PULL_LATEST_RECORDS -> {
        RecordPage newest = data.withCollection(owner, subscription.connectionId(), subscription.collectionKey(),
            subscription.parameters(), (collection, context) -> latest(collection).pullLatest(context, null));
        Instant mark = newest(newest.records(), null);
        saveState(subscription.id(), mark == null ? Map.of() : Map.of("mark", mark.toString()));
      }
      case FULL_SCAN -> { }
    }
    return scan ? scan(workspaceId, owner, subscription, true, snapshotSize, snapshotVersion, progress)
        : new FullScan.Result(0, 0, 0);
  }

  private FullScan.Result scan(String workspaceId, Caller owner, EventSubscription subscription, boolean baseline,
      int snapshotSize, @Nullable String snapshotVersion, FullScan.ProgressListener progress) {
    EventStrategy changes = subscription.changes();
    // Webhooks and change feeds report creations and updates themselves; their scans look for deletions only.
    boolean reportChanges = changes == EventStrategy.FULL_SCAN || changes == EventStrategy.PULL_LATEST_RECORDS;
    ConnectionData.PageReader reader = data.pageReader(owner, subscription.connectionId(), subscription.collectionKey(),
        subscription.parameters());
    Set<String> ignoredFields = ignoredFields(reader, subscription);
    ScanPages pages = new ScanPages(reader::page); // the first page too is read by the scan, while it loads the snapshot
    // The last page's counts are written with the pull's end, which follows it.
    FullScan.ProgressListener beforeTheLastPage = (pageCount, records, events) -> {
      if (pages.more()) {
        progress.page(pageCount, records, events);
      }
    };
    return fullScan.run(workspaceId, subscription, baseline, reportChanges, ignoredFields, snapshotSize, snapshotVersion, pages,
        beforeTheLastPage);
  }

  /** A scan's pages; knows whether the page it gave last has a next one. */
  private static final class ScanPages implements FullScan.Pages {
    private final FullScan.Pages pages;
    private volatile boolean more = true;

    ScanPages(FullScan.Pages pages) {
      this.pages = pages;
    }

    @Override
    public DeferredRecordPage apply(@Nullable String cursor) {
      DeferredRecordPage page = pages.apply(cursor);
      more = page.cursor() != null;
      return page;
    }

    boolean more() {
      return more;
    }
  }

  /**
   * The fields of the collection whose changes alone are no update, through the scan's reader, which
   * opens the connection (reading the connection, its integration and secrets) once for many pages.
   */
  private Set<String> ignoredFields(ConnectionData.PageReader reader, EventSubscription subscription) {
    return reader.withCollection((collection, context) -> {
      if (collection.spec().list() == null) {
        throw new InvalidInputException("The collection \"" + subscription.collectionKey() + "\" cannot be listed, so its"
            + " subscription cannot scan it. Unsubscribe from it.");
      }
      return EventStrategy.plan(collection, collection.spec()).ignoredFields();
    });
  }

  /**
   * Newest first until the records are older than the last mark (less the overlap): each page is
   * compared with the snapshot, so a record seen before reports nothing, a new one is created and a
   * changed one updated; the new mark commits with the last page's events.
   */
  private FullScan.Result pullLatest(String workspaceId, Caller owner, EventSubscription subscription, String pullId,
      FullScan.ProgressListener progress) {
    Map<String, Object> state = state(subscription.id());
    Instant mark = state.get("mark") instanceof String text ? Instant.parse(text) : null;
    Instant stopBefore = mark == null ? null : mark.minus(OVERLAP);
    Set<String> ignored = ignoredFields(owner, subscription);
    String cursor = null;
    Instant newest = mark;
    int pages = 0;
    int records = 0;
    int events = 0;
    while (true) {
      String current = cursor;
      RecordPage page = data.withCollection(owner, subscription.connectionId(), subscription.collectionKey(),
          subscription.parameters(), (collection, context) -> latest(collection).pullLatest(context, current));
      List<DataRecord> recent = page.records().stream()
          .filter(record -> stopBefore == null || record.updatedTime() == null || !record.updatedTime().isBefore(stopBefore))
          .toList();
      boolean reachedSeen = recent.size() < page.records().size();
      boolean last = reachedSeen || page.cursor() == null;
      newest = newest(recent, newest);
      Map<String, Object> next = newest == null ? Map.of() : Map.of("mark", newest.toString());
      events += fullScan.compare(workspaceId, subscription, recent, pullId, ignored,
          handle -> { if (last) { saveState(handle, subscription.id(), next); } });
      pages++;
      records += recent.size();
      progress.page(pages, records, events);
      if (last) {
        return new FullScan.Result(pages, records, events);
      }
      cursor = page.cursor();
    }
  }

  /** The app's change feed from the saved state; each batch's events commit with the state after it. */
  private FullScan.Result pullChangeFeed(String workspaceId, Caller owner, EventSubscription subscription,
      FullScan.ProgressListener progress) {
    String state = (String) state(subscription.id()).get("state");
    int batches = 0;
    int events = 0;
    while (true) {
      String current = state;
      CustomPullEvents.Batch batch = data.withCollection(owner, subscription.connectionId(), subscription.collectionKey(),
          subscription.parameters(), (collection, context) -> customPull(collection).pull(context, current));
      Instant now = Rows.now(clock);
      database.inTransaction(handle -> {
        for (ChangeEvent event : batch.events()) {
          EventLog.append(handle, workspaceId, subscription, event, now);
        }
        saveState(handle, subscription.id(), Map.of("state", batch.state()));
        return null;
      });
      batches++;
      events += batch.events().size();
      state = batch.state();
      progress.page(batches, events, events);
      if (!batch.hasMore()) {
        return new FullScan.Result(batches, events, events);
      }
    }
  }

  private static @Nullable Instant newest(List<DataRecord> records, @Nullable Instant since) {
    Instant newest = since;
    for (DataRecord record : records) {
      if (record.updatedTime() != null && (newest == null || record.updatedTime().isAfter(newest))) {
        newest = record.updatedTime();
      }
    }
    return newest;
  }

  private Set<String> ignoredFields(Caller owner, EventSubscription subscription) {
    return data.withCollection(owner, subscription.connectionId(), subscription.collectionKey(), subscription.parameters(),
        (collection, context) -> EventStrategy.plan(collection, collection.spec()).ignoredFields());
  }

  // ---- webhooks

  /**
   * An app's call to a subscription's webhook address. The id in the address is unguessable and
   * is the only thing that routes the call; the connector verifies the app's signature.
   *
   * @return the answer for the app: the connector's (e.g. a handshake), 401 or 400 for a call it
   *     refused (the connection's state is not touched by a stranger's call), or null for a plain 200
   * @throws NotFoundException when no subscription has this address (e.g. after unsubscribing)
   */
  public WebhookEvents.@Nullable Reply handleWebhook(String ingressId, WebhookEvents.Call call) {
    record Target(String workspaceId, EventSubscription subscription) {}
    Target target = database.withHandle(handle -> handle.createQuery("select * from event_subscriptions where ingress_id = :ingress")
            .bind("ingress", ingressId).map((rs, ctx) -> new Target(rs.getString("workspace_id"), map(rs))).findOne())
        .orElseThrow(() -> new NotFoundException("No subscription receives webhooks at this address (it may have been"
            + " unsubscribed). The app's webhook can be removed."));
    EventSubscription subscription = target.subscription();
    Caller owner = Caller.customer(target.workspaceId(), subscription.customerId());
    Map<String, Object> state = state(subscription.id());
    WebhookEvents.Handling handling;
    try {
      handling = data.withCollectionForIncomingCall(owner, subscription.connectionId(), subscription.collectionKey(),
          subscription.parameters(), (collection, context) -> webhooks(collection).handle(context, call, state));
    } catch (dev.tributary.connector.ConnectorException e) {
      // A call the connector refused (a bad signature, a body it cannot read) is answered, not recorded.
      if (e.kind() == dev.tributary.connector.ConnectorException.Kind.CREDENTIALS_REJECTED
          || e.kind() == dev.tributary.connector.ConnectorException.Kind.REJECTED) {
        int status = e.kind() == dev.tributary.connector.ConnectorException.Kind.CREDENTIALS_REJECTED ? 401 : 400;
        return new WebhookEvents.Reply(status, Map.of("Content-Type", "application/json"),
            Json.write(Map.of("message", e.getMessage())));
      }
      throw e;
    }
    Instant now = Rows.now(clock);
    database.inTransaction(handle -> {
      for (ChangeEvent event : handling.events()) {
        EventLog.append(handle, target.workspaceId(), subscription, event, now);
      }
      if (handling.state() != null) {
        saveState(handle, subscription.id(), handling.state());
      }
      return null;
    });
    return handling.reply();
  }

  private void registerWebhook(String workspaceId, Caller owner, EventSubscription subscription) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String ingress = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String uri = webhookUri(ingress);
    // The address answers before the app is asked to call it: Trello (HEAD) and Asana (X-Hook-Secret)
    // call it while the webhook is being created, and refuse to create it when that call fails.
    database.inTransaction(handle -> handle.createUpdate("update event_subscriptions set ingress_id = :ingress where id = :id")
        .bind("ingress", ingress).bind("id", subscription.id()).execute());
    WebhookEvents.Subscription registered;
    try {
      registered = data.withCollection(owner, subscription.connectionId(), subscription.collectionKey(),
          subscription.parameters(), (collection, context) -> webhooks(collection).subscribe(context, uri));
    } catch (RuntimeException e) {
      database.inTransaction(handle -> handle.createUpdate("update event_subscriptions set ingress_id = null where id = :id")
          .bind("id", subscription.id()).execute());
      throw e;
    }
    // What a handshake during creation kept (Asana's hook secret) stays beside what subscribing returned.
    Map<String, Object> state = new java.util.LinkedHashMap<>(state(subscription.id()));
    state.putAll(registered.state());
    database.inTransaction(handle -> handle.createUpdate("update event_subscriptions set strategy_state = :state,"
            + " next_refresh_at = :refresh where id = :id")
        .bind("state", Json.write(state))
        .bind("refresh", registered.refreshAt() == null ? null : Rows.time(registered.refreshAt())).bind("id", subscription.id())
        .execute());
  }

  private void refreshWebhook(String workspaceId, EventSubscription subscription) {
    Caller owner = Caller.customer(workspaceId, subscription.customerId());
    String ingress = database.withHandle(handle -> handle.createQuery("select ingress_id from event_subscriptions where id = :id")
        .bind("id", subscription.id()).mapTo(String.class).findOne().orElse(null));
    if (ingress == null) {
      return;
    }
    Map<String, Object> state = state(subscription.id());
    try {
      WebhookEvents.Subscription renewed = data.withCollection(owner, subscription.connectionId(), subscription.collectionKey(),
          subscription.parameters(), (collection, context) -> webhooks(collection).refresh(context, webhookUri(ingress), state));
      database.inTransaction(handle -> handle.createUpdate("update event_subscriptions set strategy_state = :state,"
              + " next_refresh_at = :refresh, status = :status, error_message = null where id = :id")
          .bind("state", Json.write(renewed.state())).bind("status", EventSubscription.SUBSCRIBED)
          .bind("refresh", renewed.refreshAt() == null ? null : Rows.time(renewed.refreshAt())).bind("id", subscription.id())
          .execute());
    } catch (TributaryException e) {
      database.inTransaction(handle -> handle.createUpdate("update event_subscriptions set status = :status, error_message = :error,"
              + " next_refresh_at = :retry where id = :id")
          .bind("status", EventSubscription.ERROR).bind("error", "Renewing the webhook failed: " + e.getMessage()
              + " It is tried again in 5 minutes; resubscribe to start over.")
          .bind("retry", Rows.time(Rows.now(clock).plus(Duration.ofMinutes(5)))).bind("id", subscription.id()).execute());
    }
  }

  private void unregisterWebhook(String workspaceId, EventSubscription subscription) {
    if (subscription.changes() != EventStrategy.WEBHOOK || subscription.webhookUri() == null) {
      return;
    }
    Map<String, Object> state = state(subscription.id());
    try {
      data.withCollection(Caller.customer(workspaceId, subscription.customerId()), subscription.connectionId(),
          subscription.collectionKey(), subscription.parameters(), (collection, context) -> {
            webhooks(collection).unsubscribe(context, state);
            return null;
          });
    } catch (TributaryException e) {
      // Our side goes regardless: calls to the old address are refused as unknown.
      log.warn("Could not remove the webhook of subscription {} at the app: {}", subscription.id(), e.getMessage());
    }
  }

  private String webhookUri(String ingress) {
    return publicUrl.get().replaceAll("/+$", "") + "/webhooks/" + ingress;
  }

  private static WebhookEvents webhooks(dev.tributary.connector.DataCollection collection) {
    return collection.webhookEvents().orElseThrow(() -> new IllegalStateException(collection.key() + " has no webhooks"));
  }

  private static CustomPullEvents customPull(dev.tributary.connector.DataCollection collection) {
    return collection.customPullEvents().orElseThrow(() -> new IllegalStateException(collection.key() + " has no change feed"));
  }

  private static dev.tributary.connector.PullLatestRecords latest(dev.tributary.connector.DataCollection collection) {
    return collection.pullLatestRecords().orElseThrow(() -> new IllegalStateException(collection.key() + " has no newest-first listing"));
  }

  // ---- storage

  private EventSubscription findOrCreate(Caller caller, String connection, String collectionKey, Map<String, Object> parameters,
      boolean manual) {
    Connection owner = connections.get(caller, connection);
    Caller customer = Caller.customer(caller.workspaceId(), owner.customerId());
    // A collection the connection can read, with valid parameters; its events decide the strategy.
    EventStrategy.Plan plan = data.withCollection(customer, owner.id(), collectionKey, parameters,
        (collection, context) -> EventStrategy.plan(collection, collection.spec(context)));
    String canonical = RecordHashes.canonical(parameters);
    String hash = RecordHashes.ofText(canonical);
    Optional<EventSubscription> existing = database.withHandle(handle -> byKey(handle, owner.id(), collectionKey, hash));
    if (existing.isPresent()) {
      return existing.get();
    }
    Instant now = Rows.now(clock);
    String id = Ids.newId();
    try {
      database.inTransaction(handle -> handle.createUpdate("insert into event_subscriptions (id, workspace_id, connection_id,"
              + " customer_id, collection_key, parameters, parameters_hash, strategy, status, baseline_done, is_real_time,"
              + " requires_pull, requires_full_sync, pull_interval_seconds, full_sync_interval_seconds, is_manual, created_at,"
              + " updated_at) values (:id, :ws, :connection, :customer, :collection, :parameters, :hash, :strategy, :status, false,"
              + " :realTime, :pull, :fullSync, :pullInterval, :fullSyncInterval, :manual, :now, :now)")
          .bind("id", id).bind("ws", caller.workspaceId()).bind("connection", owner.id())
          .bind("customer", owner.customerId()).bind("collection", collectionKey).bind("parameters", canonical)
          .bind("hash", hash).bind("strategy", plan.changes().wireName()).bind("status", EventSubscription.SUBSCRIBED)
          .bind("realTime", plan.isRealTime()).bind("pull", plan.requiresPull()).bind("fullSync", plan.requiresFullSync())
          .bind("pullInterval", (int) DEFAULT_PULL_INTERVAL.toSeconds())
          .bind("fullSyncInterval", (int) DEFAULT_FULL_SYNC_INTERVAL.toSeconds()).bind("manual", manual)
          .bind("now", Rows.time(now)).execute());
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        return database.withHandle(handle -> byKey(handle, owner.id(), collectionKey, hash)).orElseThrow();
      }
      throw e;
    }
    runPull(caller.workspaceId(), id, false); // the baseline; when busy, the schedule records it shortly
    reschedule(caller.workspaceId(), id);
    return get(caller, id);
  }

  private void remove(String workspaceId, EventSubscription subscription) {
    unregisterWebhook(workspaceId, subscription);
    database.inTransaction(handle -> {
      // The snapshot has no foreign key to its subscription (see V23): its rows go in the same transaction.
      handle.createUpdate("delete from subscription_snapshots where subscription_id = :id").bind("id", subscription.id()).execute();
      return handle.createUpdate("delete from event_subscriptions where id = :id").bind("id", subscription.id()).execute();
    });
    fullScan.forget(subscription.id());
    scheduler.cancel(subscription.id());
  }

  private void removeIfUnused(String workspaceId, String subscriptionId) {
    find(workspaceId, subscriptionId).ifPresent(subscription -> {
      boolean used = subscription.manual() || database.withHandle(handle -> handle.createQuery("select count(*) from"
              + " event_subscription_consumers where subscription_id = :id")
          .bind("id", subscriptionId).mapTo(Integer.class).one()) > 0;
      if (!used) {
        remove(workspaceId, subscription);
      }
    });
  }

  /** The subscription pulls as often as its most eager consumer asks (and at least at the default, when created through the API). */
  private void updateIntervals(Handle handle, String subscriptionId) {
    Map<String, Object> wanted = handle.createQuery("select min(pull_interval_seconds) as pull_interval,"
            + " min(full_sync_interval_seconds) as full_sync_interval from event_subscription_consumers where subscription_id = :id")
        .bind("id", subscriptionId).mapToMap().one();
    Optional<Boolean> isManual = handle.createQuery("select is_manual from event_subscriptions where id = :id")
        .bind("id", subscriptionId).mapTo(Boolean.class).findOne();
    if (isManual.isEmpty()) {
      return;
    }
    boolean manual = isManual.get();
    int pull = interval(wanted.get("pull_interval"), DEFAULT_PULL_INTERVAL, manual);
    int fullSync = interval(wanted.get("full_sync_interval"), DEFAULT_FULL_SYNC_INTERVAL, manual);
    // A shorter interval takes effect now, not after the pull that was due at the old one.
    Instant soonest = Rows.now(clock).plusSeconds(pull);
    Instant nextPull = handle.createQuery("select next_pull_at from event_subscriptions where id = :id").bind("id", subscriptionId)
        .map((rs, ctx) -> Rows.instant(rs, "next_pull_at")).findOne().orElse(null);
    handle.createUpdate("update event_subscriptions set pull_interval_seconds = :pull, full_sync_interval_seconds = :full,"
            + " next_pull_at = :next where id = :id")
        .bind("pull", pull).bind("full", fullSync)
        .bind("next", nextPull == null ? null : Rows.time(nextPull.isAfter(soonest) ? soonest : nextPull)).bind("id", subscriptionId)
        .execute();
  }

  private static int interval(@Nullable Object consumers, Duration fallback, boolean manual) {
    if (consumers == null) {
      return (int) fallback.toSeconds();
    }
    int wanted = ((Number) consumers).intValue();
    return manual ? Math.min(wanted, (int) fallback.toSeconds()) : wanted;
  }

  private void reschedule(String workspaceId, String subscriptionId) {
    find(workspaceId, subscriptionId).ifPresent(subscription ->
        scheduler.schedule(workspaceId, subscriptionId, Objects.requireNonNullElse(subscription.nextDue(), Rows.now(clock))));
  }

  /** A subscription about to be claimed, its lease, and the version of its snapshot that a scan kept with its size. */
  private record Claimable(EventSubscription subscription, @Nullable Instant leaseUntil, @Nullable String snapshotVersion,
      int snapshotRows) {}

  /** A place of the workspace for a running pull: taken while its lease lasts. */
  private record Slot(int number, @Nullable String connectionId, @Nullable Instant leaseUntil) {
    boolean taken(Instant now) {
      return leaseUntil != null && leaseUntil.isAfter(now);
    }
  }

  /**
   * What a claim found: the subscription as it stands (null when it is gone), whether its lease
   * was taken, whether it was not for lack of a free place (rather than because nothing was due),
   * and whether the lease it took had run out rather than been released (a pull of it may have
   * lost its process).
   */
  private record Claim(@Nullable EventSubscription subscription, boolean claimed, boolean busy, boolean leaseRanOut,
      @Nullable String snapshotVersion, int snapshotRows) {
    static final Claim GONE = new Claim(null, false, false, false, null, 0);

    Claim(@Nullable EventSubscription subscription, boolean claimed, boolean busy, boolean leaseRanOut) {
      this(subscription, claimed, busy, leaseRanOut, null, 0);
    }
  }

  /**
   * A pull recorded as running, with the size of the snapshot it starts from and the version of it
   * that the last scan kept (null if none stands).
   */
  private record Started(String pullId, boolean baseline, boolean scan, int snapshotSize, @Nullable String snapshotVersion,
      Instant at) {}

  /**
   * Takes the subscription's lease when it is {@code due}, no pull of it runs, and fewer than
   * {@link #PULLS_PER_CONNECTION} of its connection and {@link #maxPullsPerWorkspace} of its
   * workspace run; the pull also takes one of the workspace's places ({@code pull_slots}), which
   * is how the running pulls are counted. The workspace's row is locked while counting, so two
   * nodes cannot both take the last place (of the workspace, or of one of its connections). Under
   * the lock: one statement reads the subscription, one the workspace's places (at most its cap of
   * rows), and two take the lease and a place.
   */
  private Claim claim(String workspaceId, String subscriptionId, String owner, Predicate<EventSubscription> due) {
    Instant now = Rows.now(clock);
    return database.inTransaction(handle -> {
      handle.createQuery("select id from workspaces where id = :ws for update").bind("ws", workspaceId).mapTo(String.class).findOne();
      Optional<Claimable> found = handle.createQuery("select * from event_subscriptions where workspace_id = :ws and id = :id")
          .bind("ws", workspaceId).bind("id", subscriptionId)
          .map((rs, ctx) -> new Claimable(map(rs), Rows.instant(rs, "lease_until"), rs.getString("snapshot_version"),
              rs.getInt("snapshot_rows")))
          .findOne();
      if (found.isEmpty()) {
        return Claim.GONE;
      }
      Claimable claimable = found.get();
      EventSubscription subscription = claimable.subscription();
      if (!due.test(subscription)) {
        return new Claim(subscription, false, false, false);
      }
      if (claimable.leaseUntil() != null && claimable.leaseUntil().isAfter(now)) {
        return new Claim(subscription, false, true, false);
      }
      List<Slot> slots = handle.createQuery("select slot, connection_id, lease_until from pull_slots where workspace_id = :ws")
          .bind("ws", workspaceId).map((rs, ctx) -> new Slot(rs.getInt("slot"), rs.getString("connection_id"),
              Rows.instant(rs, "lease_until"))).list();
      long ofWorkspace = slots.stream().filter(slot -> slot.taken(now)).count();
      long ofConnection = slots.stream().filter(slot -> slot.taken(now) && subscription.connectionId().equals(slot.connectionId()))
          .count();
      if (ofConnection >= PULLS_PER_CONNECTION || ofWorkspace >= maxPullsPerWorkspace) {
        return new Claim(subscription, false, true, false);
      }
      Instant until = now.plus(LEASE);
      boolean claimed = handle.createUpdate("update event_subscriptions set lease_owner = :owner, lease_until = :until where id = :id"
              + " and (lease_until is null or lease_until <= :now)")
          .bind("owner", owner).bind("until", Rows.time(until)).bind("id", subscriptionId).bind("now", Rows.time(now))
          .execute() == 1;
      if (claimed) {
        takeSlot(handle, workspaceId, subscription, owner, until, slots, now);
      }
      return new Claim(subscription, claimed, !claimed, claimed && claimable.leaseUntil() != null, claimable.snapshotVersion(),
          claimable.snapshotRows());
    });
  }

  /** Takes a free place among the workspace's {@code slots}, or adds one when all are taken. */
  private static void takeSlot(Handle handle, String workspaceId, EventSubscription subscription, String owner, Instant until,
      List<Slot> slots, Instant now) {
    Optional<Slot> free = slots.stream().filter(slot -> !slot.taken(now)).findFirst();
    int number = free.map(Slot::number).orElseGet(() -> slots.stream().mapToInt(Slot::number).max().orElse(-1) + 1);
    String values = free.isPresent()
        ? "update pull_slots set subscription_id = :subscription, connection_id = :connection, lease_owner = :owner,"
            + " lease_until = :until where workspace_id = :ws and slot = :slot"
        : "insert into pull_slots (workspace_id, slot, subscription_id, connection_id, lease_owner, lease_until)"
            + " values (:ws, :slot, :subscription, :connection, :owner, :until)";
    handle.createUpdate(values).bind("ws", workspaceId).bind("slot", number).bind("subscription", subscription.id())
        .bind("connection", subscription.connectionId()).bind("owner", owner).bind("until", Rows.time(until)).execute();
  }

  /**
   * Records the pull of a claimed subscription as running (a full scan when {@code fullSync}, or
   * when its strategy scans), with the size of the snapshot it starts from, found in the same
   * statement: the number of rows the last scan left, while its version of the snapshot stands (see
   * {@code FullScan.keep}; read by the claim, which took the lease under which no one else writes
   * the snapshot), else counted (at 1,000,000 rows the count reads the whole snapshot, from disk
   * when a kept copy spared the last scans reading it). A baseline always counts: starting over
   * ({@link #resubscribe}) deletes the rows without waiting for a scan that may still be running
   * and may write a version at its end.
   */
  private static Started start(Handle handle, EventSubscription subscription, boolean fullSync, Claim claim, Instant now) {
    boolean baseline = !subscription.baselineDone();
    boolean scan = baseline ? subscription.requiresFullSync() : subscription.changes() == EventStrategy.FULL_SCAN || fullSync;
    String pullId = Ids.newId();
    int size = handle.createUpdate("insert into event_pulls (id, subscription_id, is_full_scan, is_baseline, status, pages, records,"
            + " snapshot_size, events, started_at, strategy) values (:id, :subscription, :scan, :baseline, 'running', 0, 0,"
            + (claim.snapshotVersion() != null && !baseline ? " :rows"
                : " (select count(*) from subscription_snapshots where subscription_id = :subscription)")
            + ", 0, :now, :strategy)")
        .bind("rows", claim.snapshotRows()).bind("id", pullId).bind("subscription", subscription.id()).bind("scan", scan)
        .bind("baseline", baseline).bind("now", Rows.time(now)).bind("strategy", scan ? EventStrategy.FULL_SCAN.wireName() : subscription.changes().wireName())
        .executeAndReturnGeneratedKeys("snapshot_size").mapTo(Integer.class).one();
    return new Started(pullId, baseline, scan, size, claim.snapshotVersion(), now);
  }

  /** Records a running pull's counts and renews its lease and its workspace place. */
  private void progress(String pullId, String workspaceId, String subscriptionId, String leaseOwner, int pages, int records,
      int events) {
    Instant until = Rows.now(clock).plus(LEASE);
    database.inTransaction(handle -> {
      handle.createUpdate("update event_pulls set pages = :pages, records = :records, events = :events where id = :id")
          .bind("pages", pages).bind("records", records).bind("events", events).bind("id", pullId).execute();
      handle.createUpdate("update pull_slots set lease_until = :until where workspace_id = :ws and lease_owner = :owner")
          .bind("until", Rows.time(until)).bind("ws", workspaceId).bind("owner", leaseOwner).execute();
      return handle.createUpdate("update event_subscriptions set lease_until = :until where id = :id and lease_owner = :owner")
          .bind("until", Rows.time(until)).bind("id", subscriptionId).bind("owner", leaseOwner).execute();
    });
  }

  /**
   * Records the pull's end and the subscription's next due times, and releases the pull's lease.
   * Returns the subscription with those due times, or empty when it was removed during the pull.
   */
  private Optional<EventSubscription> finish(String pullId, String workspaceId, EventSubscription subscription, String leaseOwner,
      String status,
      int pages, int records, int events, @Nullable String error, boolean succeeded, boolean scanned) {
    Instant now = Rows.now(clock);
    Instant nextFullSync = now.plusSeconds(subscription.fullSyncIntervalSeconds());
    return database.inTransaction(handle -> {
      handle.createUpdate("update event_pulls set status = :status, error_message = :error, finished_at = :now"
              + (pages >= 0 ? ", pages = :pages, records = :records, events = :events" : "") + " where id = :id")
          .bind("status", status).bind("error", error).bind("now", Rows.time(now)).bind("pages", pages).bind("records", records)
          .bind("events", events).bind("id", pullId).execute();
      freeSlot(handle, workspaceId, leaseOwner);
      int failures = succeeded ? 0 : 1 + handle.createQuery("select consecutive_failures from event_subscriptions where id = :id")
          .bind("id", subscription.id()).mapTo(Integer.class).findOne().orElse(0);
      Duration wait = retryAfter(subscription.pullIntervalSeconds(), failures);
      Instant nextPull = now.plus(wait);
      boolean kept = handle.createUpdate("update event_subscriptions set status = :status, error_message = :error, updated_at = :now,"
              + " consecutive_failures = :failures, next_pull_at = :nextPull,"
              + " lease_until = case when lease_owner = :owner then null else lease_until end,"
              + " lease_owner = case when lease_owner = :owner then null else lease_owner end"
              + (scanned ? ", next_full_sync_at = :nextFullSync" : "")
              + (succeeded ? ", baseline_done = true" : "") + " where id = :id")
          .bind("status", succeeded ? EventSubscription.SUBSCRIBED : EventSubscription.ERROR)
          .bind("error", error == null ? null : error + " The next pull tries again in " + wait.toMinutes() + " minutes.")
          .bind("failures", failures)
          .bind("nextPull", Rows.time(nextPull))
          .bind("nextFullSync", Rows.time(nextFullSync))
          .bind("now", Rows.time(now)).bind("owner", leaseOwner).bind("id", subscription.id()).execute() == 1;
      return kept ? Optional.of(subscription.withNextPulls(nextPull, scanned ? nextFullSync : subscription.nextFullSyncAt()))
          : Optional.<EventSubscription>empty();
    });
  }

  /**
   * The wait before the next pull: the interval after a good pull; after failures in a row, the
   * interval doubled for each failure but the first, up to {@link #LONGEST_BACKOFF} (or the
   * interval, when that is longer).
   */
  static Duration retryAfter(int intervalSeconds, int failures) {
    Duration interval = Duration.ofSeconds(intervalSeconds);
    if (failures <= 1) {
      return interval;
    }
    Duration doubled = interval.multipliedBy(1L << Math.min(failures - 1, 20));
    Duration cap = interval.compareTo(LONGEST_BACKOFF) > 0 ? interval : LONGEST_BACKOFF;
    return doubled.compareTo(cap) > 0 ? cap : doubled;
  }

  private Map<String, Object> state(String subscriptionId) {
    String json = database.withHandle(handle -> handle.createQuery("select strategy_state from event_subscriptions where id = :id")
        .bind("id", subscriptionId).mapTo(String.class).findOne().orElse(null));
    return json == null ? Map.of() : Json.readObject(json);
  }

  private void saveState(String subscriptionId, Map<String, Object> state) {
    database.inTransaction(handle -> {
      saveState(handle, subscriptionId, state);
      return null;
    });
  }

  private static void saveState(Handle handle, String subscriptionId, Map<String, Object> state) {
    handle.createUpdate("update event_subscriptions set strategy_state = :state where id = :id")
        .bind("state", Json.write(state)).bind("id", subscriptionId).execute();
  }

  private static Optional<String> consumerSubscription(Handle handle, String consumerId) {
    return handle.createQuery("select subscription_id from event_subscription_consumers where consumer_id = :id")
        .bind("id", consumerId).mapTo(String.class).findOne();
  }

  // ---- reading

  public EventSubscription get(Caller caller, String id) {
    return find(caller.workspaceId(), id)
        .filter(subscription -> visible(caller, subscription.customerId()))
        .orElseThrow(() -> notFound(id));
  }

  private Optional<EventSubscription> find(String workspaceId, String id) {
    return database.withHandle(handle -> handle.createQuery("select * from event_subscriptions where workspace_id = :ws and id = :id")
        .bind("ws", workspaceId).bind("id", id).map((rs, ctx) -> map(rs)).findOne());
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("No event subscription \"" + id + "\". List them with GET /external-event-subscriptions.");
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
      // Ordered as the index (workspace_id, id) is, H2 reads it in order and stops after the page;
      // ordered by id alone it read and sorted every later event of the workspace for each page.
      sql.append(" order by workspace_id, id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> event(rs))
          .list(), page, DataEvent::id);
    });
  }

  /**
   * The events after the cursor, waiting up to {@code wait} for some to arrive when there are none
   * yet (a long poll). Looks every quarter second, so events written by any node are seen.
   */
  public Page<DataEvent> awaitEvents(Caller caller, @Nullable String subscriptionId, PageRequest page, Duration wait) {
    Instant until = Instant.now().plus(wait);
    while (true) {
      Page<DataEvent> found = events(caller, subscriptionId, page);
      if (!found.items().isEmpty() || !Instant.now().isBefore(until)) {
        return found;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
    }
  }

  /** An event log row as an event. */
  public static DataEvent event(ResultSet rs) throws SQLException {
    return new DataEvent(rs.getString("id"), rs.getString("event_type"), rs.getString("record_id"),
        Json.readObject(rs.getString("record")), rs.getString("subscription_id"), rs.getString("connection_id"),
        rs.getString("customer_id"), rs.getString("collection_key"), Rows.requiredInstant(rs, "created_at"),
        launched(rs.getString("launched_flow_run_ids")));
  }

  private static List<String> launched(@Nullable String ids) {
    return ids == null || ids.isEmpty() ? List.of() : List.of(ids.split(","));
  }

  private static boolean visible(Caller caller, String customerId) {
    return !(caller instanceof Caller.ActingCustomer self) || self.customerId().equals(customerId);
  }

  private Optional<EventSubscription> byKey(Handle handle, String connectionId, String collectionKey, String hash) {
    return handle.createQuery("select * from event_subscriptions where connection_id = :connection and collection_key = :collection"
            + " and parameters_hash = :hash")
        .bind("connection", connectionId).bind("collection", collectionKey).bind("hash", hash)
        .map((rs, ctx) -> map(rs)).findOne();
  }

  private EventSubscription map(ResultSet rs) throws SQLException {
    String ingress = rs.getString("ingress_id");
    return new EventSubscription(rs.getString("id"), rs.getString("connection_id"), rs.getString("customer_id"),
        rs.getString("collection_key"), Json.readObject(rs.getString("parameters")), rs.getString("strategy"),
        rs.getString("status"), rs.getBoolean("baseline_done"), rs.getString("error_message"), rs.getBoolean("is_real_time"),
        rs.getBoolean("requires_pull"), rs.getBoolean("requires_full_sync"), rs.getInt("pull_interval_seconds"),
        rs.getInt("full_sync_interval_seconds"), Rows.instant(rs, "next_pull_at"), Rows.instant(rs, "next_full_sync_at"),
        Rows.instant(rs, "next_refresh_at"), ingress == null ? null : webhookUri(ingress), rs.getBoolean("is_manual"),
        Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "updated_at"));
  }
}
