package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.Connectors;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.testkit.fake.FakeConnector;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes on one PostgreSQL, each running the pull schedule: they share the work, no subscription
 * (nor connection) is ever pulled by two at once, and a dead node's work is taken over.
 */
class TwoNodesIT {

  @TempDir Path dataDir;
  final List<Tributary> nodes = new ArrayList<>();

  /** A node: its own engine and its own copy of the app, counting the listings it served. */
  record Node(Tributary tributary, AtomicInteger listings) {}

  Node node(DatabaseSettings database, KeySet keys, String name) {
    FakeConnector app = FakeConnector.builder("contacts-app").collection("contacts", "name").collection("deals", "title").build();
    for (int i = 0; i < 15; i++) {
      app.collection("contacts").seed(Map.of("name", "Contact " + i));
      app.collection("deals").seed(Map.of("title", "Deal " + i));
    }
    AtomicInteger listings = new AtomicInteger();
    class Counting extends ForwardingDataCollection {
      Counting(String key) {
        super(app.collection(key));
      }

      @Override
      public RecordPage list(ConnectorContext context, ListRequest request) {
        listings.incrementAndGet();
        return super.list(context, request);
      }
    }
    var connector = Connectors.withCollection(Connectors.withCollection(app, new Counting("contacts")), new Counting("deals"));
    Tributary tributary = Tributary.builder().dataDir(dataDir.resolve(name)).database(database).encryptionKeys(keys)
        .connectors(ConnectorRegistry.of(List.of(connector))).build();
    nodes.add(tributary);
    return new Node(tributary, listings);
  }

  @AfterEach
  void close() {
    nodes.forEach(Tributary::close);
  }

  @Test
  void twoNodesShareThePullsAndNeverPullOneSubscriptionOrConnectionAtOnce() {
    DatabaseSettings database = TestDatabase.POSTGRESQL.fresh();
    KeySet keys = KeySet.of(EncryptionKey.generate());
    Node first = node(database, keys, "first");
    Node second = node(database, keys, "second");
    Tributary tributary = first.tributary();
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("contacts", null, "contacts-app", null, Map.of()));
    Caller ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    List<String> subscriptions = new ArrayList<>();
    for (int c = 0; c < 3; c++) {
      String connection = tributary.connections().create(ann,
          new ConnectionInput("contacts", null, "Account " + c, "account-" + c, Map.of(), Map.of(), null)).id();
      for (String collection : List.of("contacts", "deals")) {
        // A consumer asking for a pull every second keeps every subscription due all the time.
        subscriptions.add(tributary.events().acquire(ann, new EventSubscriptionService.Consumer("test:" + connection + collection,
            connection, collection, Map.of(), Set.of("created"), 1, 1)).id());
      }
    }
    int baselines = first.listings().get();

    first.tributary().events().scheduler().start(tributary.database().dataSource(), 4, Duration.ofMillis(100));
    second.tributary().events().scheduler().start(second.tributary().database().dataSource(), 4, Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(90)).until(() -> succeededPulls(tributary) >= 60);
    first.tributary().events().scheduler().close();
    second.tributary().events().scheduler().close();

    assertThat(first.listings().get() - baselines).as("pages the first node listed").isPositive();
    assertThat(second.listings().get()).as("pages the second node listed").isPositive();
    List<Pull> pulls = pulls(tributary);
    assertThat(pulls.stream().map(Pull::subscription).distinct()).hasSize(subscriptions.size());
    for (Pull pull : pulls) {
      for (Pull other : pulls) {
        if (pull != other && pull.connection().equals(other.connection())) {
          assertThat(pull.overlaps(other)).as("%s and %s of one connection ran at once", pull, other).isFalse();
        }
      }
    }
  }

  /**
   * A node died in the middle of a pull: its scheduled row is still claimed (with heartbeats that
   * stopped an hour ago), its pull still says running, and its lease on the subscription ran out.
   * Another node takes the work over, and the dead pull is recorded as interrupted.
   */
  @Test
  void aDeadNodesPullIsTakenOverByAnother() {
    DatabaseSettings database = TestDatabase.POSTGRESQL.fresh();
    Node survivor = node(database, KeySet.of(EncryptionKey.generate()), "survivor");
    Tributary tributary = survivor.tributary();
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("contacts", null, "contacts-app", null, Map.of()));
    Caller ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    String connection = tributary.connections().create(ann, new ConnectionInput("contacts", null, null, null, Map.of(), Map.of(), null)).id();
    String subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of()).id();
    String deadPull = "01a2d3ad-0000-7000-8000-000000000001";
    tributary.database().withHandle(handle -> {
      handle.createUpdate("insert into event_pulls (id, subscription_id, is_full_scan, is_baseline, status, pages, records,"
          + " snapshot_size, events, started_at, strategy) values (:id, :s, true, false, 'running', 2, 20, 30, 0,"
          + " now() - interval '1 hour', 'full-scan')").bind("id", deadPull).bind("s", subscription).execute();
      handle.createUpdate("update event_subscriptions set lease_owner = 'dead-node-pull', lease_until = now() - interval '1 second',"
          + " next_pull_at = now() - interval '1 hour' where id = :s").bind("s", subscription).execute();
      return handle.createUpdate("update scheduled_tasks set picked = true, picked_by = 'dead-node', execution_time = now() - interval"
          + " '1 hour', last_heartbeat = now() - interval '1 hour' where task_instance = :s").bind("s", subscription).execute();
    });

    tributary.events().scheduler().start(tributary.database().dataSource(), 2, Duration.ofMillis(100), Duration.ofSeconds(1));
    await().atMost(Duration.ofSeconds(60)).until(() -> tributary.events().pulls(ann, subscription,
        dev.tributary.engine.store.PageRequest.first(10)).items().stream()
        .anyMatch(pull -> !pull.isBaseline() && !pull.id().equals(deadPull) && pull.status().equals("succeeded")));
    tributary.events().scheduler().close();

    var dead = tributary.events().pulls(ann, subscription, dev.tributary.engine.store.PageRequest.first(10)).items().stream()
        .filter(pull -> pull.id().equals(deadPull)).findFirst().orElseThrow();
    assertThat(dead.status()).isEqualTo("failed");
    assertThat(dead.error()).startsWith("Interrupted");
  }

  record Pull(String subscription, String connection, Timestamp started, Timestamp finished) {
    boolean overlaps(Pull other) {
      return started.before(other.finished) && other.started.before(finished);
    }
  }

  static int succeededPulls(Tributary tributary) {
    return tributary.database().withHandle(handle -> handle.createQuery("select count(*) from event_pulls where status = 'succeeded'"
        + " and is_baseline = false").mapTo(Integer.class).one());
  }

  static List<Pull> pulls(Tributary tributary) {
    return tributary.database().withHandle(handle -> handle.createQuery("select p.subscription_id, s.connection_id, p.started_at,"
            + " p.finished_at from event_pulls p join event_subscriptions s on s.id = p.subscription_id where p.finished_at is not null")
        .map((rs, ctx) -> new Pull(rs.getString(1), rs.getString(2), rs.getTimestamp(3), rs.getTimestamp(4))).list());
  }
}
