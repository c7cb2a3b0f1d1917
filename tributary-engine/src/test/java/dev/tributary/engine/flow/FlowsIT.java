package dev.tributary.engine.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.events.DataEvent;
import dev.tributary.engine.events.EventDelivery;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.MutableClock;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.InvalidInputException;
import dev.tributary.testkit.fake.FakeCollection;
import dev.tributary.testkit.fake.FakeConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flows on both databases against an app seeded in memory and a real HTTP server standing for the
 * SaaS product: events launch runs exactly once, runs walk their nodes, and the queue is bounded.
 * Launching and running happen when the test calls them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class FlowsIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  final FakeConnector app = FakeConnector.builder("contacts-app").collection("contacts", "name", "email")
      .collection("people", "name", "email").build();
  /** What the product's API received: method, path, signature, body. */
  final List<String[]> received = new CopyOnWriteArrayList<>();
  /** Statuses for the product's next answers; empty: 200. */
  final ConcurrentLinkedQueue<Integer> answers = new ConcurrentLinkedQueue<>();
  HttpServer product;
  dev.tributary.engine.store.DatabaseSettings store;
  KeySet keys;
  Tributary tributary;
  Caller admin;
  Caller ann;
  String connection;
  String secret;
  FakeCollection contacts;

  static final Map<String, Object> SYNC_CONTACTS = Map.of(
      "contact-created", Map.of("type", "data-record-created-trigger", "config", Map.of("dataSource", Map.of("key", "contacts")),
          "links", List.of(Map.of("key", "get-contact"))),
      "get-contact", Map.of("type", "find-data-record-by-id", "config", Map.of("dataSource", Map.of("key", "contacts"),
          "id", Map.of("$var", "$.input.contact-created.record.id")), "links", List.of(Map.of("key", "post-contact"))),
      "post-contact", Map.of("type", "api-request-to-your-app", "config", Map.of("method", "POST", "path", "/contacts",
          "body", Map.of("id", Map.of("$var", "$.input.get-contact.record.id"),
              "name", Map.of("$var", "$.input.get-contact.record.fields.name"),
              "connection", Map.of("$var", "$.flowInstance.connectionId")))),
      "contact-deleted", Map.of("type", "data-record-deleted-trigger", "config", Map.of("dataSource", Map.of("key", "contacts")),
          "links", List.of(Map.of("key", "delete-contact"))),
      "delete-contact", Map.of("type", "api-request-to-your-app", "config", Map.of("method", "DELETE",
          "path", Map.of("$concat", List.of("/contacts/", Map.of("$var", "$.input.contact-deleted.record.id"))))));

  @BeforeEach
  void open() throws IOException {
    product = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    product.createContext("/", exchange -> {
      received.add(new String[] {exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst(EventDelivery.SIGNATURE_HEADER),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
      Integer status = answers.poll();
      byte[] body = (status == null ? "{\"ok\":true}" : "{\"message\":\"no\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status == null ? 200 : status, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    product.start();
    store = database.fresh();
    keys = KeySet.of(EncryptionKey.generate());
    tributary = engine();
    admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("contacts", null, "contacts-app", null, Map.of()));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    connection = tributary.connections().create(ann, new ConnectionInput("contacts", null, null, null, Map.of(), Map.of(), null)).id();
    tributary.dataSources().create(admin, new DataSourceInput("contacts", null, "contacts", null, "contacts", null, null, null));
    contacts = app.collection("contacts");
    secret = tributary.appApi().configure(admin, "http://127.0.0.1:" + product.getAddress().getPort() + "/api").signingSecret();
  }

  Tributary engine() {
    return Tributary.builder().dataDir(dataDir).database(store).encryptionKeys(keys)
        .connectors(ConnectorRegistry.of(List.of(app))).clock(clock).maxQueuedFlowRunsPerConnection(2).build();
  }

  @AfterEach
  void close() {
    tributary.close();
    product.stop(0);
  }

  FlowInstance syncContacts() {
    tributary.flows().create(admin, new FlowService.FlowInput("sync-contacts", "Sync contacts", null, SYNC_CONTACTS));
    return tributary.flowInstances().get(ann, connection, "sync-contacts", null, true);
  }

  String subscriptionOf(FlowInstance instance, String trigger) {
    return tributary.flowInstances().view(ann, instance).subscriptions().get(trigger);
  }

  List<FlowRun> runs(FlowInstance instance) {
    return tributary.flowRuns().list(ann, instance.id(), null, PageRequest.first(100)).items();
  }

  @Test
  void aCreatedRecordLaunchesOneRunThatFetchesItAndPostsItSignedToTheProduct() {
    FlowInstance instance = syncContacts();
    assertThat(instance.enabled()).isTrue();
    String subscription = subscriptionOf(instance, "contact-created");
    assertThat(subscription).isNotNull().isEqualTo(subscriptionOf(instance, "contact-deleted")); // one collection, one subscription

    String id = contacts.seed(Map.of("name", "Ann", "email", "ann@example.org"));
    tributary.events().pull(ann, subscription);
    assertThat(tributary.flowRuns().dispatchEvents()).isEqualTo(1);
    assertThat(tributary.flowRuns().dispatchEvents()).isZero(); // an event launches its run once
    assertThat(tributary.flowRuns().runQueued()).isEqualTo(1);

    FlowRun run = runs(instance).getFirst();
    assertThat(run.status()).as(String.valueOf(run.error())).isEqualTo(FlowRun.COMPLETED);
    assertThat(run.nodes().keySet()).containsExactly("contact-created", "get-contact", "post-contact");
    assertThat(run.nodes().values()).allMatch(node -> node.status().equals(FlowRun.COMPLETED));
    assertThat(received).hasSize(1);
    String[] call = received.getFirst();
    assertThat(call[0] + " " + call[1]).isEqualTo("POST /api/contacts");
    assertThat(Json.readObject(call[3])).isEqualTo(Map.of("id", id, "name", "Ann", "connection", connection));
    String timestamp = call[2].substring(2, call[2].indexOf(','));
    assertThat(call[2]).isEqualTo("t=" + timestamp + ",v1=" + EventDelivery.sign(secret, timestamp + "." + call[3]));
    assertThat(run.nodes().get("post-contact").output()).isEqualTo(Map.of("status", 200, "body", Map.of("ok", true)));
    DataEvent event = tributary.events().events(ann, subscription, PageRequest.first(10)).items().getFirst();
    assertThat(event.launchedFlowRunIds()).containsExactly(run.id());
    assertThat(run.eventId()).isEqualTo(event.id());
  }

  @Test
  void eventsLoggedBeforeAStopLaunchTheirRunsOnceAfterTheRestart() {
    FlowInstance instance = syncContacts();
    contacts.seed(Map.of("name", "Gus"));
    contacts.seed(Map.of("name", "Hal"));
    tributary.events().pull(ann, subscriptionOf(instance, "contact-created"));
    assertThat(tributary.flowRuns().dispatchEvents()).isEqualTo(2); // queued, not yet run
    contacts.seed(Map.of("name", "Ida"));
    tributary.events().pull(ann, subscriptionOf(instance, "contact-created")); // logged, not yet looked at by flows
    tributary.close();

    tributary = engine(); // the server starts again on the same store
    tributary.flowRuns().recoverInterruptedRuns();
    assertThat(tributary.flowRuns().runQueued()).isEqualTo(2);
    assertThat(tributary.flowRuns().dispatchEvents()).isEqualTo(1);
    assertThat(tributary.flowRuns().dispatchEvents()).isZero();
    assertThat(tributary.flowRuns().runQueued()).isEqualTo(1);
    assertThat(received).extracting(call -> Json.readObject(call[3]).get("name")).containsExactlyInAnyOrder("Gus", "Hal", "Ida");
  }

  @Test
  void aDeletedRecordRunsTheDeletedTriggersBranchOnly() {
    String id = contacts.seed(Map.of("name", "Bob"));
    FlowInstance instance = syncContacts();
    tributary.connectionData().delete(ann, connection, "contacts", Map.of(), id);
    tributary.events().pull(ann, subscriptionOf(instance, "contact-deleted"));
    tributary.flowRuns().dispatchEvents();
    tributary.flowRuns().runQueued();

    FlowRun run = runs(instance).getFirst();
    assertThat(run.triggerNodeKey()).isEqualTo("contact-deleted");
    assertThat(run.status()).isEqualTo(FlowRun.COMPLETED);
    assertThat(received.getFirst()[0] + " " + received.getFirst()[1]).isEqualTo("DELETE /api/contacts/" + id);
  }

  @Test
  void aFailingNodeFailsTheRunNamingItAndSkipsWhatFollows() {
    FlowInstance instance = syncContacts();
    contacts.seed(Map.of("name", "Carl"));
    tributary.events().pull(ann, subscriptionOf(instance, "contact-created"));
    answers.add(500);
    tributary.flowRuns().dispatchEvents();
    tributary.flowRuns().runQueued();

    FlowRun run = runs(instance).getFirst();
    assertThat(run.status()).isEqualTo(FlowRun.FAILED);
    String url = "http://127.0.0.1:" + product.getAddress().getPort() + "/api/contacts";
    assertThat(run.error()).isEqualTo("Node \"post-contact\" (api-request-to-your-app) failed: Your app answered HTTP 500 to POST "
        + url + ": {\"message\":\"no\"}");
    assertThat(run.nodes().get("get-contact").status()).isEqualTo(FlowRun.COMPLETED);
    assertThat(run.nodes().get("post-contact").status()).isEqualTo(FlowRun.FAILED);
  }

  @Test
  void aFilterThatFailsStopsItsBranchAndConditionalLinksFollowTheOutput() {
    tributary.flows().create(admin, new FlowService.FlowInput("triage", null, null, Map.of(
        "start", Map.of("type", "api-trigger", "links", List.of(Map.of("key", "shape"))),
        "shape", Map.of("type", "transform-data", "config", Map.of("output", Map.of("kind", Map.of("$var", "$.input.start.kind"),
            "size", Map.of("$var", "$.input.start.size"))), "links", List.of(
            Map.of("key", "big-only", "filter", Map.of("$eval", Map.of("$var", "$.output.kind"), "is", "order")),
            Map.of("key", "never", "filter", Map.of("$eval", Map.of("$var", "$.output.kind"), "is", "refund")))),
        "big-only", Map.of("type", "filter", "config", Map.of("filter", Map.of("$eval", Map.of("$var", "$.input.shape.size"), "gt", 10)),
            "links", List.of(Map.of("key", "notify"))),
        "never", Map.of("type", "api-request-to-your-app", "config", Map.of("path", "/refunds")),
        "notify", Map.of("type", "api-request-to-your-app", "config", Map.of("path", "/orders",
            "body", Map.of("size", Map.of("$var", "$.input.shape.size")))))));
    FlowInstance instance = tributary.flowInstances().get(ann, connection, "triage", null, true);

    FlowRun small = tributary.flowInstances().run(ann, instance, null, Map.of("kind", "order", "size", 3));
    FlowRun big = tributary.flowInstances().run(ann, instance, null, Map.of("kind", "order", "size", 30));

    assertThat(small.status()).isEqualTo(FlowRun.COMPLETED);
    assertThat(small.nodes().get("big-only").output()).isEqualTo(Map.of("passed", false));
    assertThat(small.nodes().get("notify").status()).isEqualTo(FlowRun.NodeRun.SKIPPED);
    assertThat(small.nodes().get("never").status()).isEqualTo(FlowRun.NodeRun.SKIPPED);
    assertThat(big.nodes().get("notify").status()).isEqualTo(FlowRun.COMPLETED);
    assertThat(big.nodes().get("notify").input()).isEqualTo(Map.of("path", "/orders", "body", Map.of("size", 30)));
    assertThat(received).hasSize(1);
    assertThat(received.getFirst()[1]).isEqualTo("/api/orders");
  }

  @Test
  void aDisabledInstanceLetsItsSubscriptionGoAndLaunchesNothingUntilEnabledAgain() {
    FlowInstance instance = syncContacts();
    String subscription = subscriptionOf(instance, "contact-created");
    FlowInstance disabled = tributary.flowInstances().update(ann, instance, false, null);
    assertThat(tributary.flowInstances().view(ann, disabled).subscriptions()).isEmpty();
    assertThat(tributary.events().list(ann, null, PageRequest.first(10)).items()).isEmpty(); // nothing else needed it

    FlowInstance enabled = tributary.flowInstances().update(ann, disabled, true, null);
    String again = subscriptionOf(enabled, "contact-created");
    assertThat(again).isNotNull().isNotEqualTo(subscription);
    contacts.seed(Map.of("name", "Dora"));
    tributary.events().pull(ann, again);
    assertThat(tributary.flowRuns().dispatchEvents()).isEqualTo(1);
  }

  @Test
  void aRunBeyondTheConnectionsQueueIsRecordedAsDroppedNotLost() {
    FlowInstance instance = syncContacts();
    for (int i = 0; i < 3; i++) {
      contacts.seed(Map.of("name", "Contact " + i));
    }
    tributary.events().pull(ann, subscriptionOf(instance, "contact-created"));
    assertThat(tributary.flowRuns().dispatchEvents()).isEqualTo(3);

    List<FlowRun> runs = runs(instance); // newest first
    assertThat(runs).extracting(FlowRun::status).containsExactly(FlowRun.FAILED, FlowRun.QUEUED, FlowRun.QUEUED);
    assertThat(runs.getFirst().error()).startsWith("Dropped: the connection already has 2 flow runs waiting, the most its"
        + " queue holds (setting maxQueuedFlowRunsPerConnection).");
    assertThat(runs.getFirst().nodes().values()).allMatch(node -> node.status().equals(FlowRun.NodeRun.SKIPPED));
    assertThat(tributary.flowRuns().runQueued()).isEqualTo(2);
    assertThat(received).hasSize(2);
  }

  @Test
  void theCustomersChoiceOfCollectionMovesTheTriggersAtOnce() {
    FlowInstance instance = syncContacts();
    String before = subscriptionOf(instance, "contact-created");
    tributary.dataSourceInstances().update(ann, InstanceSelector.of("contacts", connection, null),
        new InstanceInput("people", null, null, null, null));

    String after = subscriptionOf(instance, "contact-created");
    assertThat(after).isNotEqualTo(before);
    assertThat(tributary.events().get(ann, after).collectionKey()).isEqualTo("people");
    app.collection("people").seed(Map.of("name", "Eve"));
    tributary.events().pull(ann, after);
    tributary.flowRuns().dispatchEvents();
    tributary.flowRuns().runQueued();
    assertThat(Json.readObject(received.getFirst()[3])).containsEntry("name", "Eve"); // find-by-id followed too
  }

  @Test
  void aRunInterruptedByAStoppedServerIsMarkedFailedAndNotRunAgain() {
    FlowInstance instance = syncContacts();
    contacts.seed(Map.of("name", "Fay"));
    tributary.events().pull(ann, subscriptionOf(instance, "contact-created"));
    tributary.flowRuns().dispatchEvents();
    String id = runs(instance).getFirst().id();
    tributary.database().inTransaction(handle -> handle.createUpdate("update flow_runs set status = 'running', lease_owner = 'gone',"
        + " lease_until = :until where id = :id").bind("until", clock.instant().plusSeconds(300).atOffset(java.time.ZoneOffset.UTC))
        .bind("id", id).execute());

    assertThat(tributary.flowRuns().runQueued()).isZero(); // one run of the connection at a time, even a stale one
    clock.advance(java.time.Duration.ofMinutes(6)); // its lease expires
    assertThat(tributary.flowRuns().runQueued()).isZero();
    FlowRun run = tributary.flowRuns().get(ann, id);
    assertThat(run.status()).isEqualTo(FlowRun.FAILED);
    assertThat(run.error()).startsWith("Interrupted: the server running this flow run stopped");
    assertThat(received).isEmpty();
  }

  @Test
  void badNodesAreRefusedNamingEachProblem() {
    assertThatThrownBy(() -> tributary.flows().create(admin, new FlowService.FlowInput("broken", null, null, Map.of(
        "start", Map.of("type", "data-record-created-trigger", "links", List.of(Map.of("key", "nowhere"))),
        "odd", Map.of("type", "send-fax")))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("The flow's nodes have 3 problems: nodes.odd.type: Unknown node type \"send-fax\". Known types: api-trigger,"
            + " data-record-created-trigger, data-record-updated-trigger, data-record-deleted-trigger, find-data-record-by-id,"
            + " transform-data, filter, create-data-record, update-data-record, api-request-to-your-app, run-action."
            + " nodes.start.config.dataSource: A data-record-created-trigger watches a data source: give config.dataSource,"
            + " e.g. {\"key\": \"users\"}. nodes.start.links: Link to \"nowhere\", which is not a node of this flow. Its nodes: start.");
  }
}
