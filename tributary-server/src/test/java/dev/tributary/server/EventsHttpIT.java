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
    return server.post("/connections/" + connection + "/data/issues/create?projectId=" + projectId, customer,
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
}
