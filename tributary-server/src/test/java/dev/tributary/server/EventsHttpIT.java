package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.testing.RunningServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Change events over HTTP against the real Redmine, which has no webhooks: a full scan finds every change. */
class EventsHttpIT {

  static RunningServer server;
  static String customer;
  static String connection;
  static String projectId;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    String admin = server.adminToken();
    customer = server.customerToken("acme");
    server.post("/integrations", admin, "{\"key\":\"redmine\",\"connectorKey\":\"redmine\",\"parameters\":{\"allowLocalNetwork\":true}}");
    connection = server.post("/connections", customer, "{\"integrationKey\":\"redmine\",\"credentials\":{\"apiKey\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_API_KEY") + "\"},\"connectorParameters\":{\"baseUri\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_URL") + "\"}}").json().path("id").asString();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    projectId = server.post("/connections/" + connection + "/data/projects/create", customer,
        "{\"fields\":{\"name\":\"Events " + suffix + "\",\"identifier\":\"ev-" + suffix + "\"}}").json().path("id").asString();
  }

  @AfterAll
  static void stop() {
    server.post("/connections/" + connection + "/data/projects/delete", customer, "{\"id\":\"" + projectId + "\"}");
    server.close();
  }

  private String issue(String subject) {
    return issue(projectId, subject);
  }

  private String issue(String project, String subject) {
    return server.post("/connections/" + connection + "/data/issues/create?projectId=" + project, customer,
        "{\"fields\":{\"subject\":\"" + subject + "\"}}").json().path("id").asString();
  }

  @Test
  void aSubscriptionReportsCreatedUpdatedAndDeletedIssuesAfterItsBaseline() {
    String kept = issue("Existing before");
    String doomed = issue("Will be deleted");
    var subscribed = server.post("/external-event-subscriptions", customer, "{\"connectionId\":\"" + connection
        + "\",\"collectionKey\":\"issues\",\"collectionParameters\":{\"projectId\":" + projectId + "}}");
    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(200);
    String id = subscribed.json().path("id").asString();
    assertThat(subscribed.json().path("status").asString()).isEqualTo("subscribed");

    String created = issue("Made after subscribing");
    server.post("/connections/" + connection + "/data/issues/update", customer, "{\"id\":\"" + kept + "\",\"fields\":{\"subject\":\"Changed\"}}");
    server.post("/connections/" + connection + "/data/issues/delete", customer, "{\"id\":\"" + doomed + "\"}");
    var pull = server.post("/external-event-subscriptions/" + id + "/pull-events", customer, "{}");
    assertThat(pull.json().path("status").asString()).isEqualTo("succeeded");

    JsonNode log = server.get("/external-event-log-records?subscriptionId=" + id, customer).json().path("items");
    assertThat(log.findValuesAsString("type")).containsExactlyInAnyOrder("data-record-created", "data-record-updated", "data-record-deleted");
    java.util.List<String> recordIds = new java.util.ArrayList<>();
    log.forEach(event -> recordIds.add(event.path("recordId").asString()));
    assertThat(recordIds).containsExactlyInAnyOrder(created, kept, doomed);

    JsonNode cloud = server.get("/events?subscriptionId=" + id, customer).json().path("items");
    assertThat(cloud.get(0).path("specversion").asString()).isEqualTo("1.0");
    assertThat(cloud.get(0).path("source").asString()).isEqualTo("/connections/" + connection + "/data/issues");
    java.util.List<String> subjects = new java.util.ArrayList<>();
    cloud.forEach(event -> subjects.add(event.path("subject").asString()));
    assertThat(subjects).containsExactlyInAnyOrder(created, kept, doomed);

    JsonNode pulls = server.get("/external-event-pulls?subscriptionId=" + id, customer).json().path("items");
    assertThat(pulls.get(0).path("isBaseline").asBoolean()).isTrue();
    assertThat(pulls.get(1).path("events").asInt()).isEqualTo(3);
    assertThat(server.get("/external-event-subscriptions/" + id, server.customerToken("other")).status()).isEqualTo(404);
  }

  /**
   * What the product promises: a customer subscribes a data source instance on an app without
   * webhooks, and the changes reach the SaaS product's webhook, signed, and the pull API.
   */
  @Test
  void aSubscribedDataSourceInstanceDeliversChangesToTheWorkspaceWebhookAndThePullApi() throws Exception {
    java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.List<String> signatures = new java.util.concurrent.CopyOnWriteArrayList<>();
    var sink = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext("/events", exchange -> {
      bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      signatures.add(exchange.getRequestHeaders().getFirst("Tributary-Signature"));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    sink.start();
    try {
      String admin = server.adminToken();
      var webhook = server.send("PUT", "/event-delivery/webhook", admin,
          "{\"url\":\"http://127.0.0.1:" + sink.getAddress().getPort() + "/events\"}");
      assertThat(webhook.status()).as(webhook.body()).isEqualTo(200);
      String secret = webhook.json().path("signingSecret").asString();
      assertThat(server.get("/event-delivery/webhook", admin).json().has("signingSecret")).isFalse(); // shown once
      server.post("/data-sources", admin, "{\"key\":\"watched-tasks\",\"name\":\"Watched tasks\",\"udm\":\"tasks\"}");
      // A project of its own: a subscription to the same collection and parameters would be shared.
      String suffix = UUID.randomUUID().toString().substring(0, 8);
      String project = server.post("/connections/" + connection + "/data/projects/create", customer,
          "{\"fields\":{\"name\":\"Delivery " + suffix + "\",\"identifier\":\"dl-" + suffix + "\"}}").json().path("id").asString();
      String kept = issue(project, "Before the subscription");
      String doomed = issue(project, "To be deleted");

      assertThat(server.send("PUT", "/connections/" + connection + "/data-sources/watched-tasks", customer, "{}").status()).isEqualTo(200);
      var instance = server.send("PATCH", "/connections/" + connection + "/data-sources/watched-tasks", customer,
          "{\"collectionParameters\":{\"projectId\":" + project + "},\"pullUpdatesIntervalSeconds\":60,"
              + "\"subscribedTo\":{\"created\":true,\"updated\":true,\"deleted\":true}}");
      assertThat(instance.status()).as(instance.body()).isEqualTo(200);
      assertThat(instance.json().path("subscribedTo").path("deleted").asBoolean()).isTrue();
      String subscription = instance.json().path("eventSubscriptionId").asString();
      var watched = server.get("/external-event-subscriptions/" + subscription, customer).json();
      assertThat(watched.path("implementationType").asString()).isEqualTo("full-scan");
      assertThat(watched.path("pullUpdatesIntervalSeconds").asInt()).isEqualTo(60);
      assertThat(watched.path("nextPullEventsTimestamp").asLong()).isPositive();

      String created = issue(project, "After the subscription");
      server.post("/connections/" + connection + "/data/issues/update", customer, "{\"id\":\"" + kept + "\",\"fields\":{\"subject\":\"Renamed\"}}");
      server.post("/connections/" + connection + "/data/issues/delete", customer, "{\"id\":\"" + doomed + "\"}");
      // The pull the schedule makes when the interval has passed, and the delivery run that follows.
      assertThat(server.post("/external-event-subscriptions/" + subscription + "/pull-events", customer, "{}").json()
          .path("events").asInt()).isEqualTo(3);
      server.tributary().delivery().deliverDue();

      java.util.List<String> delivered = new java.util.ArrayList<>();
      for (int i = 0; i < bodies.size(); i++) {
        String signature = signatures.get(i);
        String timestamp = signature.substring(2, signature.indexOf(','));
        assertThat(signature).endsWith("v1=" + dev.tributary.engine.events.EventDelivery.sign(secret, timestamp + "." + bodies.get(i)));
        for (JsonNode event : dev.tributary.server.http.Json.MAPPER.readTree(bodies.get(i))) {
          if (event.path("data").path("subscriptionId").asString().equals(subscription)) {
            delivered.add(event.path("type").asString() + " " + event.path("subject").asString());
          }
        }
      }
      assertThat(delivered).containsExactlyInAnyOrder("data-record-created " + created, "data-record-updated " + kept,
          "data-record-deleted " + doomed);
      JsonNode pulled = server.get("/events?subscriptionId=" + subscription, customer).json().path("items");
      assertThat(pulled).hasSize(3);
      server.post("/connections/" + connection + "/data/projects/delete", customer, "{\"id\":\"" + project + "\"}");
    } finally {
      sink.stop(0);
    }
  }
}
