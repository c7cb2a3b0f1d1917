package dev.tributary.engine.events;

import dev.tributary.connector.DataRecord;
import dev.tributary.connector.DeferredRecordPage;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.DatabaseKind;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Rows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jspecify.annotations.Nullable;

/**
 * Finds changes by listing the whole collection and comparing each record with the snapshot kept
 * in the database (record id → hash), one page at a time, so memory does not grow with the
 * collection. The next pages are read and hashed while the current one is compared (see {@link
 * Reader}).
 *
 * <p>Each page is one transaction: its snapshot rows and its events commit together, so a crash
 * loses or repeats nothing of a page. Only when the scan reached the last page are the snapshot's
 * records it did not see reported deleted, so a failed or cut-short scan never reports a deletion.
 *
 * <p>Memory does not grow without bound with the collection. A scan holds the snapshot in memory
 * ({@link SnapshotHashes}, about 30 bytes a record and the id) when it fits in what the engine's
 * scans share ({@link MemoryBudget}, a quarter of the heap), and with it which records it saw;
 * what the scan adds and changes it keeps there too while that fits as well, and past that it reads
 * those records' rows back from the database page by page. A scan that kept all it wrote leaves its
 * copy, brought up to date, for the next scan of the subscription on this node ({@link
 * KeptSnapshots}, from {@link #KEEP_FROM} records), which starts from it instead of reading the
 * database, as long as the subscription's row carries the version the scan wrote there. A scan whose
 * snapshot does not fit reads each page's known hashes from the database and keeps which records
 * it saw as fingerprints of their ids, up to {@link #SEEN_IDS_IN_MEMORY} ({@link SeenIds}), so
 * that an unchanged record costs a read and no write; past that bound it stamps every record it
 * sees with its id in the database instead. A baseline scan records the snapshot and reports
 * nothing.
 */
final class FullScan {

  /**
   * The fewest records of a snapshot that a scan keeps in memory for the next scan: a smaller one
   * is read in one statement, where keeping it would cost a write at the end of every scan.
   */
  static final int KEEP_FROM = 1_000;
  /**
   * The most ids of seen records a scan holds in memory when it does not hold the snapshot ({@link
   * SeenIds}, about 32 bytes each: at most 64 MB); past the bound it stamps rows instead.
   */
  static final int SEEN_IDS_IN_MEMORY = 2_000_000;
  /** How long a scan goes at least between two reports of its progress while it need not wait for pages. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
  /** How long a scan waits for its next page before it reports the pages compared meanwhile. */
  static final Duration PROGRESS_AFTER_WAITING = Duration.ofMillis(100);
  private static final int DELETE_BATCH = 500;
  /** Rows read per chunk when looking for the unseen ones. */
  private static final int UNSEEN_READ_BATCH = 5_000;
  /** Ids stamped per statement: H2 holds at most 65,536 elements in an array. */
  private static final int STAMP_BATCH = 10_000;

  private final Database database;
  private final Clock clock;
  private final MemoryBudget budget;
  private final Limits limits;
  private final KeptSnapshots kept = new KeptSnapshots();

  /**
   * How much a scan keeps in memory, in records, and how many rows it reads or writes per statement
   * when it goes through the snapshot's rows in id order (deleting, stamping, finding the unseen).
   */
  record Limits(int snapshotInMemory, int writtenInMemory, int seenIdsInMemory, int deleteBatch, int unseenReadBatch,
      int stampBatch, int keepFrom) {

    /** Each bound in records as far as the budget allows (the written ones too), and at least {@link #KEEP_FROM} to keep. */
    static final Limits DEFAULT = new Limits(Integer.MAX_VALUE, Integer.MAX_VALUE, SEEN_IDS_IN_MEMORY, DELETE_BATCH,
        UNSEEN_READ_BATCH, STAMP_BATCH, KEEP_FROM);

    /** For tests: each bound in records, and rows read or written {@code chunk} at a time; a snapshot of any size kept. */
    static Limits of(int snapshotInMemory, int writtenInMemory, int seenIdsInMemory, int chunk) {
      return new Limits(snapshotInMemory, writtenInMemory, seenIdsInMemory, chunk, chunk, chunk, 0);
    }
  }

  FullScan(Database database, Clock clock) {
    this(database, clock, MemoryBudget.shareOfHeap(), Limits.DEFAULT);
  }

  /** For tests: a scan holding at most {@code inMemory} records of the snapshot, of its writes, or ids of seen records. */
  FullScan(Database database, Clock clock, int inMemory) {
    this(database, clock, new MemoryBudget(Long.MAX_VALUE), Limits.of(inMemory, inMemory, inMemory, DELETE_BATCH));
  }

