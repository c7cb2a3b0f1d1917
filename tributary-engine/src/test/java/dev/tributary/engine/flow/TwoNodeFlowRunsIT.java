package dev.tributary.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.testkit.fake.FakeConnector;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Tributary nodes on one PostgreSQL, both running queued flow runs at once: every run runs
 * exactly once, and a connection never has two runs running at the same time (the product's API,
 * a real HTTP server, counts the calls in flight per connection).
 */
class TwoNodeFlowRunsIT {

  @TempDir Path dataDir;
  final List<Tributary> nodes = new ArrayList<>();
  HttpServer product;
  final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> mostAtOnce = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  Tributary node(DatabaseSettings database, KeySet keys, String name) {
    FakeConnector app = FakeConnector.builder("contacts-app").collection("contacts", "name").build();
    Tributary tributary = Tributary.builder().dataDir(dataDir.resolve(name)).database(database).encryptionKeys(keys)
        .connectors(ConnectorRegistry.of(List.of(app))).build();
    nodes.add(tributary);
    return tributary;
  }

  @AfterEach
  void close() {
    nodes.forEach(Tributary::close);
    if (product != null) {
      product.stop(0);
    }
  }

  @Test
  void twoNodesRunEveryQueuedRunOnceAndNeverTwoOfOneConnectionAtOnce() throws Exception {
    product = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    product.setExecutor(Executors.newFixedThreadPool(8));
    product.createContext("/api/runs/", exchange -> {
      String connection = exchange.getRequestURI().getPath().substring("/api/runs/".length());
      int now = inFlight.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
      mostAtOnce.computeIfAbsent(connection, c -> new AtomicInteger()).accumulateAndGet(now, Math::max);
      calls.computeIfAbsent(connection, c -> new AtomicInteger()).incrementAndGet();
      try {
        Thread.sleep(20); // a product that takes a moment widens the window in which a second run could overlap
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      inFlight.get(connection).decrementAndGet();
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, 2);
      exchange.getResponseBody().write("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      exchange.close();
    });
    product.start();

    DatabaseSettings database = TestDatabase.POSTGRESQL.fresh();
    KeySet keys = KeySet.of(EncryptionKey.generate());
    Tributary first = node(database, keys, "first");
    Tributary second = node(database, keys, "second");
    Caller admin = Caller.admin(first.bootstrap().workspace().id());
    first.integrations().create(admin, new IntegrationInput("contacts", null, "contacts-app", null, Map.of()));
    first.appApi().configure(admin, "http://127.0.0.1:" + product.getAddress().getPort() + "/api");
    Flow flow = first.flows().create(admin, new FlowService.FlowInput("notify", null, null, Map.of(
        "start", Map.of("type", "api-trigger", "links", List.of(Map.of("key", "call"))),
        "call", Map.of("type", "api-request-to-your-app", "config", Map.of("method", "POST",
            "path", Map.of("$concat", List.of("/runs/", Map.of("$var", "$.flowInstance.connectionId"))),
            "body", Map.of("n", Map.of("$var", "$.input.start.n")))))));
    List<FlowInstance> instances = new ArrayList<>();
    for (String customer : List.of("ann", "bob")) {
      Caller caller = Caller.customer(admin.workspaceId(), first.customers().identify(admin.workspaceId(), customer, null, null).id());
      String connection = first.connections().create(caller, new ConnectionInput("contacts", null, null, null, Map.of(), Map.of(), null)).id();
      instances.add(first.flowInstances().get(caller, connection, "notify", null, true));
    }
    int perConnection = 10;
    for (int i = 0; i < perConnection; i++) {
      for (FlowInstance instance : instances) {
        first.flowRuns().enqueue(admin.workspaceId(), flow, instance, "start", Map.of("n", i));
      }
    }

    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger finished = new AtomicInteger();
    ExecutorService workers = Executors.newFixedThreadPool(4);
    for (Tributary node : List.of(first, second, first, second)) {
      workers.submit(() -> {
        while (!done.get()) {
          if (finished.addAndGet(node.flowRuns().runQueued()) == 0) {
            Thread.sleep(5); // nothing claimable now: let the other workers through
          }
        }
        return null;
      });
    }
    try {
      await("every queued run has run").atMost(Duration.ofSeconds(60)).until(() -> finished.get() >= 2 * perConnection);
    } finally {
      done.set(true);
      workers.shutdown();
      workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    for (FlowInstance instance : instances) {
      assertThat(calls.get(instance.connectionId())).hasValue(perConnection); // each run once
      assertThat(mostAtOnce.get(instance.connectionId())).as("runs of one connection at once").hasValue(1);
      List<FlowRun> runs = first.flowRuns().list(admin, instance.id(), null, PageRequest.first(100)).items();
      assertThat(runs).hasSize(perConnection).allMatch(run -> run.status().equals(FlowRun.COMPLETED));
    }
    assertThat(finished).hasValue(2 * perConnection);
  }
}
