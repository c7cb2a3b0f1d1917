package dev.tributary.engine.events;

import dev.tributary.connector.DataRecord;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Rows;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * Finds changes by listing the whole collection and comparing each record with the snapshot kept
 * in the database (record id → hash), one page at a time, so memory does not grow with the
 * collection.
 *
 * <p>Each page is one transaction: its snapshot rows and its events commit together, so a crash
 * loses or repeats nothing of a page. Every record seen is stamped with the scan's id; only when
 * the scan reached the last page are records not stamped reported deleted, so a failed or cut-short
 * scan never reports a deletion. A baseline scan records the snapshot and reports nothing.
 */
final class FullScan {

  private static final int DELETE_BATCH = 500;

  private final Database database;
  private final Clock clock;

  FullScan(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** Reads one page of the collection; null cursor for the first page. */
  interface Pages extends Function<@Nullable String, RecordPage> {}

  /**
   * Runs a scan; {@code progress} is called after every page with the pull's counts. With {@code
   * reportChanges} false the scan only keeps the snapshot and reports deletions (for strategies
   * that find creations and updates another way).
   */
  Result run(String workspaceId, EventSubscription subscription, boolean baseline, boolean reportChanges,
      Set<String> ignoredFields, Pages pages, ProgressListener progress) {
    String scanId = Ids.newId();
    int pageCount = 0;
    int recordCount = 0;
    int events = 0;
    String cursor = null;
    do {
      RecordPage page = pages.apply(cursor);
      String currentScan = scanId;
      events += database.inTransaction(handle -> comparePage(handle, workspaceId, subscription, page.records(), currentScan,
          baseline || !reportChanges, ignoredFields));
      pageCount++;
      recordCount += page.records().size();
      cursor = page.cursor();
      progress.page(pageCount, recordCount, events);
    } while (cursor != null);
    // The last page was read without error: whatever was not seen is gone.
    while (true) {
      int deleted = database.inTransaction(handle -> reportDeleted(handle, workspaceId, subscription, scanId, baseline));
      if (deleted == 0) {
        break;
      }
      events += baseline ? 0 : deleted;
    }
    return new Result(pageCount, recordCount, events);
  }

  record Result(int pages, int records, int events) {}

  /**
   * Compares some records (e.g. the newest ones) with the snapshot in one transaction, reporting
   * what is new or changed, and {@code alsoInTransaction} (e.g. saving a mark) with them. Records
   * that match the snapshot report nothing, so seeing a record twice reports it once.
   */
  int compare(String workspaceId, EventSubscription subscription, List<DataRecord> records, String scanId,
      Set<String> ignoredFields, java.util.function.Consumer<Handle> alsoInTransaction) {
    return database.inTransaction(handle -> {
      int events = comparePage(handle, workspaceId, subscription, records, scanId, false, ignoredFields);
      alsoInTransaction.accept(handle);
      return events;
    });
  }

  @FunctionalInterface
  interface ProgressListener {
    void page(int pages, int records, int events);
  }

  /**
   * Compares one page with the snapshot in one query (the page's known hashes) and one batch each
   * for new rows, changed rows, unchanged rows (only their scan id moves) and events.
   */
  private int comparePage(Handle handle, String workspaceId, EventSubscription subscription, List<DataRecord> records,
      String scanId, boolean baseline, Set<String> ignoredFields) {
    if (records.isEmpty()) {
      return 0;
    }
    Map<String, String> known = new HashMap<>();
    // A join with the page's ids, so that both databases look each one up in the primary key (H2
    // reads an IN list on the key's second column by scanning the subscription's rows).
    handle.createQuery("select s.record_id, s.record_hash from unnest(:ids) as page(id) join subscription_snapshots s"
            + " on s.subscription_id = :subscription and s.record_id = page.id")
        .bind("subscription", subscription.id())
        .bind("ids", records.stream().map(DataRecord::id).distinct().toArray(String[]::new))
        .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(entry -> known.put(entry.getKey(), entry.getValue()));
    Map<String, String> stored = Map.copyOf(known);
    Map<String, String> inserted = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>(); // records already in the snapshot: their hash now
    List<PendingEvent> events = new ArrayList<>();
    for (DataRecord record : records) {
      String hash = RecordHashes.of(record.fields(), ignoredFields);
      String previous = known.get(record.id());
      if (previous == null) {
        inserted.put(record.id(), hash);
        known.put(record.id(), hash); // a record listed twice in one scan is one record
        if (!baseline) {
          events.add(new PendingEvent(DataEvent.CREATED, record.id(), recordJson(record)));
        }
      } else {
        (inserted.containsKey(record.id()) ? inserted : seen).put(record.id(), hash);
        if (!previous.equals(hash) && !baseline) {
          events.add(new PendingEvent(DataEvent.UPDATED, record.id(), recordJson(record)));
        }
      }
    }
    Map<String, String> changed = new LinkedHashMap<>();
    List<String> unchanged = new ArrayList<>();
    seen.forEach((id, hash) -> {
      if (hash.equals(stored.get(id))) {
        unchanged.add(id);
      } else {
        changed.put(id, hash);
      }
    });
    if (!inserted.isEmpty()) {
      PreparedBatch batch = handle.prepareBatch("insert into subscription_snapshots (subscription_id, record_id, record_hash,"
          + " scan_id) values (:subscription, :record, :hash, :scan)");
      inserted.forEach((id, hash) -> batch.bind("subscription", subscription.id()).bind("record", id).bind("hash", hash)
          .bind("scan", scanId).add());
      batch.execute();
    }
    if (!changed.isEmpty()) {
      PreparedBatch batch = handle.prepareBatch("update subscription_snapshots set record_hash = :hash, scan_id = :scan"
          + " where subscription_id = :subscription and record_id = :record");
      changed.forEach((id, hash) -> batch.bind("subscription", subscription.id()).bind("record", id).bind("hash", hash)
          .bind("scan", scanId).add());
      batch.execute();
    }
    if (!unchanged.isEmpty()) {
      PreparedBatch batch = handle.prepareBatch("update subscription_snapshots set scan_id = :scan"
          + " where subscription_id = :subscription and record_id = :record");
      unchanged.forEach(id -> batch.bind("subscription", subscription.id()).bind("record", id).bind("scan", scanId).add());
      batch.execute();
    }
    log(handle, workspaceId, subscription, events, Rows.now(clock));
    return events.size();
  }

  private int reportDeleted(Handle handle, String workspaceId, EventSubscription subscription, String scanId, boolean baseline) {
    List<String> gone = handle.createQuery("select record_id from subscription_snapshots where subscription_id = :subscription"
            + " and scan_id <> :scan order by record_id limit " + DELETE_BATCH)
        .bind("subscription", subscription.id()).bind("scan", scanId).mapTo(String.class).list();
    if (gone.isEmpty()) {
      return 0;
    }
    if (!baseline) {
      log(handle, workspaceId, subscription, gone.stream()
          .map(recordId -> new PendingEvent(DataEvent.DELETED, recordId, Json.write(Map.of("id", recordId)))).toList(),
          Rows.now(clock));
    }
    PreparedBatch batch = handle.prepareBatch("delete from subscription_snapshots where subscription_id = :subscription"
        + " and record_id = :record");
    gone.forEach(id -> batch.bind("subscription", subscription.id()).bind("record", id).add());
    batch.execute();
    return gone.size();
  }

  static int snapshotSize(Handle handle, String subscriptionId) {
    return handle.createQuery("select count(*) from subscription_snapshots where subscription_id = :subscription")
        .bind("subscription", subscriptionId).mapTo(Integer.class).one();
  }

  private static String recordJson(DataRecord record) {
    return EventLog.recordJson(record);
  }

  /** An event of a page, logged with the page's other events in one batch. */
  private record PendingEvent(String type, String recordId, String record) {}

  private static void log(Handle handle, String workspaceId, EventSubscription subscription, List<PendingEvent> events,
      Instant now) {
    if (events.isEmpty()) {
      return;
    }
    PreparedBatch batch = handle.prepareBatch("insert into event_log (id, workspace_id, subscription_id, connection_id,"
        + " customer_id, collection_key, event_type, record_id, record, created_at) values (:id, :ws, :subscription,"
        + " :connection, :customer, :collection, :type, :record, :body, :now)");
    for (PendingEvent event : events) {
      batch.bind("id", Ids.newId()).bind("ws", workspaceId).bind("subscription", subscription.id())
          .bind("connection", subscription.connectionId()).bind("customer", subscription.customerId())
          .bind("collection", subscription.collectionKey()).bind("type", event.type()).bind("record", event.recordId())
          .bind("body", event.record()).bind("now", Rows.time(now)).add();
    }
    batch.execute();
  }
}