  FullScan(Database database, Clock clock, MemoryBudget budget, Limits limits) {
    this.database = database;
    this.clock = clock;
    this.budget = budget;
    this.limits = limits;
  }

  /**
   * Reads one page of the collection; null cursor for the first page. Its records are mapped on
   * the thread that hashes them, while the next page is read.
   */
  interface Pages extends Function<@Nullable String, DeferredRecordPage> {}

  /**
   * Runs a scan of a snapshot of {@code snapshotBefore} rows (as the pull's start counted them), of
   * the version a scan kept in memory if {@code snapshotVersion} (as the pull's claim read it);
   * {@code progress} is called with the pull's counts after a page at most every {@link
   * #PROGRESS_EVERY}, and when the scan has waited {@link #PROGRESS_AFTER_WAITING} for its next page
   * with pages not reported yet, rather than after every page: it writes to the database (a write
   * whenever the scan was to wait for its next page cost a tenth of a 10,000-record scan on
   * PostgreSQL, the waits being often shorter than the write). With {@code reportChanges}
   * false the scan only keeps the snapshot and reports deletions (for strategies that find
   * creations and updates another way).
   */
  Result run(String workspaceId, EventSubscription subscription, boolean baseline, boolean reportChanges,
      Set<String> ignoredFields, int snapshotBefore, @Nullable String snapshotVersion, Pages pages, ProgressListener progress) {
    String scanId = Ids.newId();
    int pageCount = 0;
    int recordCount = 0;
    int events = 0;
    long progressWritten = System.nanoTime();
    boolean quiet = baseline || !reportChanges; // no created or updated events: a page's ids and hashes are enough
    try (Reader reader = Reader.start(pages, ignoredFields, quiet); // reads the first pages while the snapshot loads
        MemoryBudget.Reservation reservation = budget.open()) {
      SnapshotHashes before = database.inTransaction(handle -> startFrom(handle, subscription.id(), baseline, snapshotBefore,
          snapshotVersion, reservation));
      reader.check(before);
      SnapshotHashes[] memory = {before}; // what the scan looks up in memory, until it wrote more than it keeps there
      SeenIds seen = new SeenIds(limits.seenIdsInMemory()); // only without the snapshot in memory
      HashedPage page;
      boolean unreported = false;
      do {
        if (unreported && !reader.awaitNext(PROGRESS_AFTER_WAITING)) { // a slow app: say how far the scan got meanwhile
          progress.page(pageCount, recordCount, events);
          progressWritten = System.nanoTime();
          unreported = false;
        }
        page = reader.next();
        HashedPage current = page;
        Compared compared = database.inTransaction(handle -> {
          if (baseline) {
            commitWithoutWaiting(handle);
          }
          return comparePage(handle, workspaceId, subscription, current.ids(), current.hashes(), current.records(),
              current.slotsAsBefore(), scanId, quiet, seen.stamping(), before, memory[0]);
        });
        events += compared.events();
        if (memory[0] != null && (memory[0].written() > limits.writtenInMemory() || !fits(reservation, memory[0].bytes()))) {
          memory[0].forgetWritten(); // read the rows it wrote back from the database from now on
          memory[0] = null;
        }
        if (before != null) {
          compared.alreadyKnown().forEach(before::markSeen);
        } else if (seen.add(compared.alreadyKnown())) { // past the bound: stamp the rows seen so far, and every page from now on
          stampSeen(subscription.id(), scanId, seen);
          seen.clear();
        }
        pageCount++;
        recordCount += page.ids().size();
        long now = System.nanoTime();
        unreported = now - progressWritten < PROGRESS_EVERY.toNanos();
        if (!unreported) {
          progress.page(pageCount, recordCount, events);
          progressWritten = now;
        }
      } while (page.cursor() != null);
      // The last page was read without error: whatever was not seen is gone.
      int deleted;
      if (before != null) {
        List<String> gone = before.olderNotSeen();
        deleted = delete(workspaceId, subscription, baseline, gone);
        if (memory[0] != null) {
          keep(subscription.id(), before.settle(gone), reservation);
        }
      } else if (seen.stamping()) {
        deleted = deleteUnstamped(workspaceId, subscription, scanId, baseline);
      } else {
        deleted = deleteUnseen(workspaceId, subscription, scanId, baseline, seen, snapshotBefore - seen.size());
      }
      events += baseline ? 0 : deleted;
    }
    return new Result(pageCount, recordCount, events);
  }

