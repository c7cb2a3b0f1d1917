package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.Connector;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.DeferredRecordPage;
import dev.tributary.connector.ForwardingConnector;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.NotFoundException;
import dev.tributary.testkit.fake.FakeCollection;
import dev.tributary.testkit.fake.FakeConnector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Change detection by full scan, on both databases, against an app in memory with three pages of records. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class FullScanIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  final FakeConnector app = FakeConnector.builder("contacts-app").collection("contacts", "name", "email").build();
  /** How often the engine opened the app for a connection (read the connection and its secrets to call it). */
  final java.util.concurrent.atomic.AtomicInteger openings = new java.util.concurrent.atomic.AtomicInteger();
  final Connector counted = new ForwardingConnector(app) {
    @Override
    public Connector forConnection(Map<String, Object> connectionParameters) {
      openings.incrementAndGet();
      return this;
    }
  };
  FakeCollection contacts;
  final dev.tributary.engine.testing.MutableClock clock = new dev.tributary.engine.testing.MutableClock(java.time.Instant.now());
  Tributary tributary;
  Caller ann;
  String connection;

  @BeforeEach
  void open() {
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
        .connectors(ConnectorRegistry.of(List.of(counted))).clock(clock).build();
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("contacts", null, "contacts-app", null, Map.of()));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    connection = tributary.connections().create(ann, new ConnectionInput("contacts", null, null, null, Map.of(), Map.of(), null)).id();
    contacts = app.collection("contacts");
    for (int i = 0; i < 25; i++) {
      contacts.seed(Map.of("name", "Contact " + i, "email", "c" + i + "@example.org"));
    }
  }

  @AfterEach
  void close() {
    tributary.close();
  }

  private List<String> events(EventSubscription subscription) {
    return tributary.events().events(ann, subscription.id(), PageRequest.first(1000)).items().stream()
        .map(event -> event.type().replace("data-record-", "") + " " + event.recordId()).toList();
  }

  @Test
  void subscribingRecordsABaselineAndReportsNothingThatAlreadyExisted() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());

    assertThat(subscription.baselineDone()).isTrue();
    assertThat(events(subscription)).isEmpty();
    EventPull baseline = tributary.events().pulls(ann, subscription.id(), PageRequest.first(10)).items().getFirst();
    assertThat(baseline.isBaseline()).isTrue();
    assertThat(baseline.pages()).isEqualTo(3);
    assertThat(baseline.records()).isEqualTo(25);
  }

  @Test
  void aScanReportsEachCreatedUpdatedAndDeletedRecordOnce() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    String created = contacts.seed(Map.of("name", "New", "email", "new@example.org"));
    contacts.update(null, "7", Map.of("email", "changed@example.org"));
    contacts.delete(null, "12");

    EventPull pull = tributary.events().pull(ann, subscription.id());

    assertThat(pull.status()).isEqualTo("succeeded");
    assertThat(pull.snapshotSize()).isEqualTo(25);
    assertThat(events(subscription)).containsExactlyInAnyOrder("created " + created, "updated 7", "deleted 12");
    tributary.events().pull(ann, subscription.id());
    assertThat(events(subscription)).hasSize(3);
  }

  @Test
  void aScanOpensTheConnectionOnceForAllItsPages() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    openings.set(0);

    EventPull pull = tributary.events().pull(ann, subscription.id());

    assertThat(pull.pages()).isEqualTo(3);
    assertThat(openings).hasValue(1);
  }

  @Test
  void aScanReadsTheNextPageBeforeThisOneIsMapped() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    java.util.concurrent.CountDownLatch secondPageRead = new java.util.concurrent.CountDownLatch(1);
    FullScan.Pages pages = cursor -> {
      if (cursor == null) {
        return new DeferredRecordPage("2", () -> {
          // Mapping the first page waits until the second is asked for: reading must not wait for mapping.
          awaitLatch(secondPageRead);
          return List.of(record("new-1"));
        });
      }
      secondPageRead.countDown();
      return DeferredRecordPage.of(new dev.tributary.connector.RecordPage(List.of(record("new-2")), null));
    };

    new FullScan(tributary.database(), clock).run(ann.workspaceId(), subscription, false, true, java.util.Set.of(),
        snapshot(subscription), version(subscription), pages, (pageCount, records, events) -> {});

    assertThat(events(subscription)).contains("created new-1", "created new-2");
  }

  @Test
  void aScanCutShortReportsNoDeletionAndTheNextScanCatchesUp() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    contacts.delete(null, "3");
    contacts.update(null, "24", Map.of("name", "Renamed"));
    contacts.failNextListingAt("10");

    EventPull failed = tributary.events().pull(ann, subscription.id());

    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.error()).contains("HTTP 503");
    assertThat(events(subscription)).isEmpty();
    assertThat(tributary.events().get(ann, subscription.id()).status()).isEqualTo(EventSubscription.ERROR);

    tributary.events().pull(ann, subscription.id());
    assertThat(events(subscription)).containsExactlyInAnyOrder("deleted 3", "updated 24");
    assertThat(tributary.events().get(ann, subscription.id()).status()).isEqualTo(EventSubscription.SUBSCRIBED);
  }

  @Test
  void aScanThatFailsOnAPageDropsThePageReadAheadAndReadsNoFurther() throws InterruptedException {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    List<String> cursors = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch readAheadStarted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch readAheadEnded = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean readAheadInterrupted = new java.util.concurrent.atomic.AtomicBoolean();
    FullScan.Pages pages = cursor -> {
      cursors.add(String.valueOf(cursor));
      if (cursor == null) {
        return DeferredRecordPage.of(new dev.tributary.connector.RecordPage(List.of(record("new-1")), "2"));
      }
      try {
        readAheadStarted.countDown();
        new java.util.concurrent.CountDownLatch(1).await(); // until the failed scan cancels this read
        return DeferredRecordPage.of(new dev.tributary.connector.RecordPage(List.of(record("new-2")), "3"));
      } catch (InterruptedException e) {
        readAheadInterrupted.set(true);
        throw new IllegalStateException("cancelled");
      } finally {
        readAheadEnded.countDown();
      }
    };
    FullScan scan = new FullScan(tributary.database(), clock);

    assertThatThrownBy(() -> scan.run(ann.workspaceId(), subscription, false, true, java.util.Set.of(), snapshot(subscription), version(subscription), pages,
        (pageCount, records, events) -> {
          awaitLatch(readAheadStarted); // the next page is being read while this one was compared
          throw new IllegalStateException("the pull lost its lease");
        })).hasMessage("the pull lost its lease");

    awaitLatch(readAheadEnded);
    assertThat(readAheadInterrupted).isTrue();
    assertThat(cursors).containsExactly("null", "2");
    assertThat(events(subscription)).containsExactly("created new-1"); // the page compared, and nothing after it
  }

  @Test
  void pagesComparedBeforeAPageTheAppFailedToGiveStayCompared() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    // The second page is read while the first is compared: the third page's failure rolls back neither.
    FullScan.Pages pages = cursor -> {
      if (cursor == null) {
        return DeferredRecordPage.of(new dev.tributary.connector.RecordPage(List.of(record("new-1")), "2"));
      }
      if (cursor.equals("2")) {
        return DeferredRecordPage.of(new dev.tributary.connector.RecordPage(List.of(record("new-2")), "3"));
      }
      throw new IllegalStateException("HTTP 503 from the app");
    };
    FullScan scan = new FullScan(tributary.database(), clock);

    assertThatThrownBy(() -> scan.run(ann.workspaceId(), subscription, false, true, java.util.Set.of(), snapshot(subscription), version(subscription), pages,
        (pageCount, records, events) -> {})).hasMessage("HTTP 503 from the app");

    assertThat(events(subscription)).containsExactlyInAnyOrder("created new-1", "created new-2");
    assertThat(snapshot(subscription)).isEqualTo(27);
  }

  // Every way a scan keeps track of what it saw: the snapshot of 25 in memory, with what the scan writes (up to 200,000
  // records) or without it (0: the scan reads the rows it wrote back from the database from its first write on);
  // no snapshot in memory, the seen ids in memory (200,000), or only until they pass 5, or none at all (0: it stamps
  // every row it sees from the start).
  // Chunks of 3 rows: the snapshot's rows are read (to delete, to stamp, to find the unseen ones) over several chunks.
  @ParameterizedTest(name = "snapshot in memory up to {0}, writes up to {1}, seen ids up to {2}, rows read {3} at a time")
  @org.junit.jupiter.params.provider.CsvSource({"25, 200000, 0, 500", "25, 0, 0, 500", "0, 0, 200000, 500", "0, 0, 5, 500",
      "0, 0, 0, 500", "25, 0, 0, 3", "0, 0, 200000, 3", "0, 0, 5, 3", "0, 0, 0, 3"})
  void aScanFindsEachDeletionWhetherItKeepsWhatItSawInMemoryOrStampsIt(int snapshotInMemory, int writtenInMemory,
      int seenIdsInMemory, int chunk) {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    FullScan scan = new FullScan(tributary.database(), clock, new MemoryBudget(Long.MAX_VALUE),
        FullScan.Limits.of(snapshotInMemory, writtenInMemory, seenIdsInMemory, chunk));
    List<String> ids = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "r" + i).toList();
    scan.run(ann.workspaceId(), subscription, true, true, java.util.Set.of(), snapshot(subscription), version(subscription), pagesOf(ids, Map.of()), (p, r, e) -> {});
    assertThat(events(subscription)).isEmpty();

    // Five are gone, r24 changed, and n1 is new and listed twice: its second sighting must not count as a record seen
    // before the scan, or one deletion would be taken as found already.
    List<String> gone = List.of("r3", "r10", "r11", "r17", "r20");
    List<String> now = new java.util.ArrayList<>(ids);
    now.removeAll(gone);
    now.add(1, "n1");
    now.add(18, "n1");
    FullScan.Result result = scan.run(ann.workspaceId(), subscription, false, true, java.util.Set.of(), snapshot(subscription), version(subscription),
        pagesOf(now, Map.of("r24", "changed")), (p, r, e) -> {});

    assertThat(events(subscription)).containsExactlyInAnyOrder("created n1", "updated r24", "deleted r3", "deleted r10",
        "deleted r11", "deleted r17", "deleted r20");
    assertThat(result.events()).isEqualTo(7);
    scan.run(ann.workspaceId(), subscription, false, true, java.util.Set.of(), snapshot(subscription), version(subscription),
        pagesOf(now, Map.of("r24", "changed")), (p, r, e) -> {});
    assertThat(events(subscription)).hasSize(7);
    assertThat(snapshot(subscription)).isEqualTo(21);
  }

  // A record listed twice in one scan, changed and then in its state from before the scan (offset pages shifting
  // while the app changes, or a replica behind the others). A scan that began with the snapshot in memory takes a
  // listing as before the scan for what it is, the older state, and the earlier listing stands until the next scan;
  // one reading the snapshot from the database reports the later listing at once. Either way the events and the
  // snapshot agree, and the scan after reports the same last state.
  @ParameterizedTest(name = "at most {0} records in memory")
  @ValueSource(ints = {0, Integer.MAX_VALUE})
  void aRecordListedChangedAndThenAsItWasBeforeTheScanEndsAsTheAppHoldsIt(int seenInMemory) {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    FullScan scan = new FullScan(tributary.database(), clock, seenInMemory);
    List<String> ids = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "r" + i).toList();
    scan.run(ann.workspaceId(), subscription, true, true, java.util.Set.of(), snapshot(subscription), version(subscription), pagesOf(ids, Map.of()),
        (p, r, e) -> {});

    List<Map.Entry<String, String>> listed = new java.util.ArrayList<>(ids.stream().map(id -> Map.entry(id, id)).toList());
    listed.set(5, Map.entry("r5", "changed")); // page 1
    listed.add(15, Map.entry("r5", "r5")); // page 2: as before the scan
    scan.run(ann.workspaceId(), subscription, false, true, java.util.Set.of(), snapshot(subscription), version(subscription), pagesOfNamed(listed),
        (p, r, e) -> {});
    List<String> names = updatedNames(subscription);
    assertThat(names).isEqualTo(seenInMemory == 0 ? List.of("changed", "r5") : List.of("changed"));

    scan.run(ann.workspaceId(), subscription, false, true, java.util.Set.of(), snapshot(subscription), version(subscription), pagesOf(ids, Map.of()),
        (p, r, e) -> {});
    assertThat(updatedNames(subscription)).containsExactly("changed", "r5");
    assertThat(events(subscription)).containsOnly("updated r5");
  }

  @Test
  void aBaselineKeepsNoRecordYetRecordsEverySnapshotRow() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    FullScan scan = new FullScan(tributary.database(), clock);
    List<String> ids = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "r" + i).toList();
    List<Map.Entry<String, String>> listed = new java.util.ArrayList<>(ids.stream().map(id -> Map.entry(id, id)).toList());
    listed.add(15, Map.entry("r5", "later")); // listed twice: the later listing is the one kept

    scan.run(ann.workspaceId(), subscription, true, true, java.util.Set.of(), snapshot(subscription), version(subscription), pagesOfNamed(listed),
        (p, r, e) -> {});
    assertThat(snapshot(subscription)).isEqualTo(25);
    scan.run(ann.workspaceId(), subscription, false, true, java.util.Set.of(), snapshot(subscription), version(subscription),
        pagesOf(ids, Map.of("r5", "later")), (p, r, e) -> {});
    assertThat(events(subscription)).isEmpty();
  }

  // The scans of an engine share a memory budget for their snapshots in memory: a scan holds its share while it runs and
  // gives it back at the end; one whose snapshot does not fit reads the database instead and finds the same changes.
  @ParameterizedTest(name = "budget of {0} bytes")
  @ValueSource(longs = {1, 1L << 30})
  void aScanHoldsTheSnapshotInMemoryOnlyWithinTheBudgetAndFindsTheSameChangesEitherWay(long bytes) {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    MemoryBudget budget = new MemoryBudget(bytes);
    FullScan scan = new FullScan(tributary.database(), clock, budget, FullScan.Limits.DEFAULT);
    List<String> ids = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "r" + i).toList();
    scan.run(ann.workspaceId(), subscription, true, true, java.util.Set.of(), snapshot(subscription), version(subscription), pagesOf(ids, Map.of()),
        (p, r, e) -> {});
    List<String> now = new java.util.ArrayList<>(ids);
    now.remove("r3");
    now.add("n1");
    List<Long> heldDuringTheScan = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch reported = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch lastPage = new java.util.concurrent.CountDownLatch(1);
    FullScan.Pages listed = pagesOf(now, Map.of("r24", "changed"));
    FullScan.Pages lastPageHeldBack = cursor -> {
      if ("20".equals(cursor)) {
        awaitLatch(lastPage); // the scan waits for it, and reports its progress meanwhile
      }
      return listed.apply(cursor);
    };

    var scanned = java.util.concurrent.CompletableFuture.runAsync(() -> scan.run(ann.workspaceId(), subscription, false, true,
        java.util.Set.of(), snapshot(subscription), version(subscription), lastPageHeldBack, (p, r, e) -> {
          heldDuringTheScan.add(budget.reserved());
          reported.countDown();
        }));
    awaitLatch(reported);
    lastPage.countDown();
    scanned.join();

    assertThat(events(subscription)).containsExactlyInAnyOrder("created n1", "updated r24", "deleted r3");
    assertThat(heldDuringTheScan).isNotEmpty().allSatisfy(held -> {
      if (bytes == 1) {
        assertThat(held).isZero();
      } else {
        assertThat(held).isBetween(SnapshotHashes.bytesFor(25), 10_000L);
      }
    });
    assertThat(budget.reserved()).isZero();
  }

  @Test
  void aPullStartsFromTheCopyAndTheNumberOfRowsTheLastScanLeftWhileItsVersionOfTheSnapshotStands() {
    for (int i = 25; i < FullScan.KEEP_FROM + 25; i++) { // enough records for the scans to keep their copy
      contacts.seed(Map.of("name", "Contact " + i, "email", "c" + i + "@example.org"));
    }
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    contacts.delete(null, "3");
    assertThat(tributary.events().pull(ann, subscription.id()).snapshotSize()).isEqualTo(FullScan.KEEP_FROM + 25);
    String created = contacts.seed(Map.of("name", "New", "email", "new@example.org"));
    assertThat(tributary.events().pull(ann, subscription.id()).snapshotSize()).isEqualTo(FullScan.KEEP_FROM + 24);
    assertThat(events(subscription)).containsExactlyInAnyOrder("deleted 3", "created " + created);

    // A row written behind the engine's back: the pull reads the number the scan left, it does not count.
    tributary.database().inTransaction(handle -> handle.createUpdate("insert into subscription_snapshots (subscription_id,"
            + " record_id, record_hash, scan_id) values (:subscription, 'stray', :hash, 'elsewhere')")
        .bind("subscription", subscription.id()).bind("hash", RecordHashes.of(Map.of("name", "stray"), Set.of())).execute());
    assertThat(tributary.events().pull(ann, subscription.id()).snapshotSize()).isEqualTo(FullScan.KEEP_FROM + 25);
    assertThat(snapshot(subscription)).isEqualTo(FullScan.KEEP_FROM + 26);
    // And the scan starts from the copy it kept: a hash overwritten behind its back goes unread.
    overwriteHash(subscription, "7");
    tributary.events().pull(ann, subscription.id());
    assertThat(events(subscription)).containsExactlyInAnyOrder("deleted 3", "created " + created);

    tributary.events().resubscribe(ann, subscription.id()); // starts over: counted again
    EventPull newBaseline = tributary.events().pulls(ann, subscription.id(), PageRequest.first(100)).items().getLast();
    assertThat(newBaseline.isBaseline()).isTrue();
    assertThat(newBaseline.snapshotSize()).isZero();
  }

  // Starting over deletes the snapshot's rows without waiting for a pull that may still be running; that pull's scan
  // then writes its version and keeps its copy. The baseline after must count the rows and read them, not trust either.
  @Test
  void aBaselineNeitherStartsFromAKeptCopyNorTakesTheKeptNumberOfRows() {
    for (int i = 25; i < FullScan.KEEP_FROM + 25; i++) {
      contacts.seed(Map.of("name", "Contact " + i, "email", "c" + i + "@example.org"));
    }
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    assertThat(version(subscription)).isNotNull(); // the baseline kept its copy
    tributary.database().inTransaction(handle -> {
      handle.createUpdate("delete from subscription_snapshots where subscription_id = :id").bind("id", subscription.id()).execute();
      return handle.createUpdate("update event_subscriptions set baseline_done = false where id = :id")
          .bind("id", subscription.id()).execute();
    });

    EventPull baseline = tributary.events().pull(ann, subscription.id());

    assertThat(baseline.isBaseline()).isTrue();
    assertThat(baseline.snapshotSize()).isZero();
    assertThat(snapshot(subscription)).isEqualTo(FullScan.KEEP_FROM + 25); // every row written again
    contacts.update(null, "7", Map.of("email", "changed@example.org"));
    tributary.events().pull(ann, subscription.id());
    assertThat(events(subscription)).containsExactly("updated 7");
  }

  /** Two nodes' scans of one database (each its own copies kept in memory), keeping a snapshot of any size. */
  private FullScan node() {
    return new FullScan(tributary.database(), clock, new MemoryBudget(Long.MAX_VALUE),
        FullScan.Limits.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 500));
  }

  private FullScan.Result scan(FullScan node, EventSubscription subscription, boolean baseline, FullScan.Pages pages) {
    return node.run(ann.workspaceId(), subscription, baseline, true, java.util.Set.of(), snapshot(subscription), version(subscription), pages,
        (p, r, e) -> {});
  }

  private static final List<String> IDS = java.util.stream.IntStream.range(0, 25).mapToObj(i -> "r" + i).toList();

  /** Overwrites a snapshot row's hash behind the engine's back, as no writer may (a copy kept in memory would not see it). */
  private void overwriteHash(EventSubscription subscription, String recordId) {
    tributary.database().inTransaction(handle -> handle.createUpdate("update subscription_snapshots set record_hash = :hash"
            + " where subscription_id = :subscription and record_id = :record")
        .bind("hash", RecordHashes.of(Map.of("name", "not the record"), Set.of())).bind("subscription", subscription.id()).bind("record", recordId)
        .execute());
  }

  @Test
  void aScanStartsFromTheCopyOfTheSnapshotTheLastScanOnTheNodeKeptAndFindsTheSameChanges() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    FullScan node = node();
    scan(node, subscription, true, pagesOf(IDS, Map.of()));
    assertThat(node.keptSnapshots()).isEqualTo(1);
    overwriteHash(subscription, "r4"); // read from the database, r4 would look changed

    List<String> now = new java.util.ArrayList<>(IDS);
    now.remove("r3");
    now.add("n1");
    FullScan.Result result = scan(node, subscription, false, pagesOf(now, Map.of("r24", "changed")));

    assertThat(events(subscription)).containsExactlyInAnyOrder("created n1", "updated r24", "deleted r3");
    assertThat(result.events()).isEqualTo(3);
    // The copy the second scan left holds its changes: a third scan of the same records reports nothing.
    scan(node, subscription, false, pagesOf(now, Map.of("r24", "changed")));
    assertThat(events(subscription)).hasSize(3);
    assertThat(node.keptSnapshots()).isEqualTo(1);
  }

  @Test
  void aCopyKeptInMemoryIsNotUsedOnceAnotherNodeScannedTheSubscription() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    FullScan first = node();
    FullScan second = node();
    scan(first, subscription, true, pagesOf(IDS, Map.of()));

    scan(second, subscription, false, pagesOf(IDS, Map.of("r5", "changed on the app")));
    scan(first, subscription, false, pagesOf(IDS, Map.of("r5", "changed on the app", "r6", "changed later")));

    // The first node's copy still had r5 as it was: used, it would have reported r5 a second time.
    assertThat(events(subscription)).containsExactlyInAnyOrder("updated r5", "updated r6");
  }

  @Test
  void aScanThatFailsPartWayLeavesNoCopyThatMatchesOnAnyNode() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    FullScan first = node();
    FullScan second = node();
    scan(first, subscription, true, pagesOf(IDS, Map.of()));
    FullScan.Pages changed = pagesOf(IDS, Map.of("r5", "changed", "r15", "changed"));
    FullScan.Pages failingOnTheSecondPage = cursor -> {
      if ("10".equals(cursor)) {
        throw new IllegalStateException("HTTP 503 from the app");
      }
      return changed.apply(cursor);
    };

    assertThatThrownBy(() -> scan(second, subscription, false, failingOnTheSecondPage)).hasMessage("HTTP 503 from the app");
    assertThat(events(subscription)).containsExactly("updated r5"); // the first page, committed
    scan(first, subscription, false, changed);

    assertThat(events(subscription)).containsExactlyInAnyOrder("updated r5", "updated r15");
  }

  @Test
  void aPullOfTheNewestRecordsChangesTheSnapshotSoTheCopyKeptIsNotUsed() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    FullScan node = node();
    scan(node, subscription, true, pagesOf(IDS, Map.of()));

    DataRecord newest = new DataRecord("r7", null, null, Map.of("name", "renamed"), null, null, null, null);
    node.compare(ann.workspaceId(), subscription, List.of(newest), "pull-1", java.util.Set.of(), handle -> {});
    scan(node, subscription, false, pagesOf(IDS, Map.of("r7", "renamed")));

    assertThat(events(subscription)).containsExactly("updated r7");
  }

  @Test
  void aScanDropsTheCopiesKeptForOtherSubscriptionsWhenItNeedsTheirMemory() {
    EventSubscription one = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    EventSubscription two = tributary.events().subscribe(ann, connection, "contacts", Map.of("other", "parameters"));
    // Room for one copy of 25 records and the scan's own, not for two.
    MemoryBudget budget = new MemoryBudget(SnapshotHashes.bytesFor(25) * 3);
    FullScan node = new FullScan(tributary.database(), clock, budget,
        FullScan.Limits.of(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 500));
    scan(node, one, true, pagesOf(IDS, Map.of()));
    long keptOne = budget.reserved();
    assertThat(keptOne).isPositive();

    scan(node, two, true, pagesOf(IDS, Map.of()));
    scan(node, two, false, pagesOf(IDS, Map.of()));

    assertThat(node.keptSnapshots()).isEqualTo(1);
    assertThat(budget.reserved()).isLessThanOrEqualTo(SnapshotHashes.bytesFor(25) * 3);
    scan(node, one, false, pagesOf(IDS, Map.of("r1", "changed"))); // its copy dropped: read from the database
    assertThat(events(one)).containsExactly("updated r1");
  }

  /** The names of the records of the subscription's update events, in order. */
  private List<String> updatedNames(EventSubscription subscription) {
    return tributary.events().events(ann, subscription.id(), PageRequest.first(1000)).items().stream()
        .filter(event -> event.type().equals(DataEvent.UPDATED))
        .map(event -> String.valueOf(((Map<?, ?>) event.record().get("fields")).get("name"))).toList();
  }

  /** Pages of ten records of these ids and names. */
  private static FullScan.Pages pagesOfNamed(List<Map.Entry<String, String>> listed) {
    return cursor -> {
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      int to = Math.min(listed.size(), from + 10);
      List<dev.tributary.connector.DataRecord> records = listed.subList(from, to).stream()
          .map(entry -> new dev.tributary.connector.DataRecord(entry.getKey(), null, null, Map.of("name", entry.getValue()),
              null, null, null, null))
          .toList();
      return DeferredRecordPage.of(new dev.tributary.connector.RecordPage(records, to < listed.size() ? String.valueOf(to) : null));
    };
  }

  /** The version of the subscription's snapshot that a scan kept in memory, as a pull's claim reads it for its scan. */
  private String version(EventSubscription subscription) {
    return tributary.database().withHandle(handle -> handle.createQuery("select snapshot_version from event_subscriptions"
        + " where id = :subscription").bind("subscription", subscription.id()).mapTo(String.class).findOne().orElse(null));
  }

  /** The rows of the subscription's snapshot, as a pull's start counts them for its scan. */
  private int snapshot(EventSubscription subscription) {
    return tributary.database().withHandle(handle -> handle.createQuery("select count(*) from subscription_snapshots"
        + " where subscription_id = :subscription").bind("subscription", subscription.id()).mapTo(Integer.class).one());
  }

  /** Pages of ten records of these ids, named after their id unless {@code names} says otherwise. */
  private static FullScan.Pages pagesOf(List<String> ids, Map<String, String> names) {
    return cursor -> {
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      int to = Math.min(ids.size(), from + 10);
      List<dev.tributary.connector.DataRecord> records = ids.subList(from, to).stream()
          .map(id -> new dev.tributary.connector.DataRecord(id, null, null, Map.of("name", names.getOrDefault(id, id)), null,
              null, null, null))
          .toList();
      return DeferredRecordPage.of(new dev.tributary.connector.RecordPage(records, to < ids.size() ? String.valueOf(to) : null));
    };
  }

  private static void awaitLatch(java.util.concurrent.CountDownLatch latch) {
    try {
      assertThat(latch.await(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static dev.tributary.connector.DataRecord record(String id) {
    return new dev.tributary.connector.DataRecord(id, null, null, Map.of("name", id), null, null, null, null);
  }

  @Test
  void theSameCollectionAndParametersShareOneSubscription() {
    String first = tributary.events().subscribe(ann, connection, "contacts", Map.of()).id();
    String again = tributary.events().subscribe(ann, connection, "contacts", Map.of()).id();

    assertThat(again).isEqualTo(first);
    assertThat(tributary.events().list(ann, null, PageRequest.first(10)).items()).hasSize(1);
  }

  @Test
  void resubscribingStartsOverWithoutAStorm() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    contacts.seed(Map.of("name", "Made while away"));

    tributary.events().resubscribe(ann, subscription.id());
    tributary.events().pull(ann, subscription.id());

    assertThat(events(subscription)).isEmpty();
  }

  @Test
  void theSchedulePullsEverySubscriptionWhenItIsDueAndAgainAfterTheInterval() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    var builder = com.github.kagkarlsson.scheduler.testhelper.TestHelper
        .createManualScheduler(tributary.database().dataSource(), tributary.events().scheduler().task())
        .clock(new com.github.kagkarlsson.scheduler.testhelper.SettableClock());
    builder.jdbcCustomization(PullScheduler.JDBC);
    var scheduler = builder.start();
    scheduler.setTime(clock.instant()); // the engine and the schedule share the time
    String first = contacts.seed(Map.of("name", "First"));

    scheduler.runAnyDueExecutions();
    assertThat(events(subscription)).isEmpty(); // not due yet

    clock.advance(EventSubscriptionService.DEFAULT_PULL_INTERVAL.plusSeconds(1));
    scheduler.tick(EventSubscriptionService.DEFAULT_PULL_INTERVAL.plusSeconds(1));
    scheduler.runAnyDueExecutions();
    assertThat(events(subscription)).containsExactly("created " + first);

    String second = contacts.seed(Map.of("name", "Second"));
    clock.advance(EventSubscriptionService.DEFAULT_PULL_INTERVAL.plusSeconds(1));
    scheduler.tick(EventSubscriptionService.DEFAULT_PULL_INTERVAL.plusSeconds(1));
    scheduler.runAnyDueExecutions();
    assertThat(events(subscription)).containsExactly("created " + first, "created " + second);

    assertThat(snapshot(subscription)).isEqualTo(27);
    tributary.events().unsubscribe(ann, subscription.id());
    assertThat(snapshot(subscription)).isZero(); // its snapshot goes with it
    clock.advance(EventSubscriptionService.DEFAULT_PULL_INTERVAL.plusSeconds(1));
    scheduler.tick(EventSubscriptionService.DEFAULT_PULL_INTERVAL.plusSeconds(1));
    scheduler.runAnyDueExecutions();
    assertThat(tributary.events().list(ann, null, PageRequest.first(10)).items()).isEmpty();
    scheduler.stop();
  }

  @Test
  void anotherCustomerSeesNeitherTheSubscriptionNorItsEvents() {
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of());
    contacts.seed(Map.of("name", "Secret"));
    tributary.events().pull(ann, subscription.id());
    Caller bob = Caller.customer(ann.workspaceId(), tributary.customers().identify(ann.workspaceId(), "bob", null, null).id());

    assertThatThrownBy(() -> tributary.events().get(bob, subscription.id())).isInstanceOf(NotFoundException.class);
    assertThat(tributary.events().events(bob, null, PageRequest.first(10)).items()).isEmpty();
    assertThat(tributary.events().events(ann, null, PageRequest.first(10)).items()).hasSize(1);
  }
}
