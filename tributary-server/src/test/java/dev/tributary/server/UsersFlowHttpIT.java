package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.engine.events.EventDelivery;
import dev.tributary.server.http.Json;
import dev.tributary.server.testing.RunningServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The reference's "users" example, end to end through the real server against the real Redmine: a
 * universal {@code users} data source, a {@code users} field mapping, a list-users action, and the
 * receive-user-events flow. Users created and deleted in Redmine (which has no webhooks: the full
 * scan finds them) reach the SaaS product — a real HTTP server here — fetched in full, mapped, and
 * signed.
 */
class UsersFlowHttpIT {

  /** What the product received: method, path, signature header, body. */
  record Received(String method, String path, String signature, String body) {}

  RunningServer server;
  HttpServer product;
  final List<Received> received = new CopyOnWriteArrayList<>();
  String admin;
  String customer;
  String connection;
  final List<String> usersToDelete = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    product = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    product.createContext("/my-app", exchange -> {
      received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
          exchange.getRequestHeaders().getFirst(EventDelivery.SIGNATURE_HEADER),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    product.start();
    server = RunningServer.start();
    admin = server.adminToken();
    customer = server.customerToken("users-flow-" + UUID.randomUUID());
    server.post("/integrations", admin, "{\"key\":\"redmine\",\"connectorKey\":\"redmine\",\"parameters\":{\"allowLocalNetwork\":true}}");
    connection = server.post("/connections", customer, "{\"integrationKey\":\"redmine\",\"credentials\":{\"apiKey\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_API_KEY") + "\"},\"connectorParameters\":{\"baseUri\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_URL") + "\"}}").json().path("id").asString();
  }

  @AfterEach
  void stop() {
    for (String id : usersToDelete) {
      server.post("/connections/" + connection + "/data/users/delete", customer, "{\"id\":\"" + id + "\"}");
    }
    server.close();
    product.stop(0);
  }

  String createUser(String login, String first, String last) {
    var created = server.post("/connections/" + connection + "/data/users/create", customer, "{\"fields\":{\"login\":\"" + login
        + "\",\"firstName\":\"" + first + "\",\"lastName\":\"" + last + "\",\"email\":\"" + login + "@example.org\","
        + "\"password\":\"secret-" + login + "\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String id = created.json().path("id").asString();
    usersToDelete.add(id);
    return id;
  }

  @Test
  void usersCreatedAndDeletedInRedmineReachTheProductFetchedMappedAndSigned() throws Exception {
    assertThat(server.post("/data-sources", admin, "{\"key\":\"users\",\"name\":\"Users\",\"udm\":\"users\"}").status()).isEqualTo(201);
    // The field mapping and the list-users action, as the reference's example defines them (over the users model's fields).
    var mapping = server.post("/field-mappings", admin, """
        {"key": "users", "name": "Users", "dataSourceKey": "users", "direction": "both",
         "defaultImportValue": {"externalId": {"$var": "$.id"}, "login": {"$var": "$.userName"},
                                "fullName": {"$var": "$.fullName"}, "email": {"$var": "$.primaryEmail"}},
         "defaultExportValue": {"userName": {"$var": "$.login"}, "primaryEmail": {"$var": "$.email"}}}""");
    assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);
    var action = server.post("/actions", admin, """
        {"key": "get-users", "name": "Get users", "type": "list-data-records",
         "inputSchema": {"type": "object", "properties": {"cursor": {"type": "string"}}},
         "config": {"dataSource": {"key": "users"}, "cursor": {"$var": "$.input.cursor"},
                    "fieldMapping": {"key": "users", "includeRawFields": true}}}""");
    assertThat(action.status()).as(action.body()).isEqualTo(201);
    var app = server.send("PUT", "/app-api", admin, "{\"baseUri\":\"http://127.0.0.1:" + product.getAddress().getPort() + "/my-app\"}");
    assertThat(app.status()).as(app.body()).isEqualTo(200);
    String secret = app.json().path("signingSecret").asString();
    var flow = server.post("/flows", admin, FLOW);
    assertThat(flow.status()).as(flow.body()).isEqualTo(201);

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String leaving = createUser("leaving-" + suffix, "Leo", "Leaving"); // exists before the flow: in the baseline
    var instance = server.send("PUT", "/connections/redmine/flows/receive-user-events", customer, null);
    assertThat(instance.status()).as(instance.body()).isEqualTo(200);
    assertThat(instance.json().path("enabled").asBoolean()).isTrue();
    assertThat(instance.json().path("state").asString()).isEqualTo("READY");
    JsonNode dependencies = instance.json().path("dependencies");
    assertThat(dependencies.findValuesAsString("nodeKey")).containsExactlyInAnyOrder("user-created-trigger", "user-deleted-trigger");
    String subscription = dependencies.get(0).path("instanceId").asString();
    assertThat(dependencies.get(1).path("instanceId").asString()).isEqualTo(subscription);
    assertThat(server.get("/external-event-subscriptions/" + subscription, customer).json().path("implementationType").asString())
        .isEqualTo("full-scan");

    String ann = createUser("ann-" + suffix, "Ann", "Flow");
    var deleted = server.post("/connections/" + connection + "/data/users/delete", customer, "{\"id\":\"" + leaving + "\"}");
    assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
    usersToDelete.remove(leaving);
    // The pull the schedule makes when the interval has passed; flows launch and run in the background.
    var pull = server.post("/external-event-subscriptions/" + subscription + "/pull-events", customer, "{}");
    assertThat(pull.json().path("status").asString()).as(pull.body()).isEqualTo("succeeded");
    server.tributary().flowRuns().start(Duration.ofMillis(100));

    await("the product received the new and the deleted user").atMost(Duration.ofSeconds(60)).until(() ->
        received.stream().anyMatch(r -> r.path().equals("/my-app/users/" + leaving))
            && received.stream().anyMatch(r -> r.body().contains("\"externalId\":\"" + ann + "\"")));

    Received created = received.stream().filter(r -> r.body().contains("\"externalId\":\"" + ann + "\"")).findFirst().orElseThrow();
    assertThat(created.method() + " " + created.path()).isEqualTo("POST /my-app/users");
    String timestamp = created.signature().substring(2, created.signature().indexOf(','));
    assertThat(Instant.ofEpochSecond(Long.parseLong(timestamp))).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
        5, java.time.temporal.ChronoUnit.MINUTES));
    assertThat(created.signature()).isEqualTo("t=" + timestamp + ",v1=" + EventDelivery.sign(secret, timestamp + "." + created.body()));
    JsonNode body = Json.MAPPER.readTree(created.body());
    assertThat(body.path("event").asString()).isEqualTo("created");
    JsonNode user = body.path("user");
    assertThat(user.path("id").asString()).isEqualTo(ann);
    assertThat(user.path("fields").path("login").asString()).isEqualTo("ann-" + suffix);
    assertThat(user.path("fields").path("fullName").asString()).isEqualTo("Ann Flow");
    assertThat(user.path("fields").path("email").asString()).isEqualTo("ann-" + suffix + "@example.org");
    assertThat(user.path("rawFields").path("lastName").asString()).isEqualTo("Flow"); // includeRawFields
    Received gone = received.stream().filter(r -> r.path().equals("/my-app/users/" + leaving)).findFirst().orElseThrow();
    assertThat(gone.method()).isEqualTo("DELETE");

    // The run log: each run with its nodes' input, output and status; the event records the run it launched.
    String instanceId = instance.json().path("id").asString();
    JsonNode runs = server.get("/flow-runs?flowInstanceId=" + instanceId + "&limit=1000", customer).json().path("items");
    JsonNode annRun = null;
    for (JsonNode run : runs) {
      if (run.path("input").path("record").path("id").asString().equals(ann)) {
        annRun = run;
      }
    }
    assertThat(annRun).as(runs.toString()).isNotNull();
    assertThat(annRun.path("status").asString()).isEqualTo("completed");
    JsonNode nodes = server.get("/flow-runs/" + annRun.path("id").asString(), customer).json().path("nodes");
    assertThat(nodes.path("get-all-user-fields-by-id").path("input").path("id").asString()).isEqualTo(ann);
    assertThat(nodes.path("get-all-user-fields-by-id").path("output").path("record").path("fields").path("fullName").asString())
        .isEqualTo("Ann Flow");
    assertThat(nodes.path("create-user-in-my-app").path("status").asString()).isEqualTo("completed");
    assertThat(server.get("/flow-runs/" + annRun.path("id").asString(), server.customerToken("someone-else")).status()).isEqualTo(404);
    String eventId = annRun.path("eventId").asString();
    JsonNode log = server.get("/external-event-log-records?subscriptionId=" + subscription + "&limit=1000", customer).json().path("items");
    JsonNode event = null;
    for (JsonNode entry : log) {
      if (entry.path("id").asString().equals(eventId)) {
        event = entry;
      }
    }
    assertThat(event).isNotNull();
    assertThat(event.path("launchedFlowRunIds").get(0).asString()).isEqualTo(annRun.path("id").asString());

    // The list-users action reads the same users through the same field mapping.
    JsonNode listedAnn = null;
    String cursor = null;
    for (int page = 0; page < 100 && listedAnn == null; page++) {
      var listed = server.post("/connections/redmine/actions/get-users/run", customer,
          cursor == null ? "{}" : "{\"cursor\":\"" + cursor + "\"}");
      assertThat(listed.status()).as(listed.body()).isEqualTo(200);
      for (JsonNode record : listed.json().path("output").path("records")) {
        if (record.path("id").asString().equals(ann)) {
          listedAnn = record;
        }
      }
      cursor = listed.json().path("output").path("cursor").asString(null);
      if (cursor == null) {
        break;
      }
    }
    assertThat(listedAnn).as("Ann among the users listed").isNotNull();
    assertThat(listedAnn.path("fields")).isEqualTo(user.path("fields"));

    // Disabled: the triggers let the subscription go.
    var disabled = server.send("PATCH", "/connections/redmine/flows/receive-user-events", customer, "{\"enabled\":false}");
    assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
    assertThat(disabled.json().path("dependencies")).isEmpty();
  }

  static final String FLOW = """
      {"key": "receive-user-events", "name": "Receive user events", "nodes": {
        "user-created-trigger": {"type": "data-record-created-trigger", "config": {"dataSource": {"key": "users"}},
          "links": [{"key": "get-all-user-fields-by-id"}]},
        "get-all-user-fields-by-id": {"type": "find-data-record-by-id", "config": {"dataSource": {"key": "users"},
          "fieldMapping": {"key": "users", "includeRawFields": true},
          "id": {"$var": "$.input.user-created-trigger.record.id"}},
          "links": [{"key": "create-user-in-my-app"}]},
        "create-user-in-my-app": {"type": "api-request-to-your-app", "config": {"request": {"method": "POST", "path": "/users",
          "body": {"event": "created", "user": {"$var": "$.input.get-all-user-fields-by-id.record"}}}}},
        "user-deleted-trigger": {"type": "data-record-deleted-trigger", "config": {"dataSource": {"key": "users"}},
          "links": [{"key": "delete-user-in-my-app"}]},
        "delete-user-in-my-app": {"type": "api-request-to-your-app", "config": {"request": {"method": "DELETE",
          "path": {"$concat": ["/users/", {"$var": "$.input.user-deleted-trigger.record.id"}]},
          "body": {"event": "deleted", "id": {"$var": "$.input.user-deleted-trigger.record.id"}}}}}}}""";
}