  private static final int LOAD_BATCH = 10_000;

  /**
   * The snapshot in memory a scan starts from: the copy the last scan of the subscription on this
   * node kept, if the subscription's row still carries the version that scan wrote ({@code
   * version}, as the pull's claim read it under the lease that keeps other writers away) and the
   * copy holds the {@code expected} rows the pull's start found, and the scan is no {@code
   * baseline} (a subscription starting over may have had its rows deleted under a scan that then
   * wrote a version); else the snapshot read from the database ({@link #loadSnapshot}); or null. A
   * version that stands is cleared in the same transaction, so that no node's copy matches again
   * until this scan has ended and written a new one: a scan that fails part way has written some of
   * its pages.
   */
  private @Nullable SnapshotHashes startFrom(Handle handle, String subscriptionId, boolean baseline, int expected,
      @Nullable String version, MemoryBudget.Reservation reservation) {
    KeptSnapshots.Kept copy = kept.take(subscriptionId);
    if (version != null) {
      clearVersion(handle, subscriptionId);
    }
    if (copy != null) {
      if (!baseline && copy.version().equals(version) && copy.snapshot().sizeBefore() == expected
          && expected <= limits.snapshotInMemory()) {
        copy.reservation().handTo(reservation);
        return copy.snapshot();
      }
      copy.reservation().close();
    }
    return expected > limits.snapshotInMemory() ? null : loadSnapshot(handle, subscriptionId, expected, reservation);
  }

  /**
   * Lets PostgreSQL end the transaction without waiting for its write-ahead log to reach the disk:
   * for a baseline's pages, which log no event. They are on disk at the latest when the pull's end
   * commits (the log is written in order); should the database stop before that, they are lost
   * together, never in part, and the pull, not ended, records its baseline again. Waiting for each
   * page's flush made PostgreSQL's baselines the slowest scans (37–47 % of the raw bound at
   * 10,000 records, where compare scans reached 51–52 %).
   */
  private void commitWithoutWaiting(Handle handle) {
    if (database.kind() == DatabaseKind.POSTGRESQL) {
      handle.execute("set local synchronous_commit = off");
    }
  }

  private static void clearVersion(Handle handle, String subscriptionId) {
    handle.createUpdate("update event_subscriptions set snapshot_version = null where id = :id and snapshot_version is not null")
        .bind("id", subscriptionId).execute();
  }

  /**
   * Keeps {@code snapshot}, the copy a scan that has just ended left (null: none to keep), for the
   * next scan of the subscription on this node, with the memory {@code reservation} held for it and
   * a new version written to the subscription's row (none when the subscription is gone meanwhile),
   * with the number of rows the snapshot holds, which the next pull's start reads rather than count
   * them while the version stands.
   */
  private void keep(String subscriptionId, @Nullable SnapshotHashes snapshot, MemoryBudget.Reservation reservation) {
    if (snapshot == null || snapshot.sizeBefore() < limits.keepFrom() || !fits(reservation, snapshot.bytes())) {
      return;
    }
    String version = Ids.newId();
    boolean stillSubscribed = database.inTransaction(handle -> handle.createUpdate("update event_subscriptions"
            + " set snapshot_version = :version, snapshot_rows = :rows where id = :id")
        .bind("version", version).bind("rows", snapshot.sizeBefore()).bind("id", subscriptionId).execute() == 1);
    if (stillSubscribed) {
      MemoryBudget.Reservation held = budget.open();
      reservation.handTo(held);
      kept.put(subscriptionId, new KeptSnapshots.Kept(version, snapshot, held));
    }
  }

  /**
   * Extends {@code reservation} to {@code bytes}, dropping the copies kept for later scans, least
   * recently kept first, while the budget has not that much left: a running scan comes first.
   */
  private boolean fits(MemoryBudget.Reservation reservation, long bytes) {
    while (!reservation.cover(bytes)) {
      if (!kept.dropEldest()) {
        return false;
      }
    }
    return true;
  }

  /** Drops the copy of the subscription's snapshot kept on this node (it is gone, or starts over). */
  void forget(String subscriptionId) {
    kept.forget(subscriptionId);
  }

  /** For tests: how many snapshots this node keeps for the next scans. */
  int keptSnapshots() {
    return kept.size();
  }

