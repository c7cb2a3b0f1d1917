package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.Connectors;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.MutableClock;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.NotFoundException;
import dev.tributary.testkit.fake.FakeConnector;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The strategies better than a full scan, each against an app in memory that offers it, on both
 * databases: a change feed, a newest-first listing (with full scans for deletions) and webhooks.
 * The engine and the app share a clock the test moves, so "due" is exact.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class StrategiesIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  /** How long a busy pull waits before it tries again (the schedule passes its polling interval). */
  static final Duration BUSY_RETRY = Duration.ofMillis(500);

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  StrategyCollection tasks;
  Tributary tributary;
  Caller ann;
  String connection;

  void open(EventStrategy strategy, boolean reportsDeletions) {
    open(strategy, reportsDeletions, null);
  }

  /** The app has a second collection, {@code notes}, with one note: a second subscription of the same connection. */
  void open(EventStrategy strategy, boolean reportsDeletions, @org.jspecify.annotations.Nullable Integer maxPullsPerWorkspace) {
    FakeConnector app = FakeConnector.builder("tasks-app").collection("tasks", "title", "viewedAt").collection("notes", "text")
        .build();
    app.collection("tasks").withClock(clock);
    app.collection("notes").seed(Map.of("text", "A note"));
    tasks = new StrategyCollection(app.collection("tasks"), strategy, reportsDeletions);
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
        .connectors(ConnectorRegistry.of(List.of(Connectors.withCollection(app, tasks)))).clock(clock)
        .maxPullsPerWorkspace(maxPullsPerWorkspace).build();
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("tasks", null, "tasks-app", null, Map.of()));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    connection = tributary.connections().create(ann, new ConnectionInput("tasks", null, null, null, Map.of(), Map.of(), null)).id();
    for (int i = 0; i < 25; i++) {
      tasks.create(null, Map.of("title", "Task " + i, "viewedAt", "never"));
    }
  }

  @AfterEach
  void close() {
    if (tributary != null) {
      tributary.close();
    }
  }

  private List<String> events(EventSubscription subscription) {
    return tributary.events().events(ann, subscription.id(), PageRequest.first(1000)).items().stream()
        .map(event -> event.type().replace("data-record-", "") + " " + event.recordId()).toList();
  }

  private List<EventPull> pulls(EventSubscription subscription) {
    return tributary.events().pulls(ann, subscription.id(), PageRequest.first(100)).items();
  }

  @Test
  void aChangeFeedReportsWhatHappenedSinceTheSubscriptionBatchByBatchIncludingDeletions() {
    open(EventStrategy.CUSTOM_PULL, true);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());

    assertThat(subscription.strategy()).isEqualTo("custom-pull");
    assertThat(subscription.requiresPull()).isTrue();
    assertThat(subscription.requiresFullSync()).isFalse();
    assertThat(subscription.isRealTime()).isFalse();
    assertThat(pulls(subscription).getFirst().isFullScan()).isFalse(); // the baseline is the feed's position, no scan
    String created = tasks.create(null, Map.of("title", "New"));
    tasks.update(null, "3", Map.of("title", "Changed"));
    tasks.delete(null, "7");

    EventPull pull = tributary.events().pull(ann, subscription.id());

    assertThat(events(subscription)).containsExactly("created " + created, "updated 3", "deleted 7");
    assertThat(pull.pages()).isEqualTo(2); // three changes in batches of two
    tributary.events().pull(ann, subscription.id());
    assertThat(events(subscription)).hasSize(3);
  }

  @Test
  void aNewestFirstPullStopsAtTheLastMarkAndReportsEachChangeOnce() {
    open(EventStrategy.PULL_LATEST_RECORDS, false);
    clock.advance(Duration.ofHours(1));
    tasks.update(null, "1", Map.of("title", "Touched")); // the newest record when subscribing: the mark
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    assertThat(subscription.strategy()).isEqualTo("pull-latest-records");
    assertThat(subscription.requiresFullSync()).isTrue(); // a newest-first listing cannot see deletions

    clock.advance(Duration.ofHours(1));
    tasks.update(null, "4", Map.of("title", "Changed"));
    String created = tasks.create(null, Map.of("title", "New"));
    EventPull pull = tributary.events().pull(ann, subscription.id());

    assertThat(events(subscription)).containsExactlyInAnyOrder("updated 4", "created " + created);
    assertThat(pull.isFullScan()).isFalse();
    assertThat(pull.pages()).isEqualTo(1); // the rest of the collection is older than the mark
    assertThat(pull.records()).isEqualTo(3); // the two changes, and the record at the mark (the overlap), unchanged

    // Within the overlap window the same records come again, and report nothing new.
    clock.advance(Duration.ofSeconds(30));
    tributary.events().pull(ann, subscription.id());
    assertThat(events(subscription)).hasSize(2);
  }

  @Test
  void aChangeOfAnIgnoredFieldAloneIsNoUpdate() {
    open(EventStrategy.PULL_LATEST_RECORDS, false);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    clock.advance(Duration.ofHours(1));
    tasks.update(null, "5", Map.of("viewedAt", "2026-11-29T11:00:00Z"));
    tasks.update(null, "6", Map.of("title", "Renamed", "viewedAt", "2026-11-29T11:00:00Z"));

    tributary.events().pull(ann, subscription.id());

    assertThat(events(subscription)).containsExactly("updated 6");
  }

  @Test
  void deletionsTheStrategyCannotSeeAreFoundByTheFullScanWhenItIsDue() {
    open(EventStrategy.PULL_LATEST_RECORDS, false);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    tasks.deleteSilently("9");

    clock.advance(Duration.ofSeconds(subscription.pullIntervalSeconds() + 1));
    tributary.events().runDue(ann.workspaceId(), subscription.id(), BUSY_RETRY);
    assertThat(events(subscription)).isEmpty(); // an incremental pull: not yet the full scan
    assertThat(pulls(subscription).getLast().isFullScan()).isFalse();

    clock.advance(Duration.ofSeconds(subscription.fullSyncIntervalSeconds()));
    var next = tributary.events().runDue(ann.workspaceId(), subscription.id(), BUSY_RETRY);

    assertThat(pulls(subscription).getLast().isFullScan()).isTrue();
    assertThat(events(subscription)).containsExactly("deleted 9");
    assertThat(next).contains(clock.instant().plusSeconds(subscription.pullIntervalSeconds()));
  }

  @Test
  void webhooksAreRegisteredAtTheAppAndSignedCallsBecomeEvents() {
    open(EventStrategy.WEBHOOK, true);
    tributary.events().publicUrl(() -> "https://tributary.example.com/");
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());

    assertThat(subscription.isRealTime()).isTrue();
    assertThat(subscription.requiresPull()).isFalse();
    assertThat(subscription.requiresFullSync()).isFalse();
    assertThat(subscription.webhookUri()).startsWith("https://tributary.example.com/webhooks/");
    assertThat(tasks.webhooks).containsExactly(subscription.webhookUri());
    String ingress = subscription.webhookUri().substring(subscription.webhookUri().lastIndexOf('/') + 1);
    assertThat(ingress).hasSizeGreaterThanOrEqualTo(43); // 256 random bits

    var handshake = tributary.events().handleWebhook(ingress, new WebhookEvents.Call(Map.of("x-hook-secret", List.of("abc")), Map.of(), ""));
    assertThat(handshake.headers()).containsEntry("X-Hook-Secret", "abc");

    tasks.update(null, "2", Map.of("title", "Pushed"));
    String body = "updated 2";
    assertThat(tributary.events().handleWebhook(ingress, new WebhookEvents.Call(Map.of("x-signature", List.of(StrategyCollection.sign(body))),
        Map.of(), body))).isNull();
    assertThat(events(subscription)).containsExactly("updated 2");
    assertThat(tributary.events().events(ann, subscription.id(), PageRequest.first(10)).items().getFirst().record())
        .extracting("fields").extracting("title").isEqualTo("Pushed");

    var refused = tributary.events().handleWebhook(ingress,
        new WebhookEvents.Call(Map.of("x-signature", List.of("forged")), Map.of(), "deleted 3"));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.body()).contains("X-Signature does not match");
    assertThat(events(subscription)).hasSize(1);
    assertThat(tributary.connections().get(ann, connection).state()).isEqualTo("READY"); // a stranger's call changes nothing

    tributary.events().unsubscribe(ann, subscription.id());
    assertThat(tasks.webhooks).isEmpty();
    assertThatThrownBy(() -> tributary.events().handleWebhook(ingress, new WebhookEvents.Call(Map.of(), Map.of(), body)))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void theAppsCallToTheAddressWhileItCreatesTheWebhookIsAnsweredAndItsStateKept() {
    open(EventStrategy.WEBHOOK, true);
    tributary.events().publicUrl(() -> "https://tributary.example.com/");
    List<WebhookEvents.Reply> replies = new java.util.ArrayList<>();
    tasks.whileCreatingWebhook = uri -> replies.add(tributary.events().handleWebhook(uri.substring(uri.lastIndexOf('/') + 1),
        new WebhookEvents.Call(Map.of("x-hook-secret", List.of("s3cret")), Map.of(), "")));
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    String ingress = subscription.webhookUri().substring(subscription.webhookUri().lastIndexOf('/') + 1);

    String body = "updated 2";
    tributary.events().handleWebhook(ingress, new WebhookEvents.Call(Map.of("x-signature", List.of(StrategyCollection.sign(body))),
        Map.of(), body));

    assertThat(replies).singleElement().satisfies(reply -> assertThat(reply.headers()).containsEntry("X-Hook-Secret", "s3cret"));
    assertThat(tasks.lastWebhookState).containsEntry("hookSecret", "s3cret").containsEntry("hookId", "hook-1");
  }

  @Test
  void aWebhookThatTheAppRefusesToCreateLeavesNoAddress() {
    open(EventStrategy.WEBHOOK, true);
    tributary.events().publicUrl(() -> "https://tributary.example.com/");
    List<String> addresses = new java.util.ArrayList<>();
    tasks.whileCreatingWebhook = uri -> {
      addresses.add(uri.substring(uri.lastIndexOf('/') + 1));
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 400, "The app could not reach the address.");
    };

    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());

    assertThat(subscription.status()).isEqualTo(EventSubscription.ERROR);
    assertThat(subscription.error()).contains("The app could not reach the address.");
    assertThat(subscription.webhookUri()).isNull();
    assertThatThrownBy(() -> tributary.events().handleWebhook(addresses.getFirst(), new WebhookEvents.Call(Map.of(), Map.of(), "")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aWebhookThatExpiresIsRenewedWhenDue() {
    open(EventStrategy.WEBHOOK, true);
    tasks.webhookExpiry = clock.instant().plus(Duration.ofDays(7));
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    assertThat(subscription.nextRefreshAt()).isEqualTo(tasks.webhookExpiry);

    tasks.webhookExpiry = clock.instant().plus(Duration.ofDays(14));
    clock.advance(Duration.ofDays(7));
    var next = tributary.events().runDue(ann.workspaceId(), subscription.id(), BUSY_RETRY);

    assertThat(tasks.webhooks).containsExactly(subscription.webhookUri()); // renewed: a new one, the old removed
    assertThat(tributary.events().get(ann, subscription.id()).nextRefreshAt()).isEqualTo(tasks.webhookExpiry);
    assertThat(next).contains(tasks.webhookExpiry);
  }

  @Test
  void onePullOfASubscriptionRunsAtATime() {
    open(EventStrategy.FULL_SCAN, false);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    var blocked = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    tasks.pauseListing(blocked, release);
    var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> tributary.events().pull(ann, subscription.id()));
    try {
      await(blocked);
      assertThatThrownBy(() -> tributary.events().pull(ann, subscription.id()))
          .isInstanceOf(dev.tributary.error.ConflictException.class).hasMessageContaining("is running");
    } finally {
      release.countDown();
    }
    assertThat(running.join().status()).isEqualTo("succeeded");
    assertThat(tributary.events().pull(ann, subscription.id()).status()).isEqualTo("succeeded"); // the lease is released
  }

  /**
   * A connection runs one pull at a time and a workspace at most its cap; a pull that finds no free
   * place waits for the schedule's next look, and the places of finished pulls are free again.
   */
  @Test
  void aWorkspaceRunsAtMostItsCapOfPullsAndAConnectionOneAtATime() {
    open(EventStrategy.FULL_SCAN, false, 2);
    String second = tributary.connections().create(ann, new ConnectionInput("tasks", null, null, null, Map.of(), Map.of(), null)).id();
    String third = tributary.connections().create(ann, new ConnectionInput("tasks", null, null, null, Map.of(), Map.of(), null)).id();
    EventSubscription first = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    EventSubscription notesOfFirst = tributary.events().subscribe(ann, connection, "notes", Map.of());
    EventSubscription ofSecond = tributary.events().subscribe(ann, second, "tasks", Map.of());
    EventSubscription ofThird = tributary.events().subscribe(ann, third, "tasks", Map.of());
    clock.set(clock.instant().plusSeconds(first.pullIntervalSeconds()));
    var release = new java.util.concurrent.CountDownLatch(1);
    var firstReached = new java.util.concurrent.CountDownLatch(1);
    var secondReached = new java.util.concurrent.CountDownLatch(1);
    List<java.util.concurrent.CompletableFuture<EventPull>> running = new java.util.ArrayList<>();
    // A thread each: the common pool may have a single thread, which the first blocked pull would hold.
    var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    try (threads) {
      tasks.pauseListing(firstReached, release);
      running.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> tributary.events().pull(ann, first.id()), threads));
      await(firstReached);

      // One of two places taken, but the connection's one pull runs.
      assertThat(tributary.events().runDue(ann.workspaceId(), notesOfFirst.id(), BUSY_RETRY)).contains(clock.instant().plus(BUSY_RETRY));

      tasks.pauseListing(secondReached, release);
      running.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> tributary.events().pull(ann, ofSecond.id()), threads));
      await(secondReached);

      // Both places taken: a third connection waits too.
      assertThat(tributary.events().runDue(ann.workspaceId(), ofThird.id(), BUSY_RETRY)).contains(clock.instant().plus(BUSY_RETRY));
      assertThatThrownBy(() -> tributary.events().pull(ann, ofThird.id())).isInstanceOf(dev.tributary.error.ConflictException.class);
      release.countDown();
      running.forEach(pull -> assertThat(pull.join().status()).isEqualTo("succeeded"));
    } finally {
      release.countDown();
    }
    assertThat(pulls(notesOfFirst)).hasSize(1); // the baseline: the busy pulls did not run
    assertThat(pulls(ofThird)).hasSize(1);

    assertThat(tributary.events().runDue(ann.workspaceId(), ofThird.id(), BUSY_RETRY))
        .contains(clock.instant().plusSeconds(ofThird.pullIntervalSeconds()));
    assertThat(tributary.events().runDue(ann.workspaceId(), notesOfFirst.id(), BUSY_RETRY))
        .contains(clock.instant().plusSeconds(notesOfFirst.pullIntervalSeconds()));
    assertThat(pulls(ofThird)).hasSize(2);
    assertThat(pulls(notesOfFirst)).hasSize(2);
  }

  @Test
  void aDuePullThatFindsItsSubscriptionBeingPulledTriesAgainAtTheSchedulesNextLook() {
    open(EventStrategy.FULL_SCAN, false);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    clock.set(tributary.events().get(ann, subscription.id()).nextPullAt());
    var blocked = new java.util.concurrent.CountDownLatch(1);
    var release = new java.util.concurrent.CountDownLatch(1);
    tasks.pauseListing(blocked, release);
    var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> tributary.events().pull(ann, subscription.id()));
    Optional<Instant> next;
    try {
      await(blocked); // a pull asked for through the API holds the subscription when its scheduled pull is due
      next = tributary.events().runDue(ann.workspaceId(), subscription.id(), BUSY_RETRY);
    } finally {
      release.countDown();
    }
    running.join();

    assertThat(next).contains(clock.instant().plus(BUSY_RETRY)); // not the interval, nor half a minute
    assertThat(pulls(subscription)).hasSize(2); // the baseline and the one asked for: the busy pull did not run
  }

  @Test
  void aPullStoppedByAFaultOfTheServerIsRecordedFailedAtOnceAndReleasesItsLease() {
    open(EventStrategy.FULL_SCAN, false);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    tasks.failNextListingWith(new IllegalStateException("a fault in the connector's code"));

    assertThatThrownBy(() -> tributary.events().pull(ann, subscription.id())).hasMessage("a fault in the connector's code");
    EventPull stopped = pulls(subscription).getLast();
    assertThat(stopped.status()).isEqualTo("failed");
    assertThat(stopped.error()).isEqualTo(EventSubscriptionService.STOPPED);
    assertThat(stopped.finishedAt()).isNotNull();

    assertThat(tributary.events().pull(ann, subscription.id()).status()).isEqualTo("succeeded"); // the lease was released
    assertThat(pulls(subscription)).extracting(EventPull::status).containsExactly("succeeded", "failed", "succeeded");
    assertThat(pulls(subscription).get(1).error()).isEqualTo(EventSubscriptionService.STOPPED);
  }

  /**
   * The process of a pull stopped: the pull still says running and its lease ran out instead of
   * being released. The next pull, which finds the lease run out, records the dead one as interrupted.
   */
  @Test
  void aPullWhoseLeaseRanOutIsRecordedInterruptedByTheNextPull() {
    open(EventStrategy.FULL_SCAN, false);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    String deadPull = "00000000-0000-7000-8000-000000000001"; // listed first
    Instant due = tributary.events().get(ann, subscription.id()).nextPullAt();
    tributary.database().inTransaction(handle -> {
      handle.createUpdate("insert into event_pulls (id, subscription_id, is_full_scan, is_baseline, status, pages, records,"
              + " snapshot_size, events, started_at, strategy) values (:id, :s, true, false, 'running', 1, 10, 25, 0, :started,"
              + " 'full-scan')")
          .bind("id", deadPull).bind("s", subscription.id()).bind("started", dev.tributary.engine.store.Rows.time(clock.instant()))
          .execute();
      return handle.createUpdate("update event_subscriptions set lease_owner = 'stopped-process', lease_until = :until where id = :s")
          .bind("until", dev.tributary.engine.store.Rows.time(due.minusSeconds(1))).bind("s", subscription.id()).execute();
    });
    clock.set(due);

    var next = tributary.events().runDue(ann.workspaceId(), subscription.id(), BUSY_RETRY);

    assertThat(next).contains(due.plusSeconds(subscription.pullIntervalSeconds()));
    EventPull dead = pulls(subscription).stream().filter(pull -> pull.id().equals(deadPull)).findFirst().orElseThrow();
    assertThat(dead.status()).isEqualTo("failed");
    assertThat(dead.error()).isEqualTo(EventSubscriptionService.INTERRUPTED);
    assertThat(pulls(subscription).getLast().status()).isEqualTo("succeeded");
  }

  @Test
  void pullsThatKeepFailingWaitLongerEachTimeAndAGoodPullResetsTheWait() {
    open(EventStrategy.FULL_SCAN, false);
    EventSubscription subscription = tributary.events().subscribe(ann, connection, "tasks", Map.of());
    int interval = subscription.pullIntervalSeconds();
    List<Long> waits = new java.util.ArrayList<>();
    for (int failure = 0; failure < 3; failure++) {
      tasks.failNextListingAt("0");
      clock.set(tributary.events().get(ann, subscription.id()).nextPullAt());
      var next = tributary.events().runDue(ann.workspaceId(), subscription.id(), BUSY_RETRY).orElseThrow();
      waits.add(Duration.between(clock.instant(), next).toSeconds());
    }
    assertThat(waits).containsExactly((long) interval, 2L * interval, 4L * interval);
    assertThat(tributary.events().get(ann, subscription.id()).error()).contains("tries again in " + 4 * interval / 60 + " minutes");

    clock.set(tributary.events().get(ann, subscription.id()).nextPullAt());
    var next = tributary.events().runDue(ann.workspaceId(), subscription.id(), BUSY_RETRY).orElseThrow();
    assertThat(Duration.between(clock.instant(), next).toSeconds()).isEqualTo(interval);
    assertThat(tributary.events().get(ann, subscription.id()).status()).isEqualTo(EventSubscription.SUBSCRIBED);
    assertThat(EventSubscriptionService.retryAfter(300, 30)).isEqualTo(EventSubscriptionService.LONGEST_BACKOFF);
  }

  private static void await(java.util.concurrent.CountDownLatch latch) {
    try {
      assertThat(latch.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("the pull reached the app").isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