  /**
   * The subscription's snapshot, read once at the start of a scan, or null when it holds more than
   * the scan keeps in memory or than {@code reservation} can cover (or a hash of another form). It
   * is then kept up to date with what the scan writes: the database stays the record, this only
   * saves reading the page's rows back for every page (a pull of a subscription runs alone, under
   * its lease, so nothing else writes them meanwhile). Read along the primary key {@value
   * #LOAD_BATCH} rows at a time (see {@link #alongTheKey}).
   */
  private @Nullable SnapshotHashes loadSnapshot(Handle handle, String subscriptionId, int expected,
      MemoryBudget.Reservation reservation) {
    if (!fits(reservation, SnapshotHashes.bytesFor(expected))) {
      return null;
    }
    SnapshotHashes snapshot = new SnapshotHashes(expected);
    alongTheKey(handle);
    String after = "";
    while (after != null) {
      List<String[]> rows = handle.createQuery("select record_id, record_hash from subscription_snapshots"
              + " where subscription_id = :subscription and record_id > :after order by subscription_id, record_id limit "
              + LOAD_BATCH)
          .bind("subscription", subscriptionId).bind("after", after)
          .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).list();
      for (String[] row : rows) {
        if (!snapshot.addOlder(row[0], row[1])) {
          return null;
        }
      }
      if (snapshot.sizeBefore() > limits.snapshotInMemory() || !fits(reservation, snapshot.bytes())) {
        return null;
      }
      after = rows.size() < LOAD_BATCH ? null : rows.getLast()[0];
    }
    return snapshot;
  }

  /**
   * Makes the queries of the current transaction that read the snapshot's rows in id order, a
   * batch at a time after the last id, walk the primary key. H2 does; it also writes a larger
   * result to a temporary file before handing over its first row, hence the batches. PostgreSQL,
   * without statistics on the table (a fresh one, or rows written faster than it analyzes them),
   * took each batch for a few rows and read and sorted every remaining row of the subscription for
   * it (134 ms against 1.4 ms per batch of 5,000 at 1,000,000 rows), so it is told not to collect
   * and sort, for this transaction alone.
   */
  private void alongTheKey(Handle handle) {
    if (database.kind() == DatabaseKind.POSTGRESQL) {
      handle.execute("set local enable_bitmapscan = off");
      handle.execute("set local enable_sort = off");
    }
  }

  /** Removes and reports {@code gone}, {@link #DELETE_BATCH} records (or the test's chunk) per transaction. Returns how many. */
  private int delete(String workspaceId, EventSubscription subscription, boolean baseline, List<String> gone) {
    for (int start = 0; start < gone.size(); start += limits.deleteBatch()) {
      List<String> batch = gone.subList(start, Math.min(gone.size(), start + limits.deleteBatch()));
      database.inTransaction(handle -> remove(handle, workspaceId, subscription, batch, baseline));
    }
    return gone.size();
  }

  /** Removes and reports, in batches, the snapshot's rows the scan did not stamp. Returns how many. */
  private int deleteUnstamped(String workspaceId, EventSubscription subscription, String scanId, boolean baseline) {
    int[] deleted = {0};
    forEachOlderChunk(subscription.id(), scanId, limits.deleteBatch(), gone -> {
      deleted[0] += delete(workspaceId, subscription, baseline, gone);
      return true;
    });
    return deleted[0];
  }

  /**
   * Removes and reports the {@code expected} rows of the snapshot the scan did not see: reads the
   * rows older than the scan in record id order and stops once all are found (at once when none is
   * missing, which is the usual case).
   */
  private int deleteUnseen(String workspaceId, EventSubscription subscription, String scanId, boolean baseline, SeenIds seen,
      int expected) {
    int[] deleted = {0};
    if (expected > 0) {
      forEachOlderChunk(subscription.id(), scanId, limits.unseenReadBatch(), older -> {
        deleted[0] += delete(workspaceId, subscription, baseline, older.stream().filter(id -> !seen.contains(id)).toList());
        return deleted[0] < expected;
      });
    }
    return deleted[0];
  }

  /** Stamps the snapshot's rows that {@code seen} holds with {@code scanId}: the scan saw them. */
  private void stampSeen(String subscriptionId, String scanId, SeenIds seen) {
    forEachOlderChunk(subscriptionId, scanId, limits.stampBatch(), older -> {
      String[] held = older.stream().filter(seen::contains).toArray(String[]::new);
      if (held.length > 0) {
        database.inTransaction(handle -> stamp(handle, subscriptionId, held, scanId));
      }
      return true;
    });
  }

  /**
   * Hands {@code chunk} the ids of the subscription's snapshot rows not stamped with {@code scanId},
   * in id order, {@code size} at a time, until it returns false; it may write (each write in a
   * transaction of its own). Each chunk is one query along the primary key, continuing after the
   * last id (see {@link #alongTheKey}).
   */
  private void forEachOlderChunk(String subscriptionId, String scanId, int size, Predicate<List<String>> chunk) {
    String after = "";
    while (after != null) {
      String from = after;
      List<String> ids = database.inTransaction(handle -> {
        alongTheKey(handle);
        return handle.createQuery("select record_id from subscription_snapshots"
                + " where subscription_id = :subscription and record_id > :after and (scan_id is null or scan_id <> :scan)"
                + " order by subscription_id, record_id limit " + size)
            .bind("subscription", subscriptionId).bind("after", from).bind("scan", scanId).mapTo(String.class).list();
      });
      boolean more = !ids.isEmpty() && chunk.test(ids);
      after = more && ids.size() == size ? ids.getLast() : null;
    }
  }

  /**
   * A page of the app: its records' ids and hashes, in order; the records themselves where the
   * scan may need them for an event (null where it will not: see {@link Reader}); and, when the
   * page was hashed with the snapshot from before the scan at hand, where that snapshot holds each
   * record listed as it was then ({@link SnapshotHashes#slotIfUnchanged}, -1 for the others), so
   * that the scan need not look them up again.
   */
  private record HashedPage(List<String> ids, List<String> hashes, List<@Nullable DataRecord> records,
      int @Nullable [] slotsAsBefore, @Nullable String cursor) {

    /**
     * Hashes {@code records} and finds them in {@code before} (when loaded), keeping a record only
     * when the scan is not {@code quiet} and the record is not as it was before the scan.
     */
    static HashedPage of(List<DataRecord> records, Set<String> ignoredFields, @Nullable String cursor,
        @Nullable SnapshotHashes before, boolean quiet) {
      List<String> hashes = hashesOf(records, ignoredFields);
      List<String> ids = new ArrayList<>(records.size());
      List<@Nullable DataRecord> kept = new ArrayList<>(records.size());
      int[] slots = before == null ? null : new int[records.size()];
      for (int i = 0; i < records.size(); i++) {
        DataRecord record = records.get(i);
        ids.add(record.id());
        boolean asBefore = false;
        if (slots != null) {
          slots[i] = before.slotIfUnchanged(record.id(), hashes.get(i));
          asBefore = slots[i] >= 0;
        }
        kept.add(quiet || asBefore ? null : record);
      }
      return new HashedPage(ids, hashes, kept, slots, cursor);
    }
  }

  /**
   * Reads the collection's pages in order on a virtual thread and maps and hashes each on a virtual
   * thread of its own, while the scan compares the pages before them: reading the next page waits neither
   * for hashing nor for comparing. Pages are still compared one at a time, in order, each in its
   * own transaction, so reading ahead changes no event. At most {@value #AHEAD} pages wait to be
   * compared (one more while the scan waits on its next page, see {@link Reader#awaitNext}, and one more
   * is read meanwhile), which bounds the memory it holds. While the scan loads the snapshot from
   * before it, up to {@value #AHEAD_WHILE_LOADING} pages may wait, so that the app is read on the
   * other core meanwhile rather than only once the load ends (at 100,000 records on H2 the load
   * took a fifth of a compare scan, during which the reader stopped after two pages); those pages
   * keep every record, as nothing tells yet which ones are unchanged.
   *
   * <p>A page waiting to be compared holds only the records an event may need: none when the scan
   * reports no creation or update, and otherwise not those whose hash is the one the snapshot held
   * before the scan (nearly all of them, in most scans). Holding every record of the pages in flight
   * kept enough alive that the collector promoted it and then had to mark and reclaim it; such a
   * record may still matter only if an earlier page of the same scan listed it with another hash,
   * and then {@link #comparePage} leaves the earlier listing standing.
   */
  private static final class Reader implements AutoCloseable {

    private static final int AHEAD = 2;
    private static final int AHEAD_WHILE_LOADING = 16;

    /** Pages read and being hashed or hashed, in order; {@link #room} bounds them. */
    private final BlockingQueue<Future<HashedPage>> ready = new LinkedBlockingQueue<>();
    /**
     * How many more pages the reader may read before the scan takes one: {@link
     * #AHEAD_WHILE_LOADING} until the snapshot is loaded ({@link #check}), then {@link #AHEAD} and
     * the one being read.
     */
    private final Semaphore room = new Semaphore(AHEAD_WHILE_LOADING);
    /** How many of the pages the scan takes from now on give no room back (the comparing thread's alone). */
    private int surplus;
    private final Pages pages;
    private final Set<String> ignoredFields;
    private final boolean quiet;
    /** The snapshot before the scan, while the scan holds it (read-only for these threads). */
    private volatile @Nullable SnapshotHashes before;
    private volatile boolean closed;
    private @Nullable Thread thread;
    /** The next page, taken from {@link #ready} by {@link #awaitNext} (the comparing thread's alone). */
    private @Nullable Future<HashedPage> taken;

    private Reader(Pages pages, Set<String> ignoredFields, boolean quiet) {
      this.pages = pages;
      this.ignoredFields = ignoredFields;
      this.quiet = quiet;
    }

    /** Starts reading; {@code quiet} when the scan reports no creation or update. */
    static Reader start(Pages pages, Set<String> ignoredFields, boolean quiet) {
      Reader reader = new Reader(pages, ignoredFields, quiet);
      reader.thread = Thread.ofVirtual().name("tributary-scan-read-ahead").start(reader::readAll);
      return reader;
    }

    private void readAll() {
      String cursor = null;
      try {
        do {
          room.acquire(); // waits while the pages read ahead fill the room
          DeferredRecordPage page = pages.apply(cursor);
          String next = page.cursor();
          FutureTask<HashedPage> hashed = new FutureTask<>(
              () -> HashedPage.of(page.resolve().records(), ignoredFields, next, before, quiet));
          Thread.ofVirtual().name("tributary-scan-hash").start(hashed);
          ready.put(hashed);
          cursor = page.cursor();
        } while (cursor != null && !closed);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the scan was closed: nothing more to read
      } catch (RuntimeException | Error failure) {
        FutureTask<HashedPage> failed = new FutureTask<>(() -> {
          throw failure;
        });
        failed.run();
        try {
          ready.put(failed); // after the pages read before it, as the scan takes them
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the scan was closed meanwhile
        }
      }
    }

    /**
     * From now on keep only the records whose hash differs from {@code snapshot}'s, the snapshot
     * before the scan, fully loaded (null: keep every record). Pages hashed before keep every record.
     */
    void check(@Nullable SnapshotHashes snapshot) {
      before = snapshot;
      int steady = AHEAD + 1;
      int outstanding = AHEAD_WHILE_LOADING - room.drainPermits(); // pages read (or being read) and not taken yet
      if (outstanding < steady) {
        room.release(steady - outstanding);
      } else {
        surplus = outstanding - steady; // the room shrinks as the scan takes the pages read meanwhile
      }
    }

    /** The scan took a page from {@link #ready}: the reader may read another, unless the room is shrinking. */
    private Future<HashedPage> took(Future<HashedPage> page) {
      if (surplus > 0) {
        surplus--;
      } else {
        room.release();
      }
      return page;
    }

    /**
     * Waits at most {@code timeout} for the next page to be read and hashed (or to fail); whether it
     * was. The page is taken from the queue meanwhile, so the reader may read one more ahead.
     */
    boolean awaitNext(Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        if (taken == null) {
          Future<HashedPage> next = ready.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
          taken = next == null ? null : took(next);
        }
        if (taken == null) {
          return false;
        }
        taken.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException | CancellationException e) {
        return true; // next() throws it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while reading the next page");
      }
    }

    /** The next page with its hashes, or what reading or hashing it threw, as if done on this thread. */
    HashedPage next() {
      try {
        Future<HashedPage> next = taken != null ? taken : took(ready.take());
        taken = null;
        return next.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
          throw failure;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException("reading the next page failed", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while reading the next page");
      }
    }

    /** Stops reading: a page being read is interrupted, and pages read but not compared are dropped. */
    @Override
    public void close() {
      closed = true;
      if (thread != null) {
        thread.interrupt();
      }
      if (taken != null) {
        taken.cancel(true);
      }
      for (Future<HashedPage> page = ready.poll(); page != null; page = ready.poll()) {
        page.cancel(true);
      }
    }
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
      clearVersion(handle, subscription.id()); // the snapshot changes outside a scan: no copy kept in memory holds it
      Compared compared = comparePage(handle, workspaceId, subscription, records.stream().map(DataRecord::id).toList(),
          hashesOf(records, ignoredFields), List.copyOf(records), null, scanId, false, false, null, null);
      alsoInTransaction.accept(handle);
      return compared.events();
    });
  }

  /**
   * What comparing a page found: the events it logged and, when it read them from the database
   * without stamping them, its records that the snapshot held before the scan (those the scan
   * holds in memory it marks seen there itself).
   */
  private record Compared(int events, Collection<String> alreadyKnown) {}

  @FunctionalInterface
  interface ProgressListener {
    void page(int pages, int records, int events);
  }

  /**
   * Compares one page with the snapshot: the page's known hashes come from {@code memory} when the
   * scan holds them, else one statement finds them (and, when {@code stamp}, stamps those rows
   * with the scan's id); one inserts the new rows, one batch
   * updates the changed hashes, one batch logs the events. Statements over the page's ids
   * ({@code unnest}) rather than a batch of one per record.
   *
   * <p>With the snapshot from before the scan in memory ({@code before}), a record listed as it
   * was then is marked seen there and nothing more, whichever page lists it, with no statement (the
   * usual record: the read-ahead dropped it and found its slot, see {@link Reader}); should an earlier listing in this scan have
   * changed it, this listing is the older state, and the earlier one stands, so the events and the
   * snapshot agree and the next scan reports whatever the app holds then. Any other record listed
   * more than once in a scan is compared with its latest listing.
   */
  private Compared comparePage(Handle handle, String workspaceId, EventSubscription subscription, List<String> pageIds,
      List<String> hashes, List<@Nullable DataRecord> records, int @Nullable [] slotsAsBefore, String scanId, boolean baseline,
      boolean stamp, @Nullable SnapshotHashes before, @Nullable SnapshotHashes memory) {
    if (before != null) {
      List<String> restIds = new ArrayList<>();
      List<String> restHashes = new ArrayList<>();
      List<@Nullable DataRecord> restRecords = new ArrayList<>();
      for (int i = 0; i < pageIds.size(); i++) {
        int slot = slotsAsBefore != null ? slotsAsBefore[i] : before.slotIfUnchanged(pageIds.get(i), hashes.get(i));
        if (slot >= 0) {
          before.markSeenAt(slot);
        } else {
          restIds.add(pageIds.get(i));
          restHashes.add(hashes.get(i));
          restRecords.add(records.get(i));
        }
      }
      pageIds = restIds;
      hashes = restHashes;
      records = restRecords;
    }
    List<String> olderThanScan = new ArrayList<>(); // known before this scan (not inserted by an earlier page)
    if (pageIds.isEmpty()) {
      return new Compared(0, olderThanScan);
    }
    String[] ids = pageIds.stream().distinct().toArray(String[]::new);
    Map<String, String> known = new HashMap<>();
    if (memory != null && !stamp) {
      memory.lookUp(pageIds, hashes, known); // which it saw, the memory keeps
    } else if (stamp) {
      known.putAll(stampKnown(handle, subscription.id(), ids, scanId));
    } else {
      known(handle, subscription.id(), ids).forEach((id, row) -> {
        known.put(id, row.hash());
        if (!scanId.equals(row.scanId())) {
          olderThanScan.add(id);
        }
      });
    }
    Map<String, String> stored = Map.copyOf(known);
    Map<String, String> inserted = new LinkedHashMap<>();
    Map<String, String> seen = new LinkedHashMap<>(); // records already in the snapshot: their hash now
    List<PendingEvent> events = new ArrayList<>();
    for (int i = 0; i < pageIds.size(); i++) {
      String id = pageIds.get(i);
      DataRecord record = records.get(i);
      String hash = hashes.get(i);
      String previous = known.get(id);
      if (previous == null) {
        inserted.put(id, hash);
        if (!baseline) {
          events.add(new PendingEvent(DataEvent.CREATED, id, recordJson(needed(record, id))));
        }
      } else {
        (inserted.containsKey(id) ? inserted : seen).put(id, hash);
        if (!previous.equals(hash) && !baseline) {
          events.add(new PendingEvent(DataEvent.UPDATED, id, recordJson(needed(record, id))));
        }
      }
      known.put(id, hash); // a record listed twice in one scan is one record, as its latest listing has it
    }
    Map<String, String> changed = new LinkedHashMap<>();
    seen.forEach((id, hash) -> {
      if (!hash.equals(stored.get(id))) {
        changed.put(id, hash);
      }
    });
    if (!inserted.isEmpty()) {
      // A scan that holds the snapshot in memory finds the unseen rows there and leaves the new rows
      // unstamped (a narrower row); one that reads the database stamps them, as the rows it saw.
      handle.createUpdate("insert into subscription_snapshots (subscription_id, record_id, record_hash, scan_id)"
              + " select :subscription, page.id, page.hash, :scan from unnest(:ids, :hashes) as page(id, hash)")
          .bind("subscription", subscription.id()).bind("scan", memory != null && !stamp ? null : scanId)
          .bind("ids", inserted.keySet().toArray(String[]::new)).bind("hashes", inserted.values().toArray(String[]::new))
          .execute();
    }
    if (!changed.isEmpty()) {
      PreparedBatch batch = handle.prepareBatch("update subscription_snapshots set record_hash = :hash"
          + " where subscription_id = :subscription and record_id = :record");
      changed.forEach((id, hash) -> batch.bind("subscription", subscription.id()).bind("record", id).bind("hash", hash).add());
      batch.execute();
    }
    log(handle, workspaceId, subscription, events, Rows.now(clock));
    if (memory != null) {
      memory.wrote(inserted, changed);
    }
    return new Compared(events.size(), olderThanScan);
  }

  private static List<String> hashesOf(List<DataRecord> records, Set<String> ignoredFields) {
    List<String> hashes = new ArrayList<>(records.size());
    try (RecordHashes.Hasher hasher = new RecordHashes.Hasher(ignoredFields)) {
      for (DataRecord record : records) {
        hashes.add(hasher.hash(record.fields()));
      }
    }
    return hashes;
  }

  /** A snapshot row: the record's hash, and the scan that stamped it last. */
  private record Known(String hash, @Nullable String scanId) {}

  /**
   * The snapshot rows of the records among {@code ids}, looked up in the primary key through a
   * join on {@code unnest} (H2 reads an IN list on the key's second column by scanning the
   * subscription's rows).
   */
  private static Map<String, Known> known(Handle handle, String subscriptionId, String[] ids) {
    Map<String, Known> known = new HashMap<>();
    handle.createQuery("select s.record_id, s.record_hash, s.scan_id from unnest(:ids) as page(id) join subscription_snapshots s"
            + " on s.subscription_id = :subscription and s.record_id = page.id")
        .bind("subscription", subscriptionId).bind("ids", ids)
        .map((rs, ctx) -> Map.entry(rs.getString(1), new Known(rs.getString(2), rs.getString(3))))
        .forEach(entry -> known.put(entry.getKey(), entry.getValue()));
    return known;
  }

  /**
   * The stored hashes of the records among {@code ids} that are in the snapshot, whose rows are
   * stamped with {@code scanId}: PostgreSQL in one {@code update … from unnest … returning}, H2
   * (which has no {@code update … from}) in a join and a {@code merge}.
   */
  private Map<String, String> stampKnown(Handle handle, String subscriptionId, String[] ids, String scanId) {
    Map<String, String> known = new HashMap<>();
    if (database.kind() == DatabaseKind.POSTGRESQL) {
      handle.createQuery("update subscription_snapshots s set scan_id = :scan from unnest(:ids) as page(id)"
              + " where s.subscription_id = :subscription and s.record_id = page.id returning s.record_id, s.record_hash")
          .bind("subscription", subscriptionId).bind("ids", ids).bind("scan", scanId)
          .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
          .forEach(entry -> known.put(entry.getKey(), entry.getValue()));
      return known;
    }
    known(handle, subscriptionId, ids).forEach((id, row) -> known.put(id, row.hash()));
    if (!known.isEmpty()) {
      stamp(handle, subscriptionId, known.keySet().toArray(String[]::new), scanId);
    }
    return known;
  }

  /** Stamps the snapshot rows of {@code ids} with {@code scanId} (the scan saw them); returns how many. */
  private int stamp(Handle handle, String subscriptionId, String[] ids, String scanId) {
    if (database.kind() == DatabaseKind.POSTGRESQL) {
      return handle.createUpdate("update subscription_snapshots s set scan_id = :scan from unnest(:ids) as page(id)"
              + " where s.subscription_id = :subscription and s.record_id = page.id")
          .bind("subscription", subscriptionId).bind("ids", ids).bind("scan", scanId).execute();
    }
    return handle.createUpdate("merge into subscription_snapshots s using (select id from unnest(:ids) as page(id)) page"
            + " on s.subscription_id = :subscription and s.record_id = page.id when matched then update set scan_id = :scan")
        .bind("subscription", subscriptionId).bind("ids", ids).bind("scan", scanId).execute();
  }

  /** Removes the snapshot rows of records that are gone, logging their deletions unless {@code baseline}. */
  private int remove(Handle handle, String workspaceId, EventSubscription subscription, List<String> gone, boolean baseline) {
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

  /** A record an event needs, which the page must have kept. */
  private static DataRecord needed(@Nullable DataRecord record, String id) {
    if (record == null) {
      throw new IllegalStateException("the scan dropped record " + id + " before comparing it, yet it needs it for an event");
    }
    return record;
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
