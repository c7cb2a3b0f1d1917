package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.testing.RunningServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The data API over HTTP, against the real Redmine the test command starts: the integration's
 * locations and specs, a connection's directories and records, and how app errors are answered.
 */
class DataRoutesIT {

  static RunningServer server;
  static String admin;
  static String customer;
  static String connection;

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the test command from README.md (scripts/test.sh),"
          + " which starts Redmine.");
    }
    return value;
  }

  @BeforeAll
  static void start() {
    server = RunningServer.start();
    admin = server.adminToken();
    customer = server.customerToken("acme");
    server.post("/integrations", admin, "{\"key\":\"redmine\",\"connectorKey\":\"redmine\",\"parameters\":{\"allowLocalNetwork\":true}}");
    var created = server.post("/connections", customer, "{\"integrationKey\":\"redmine\",\"credentials\":{\"apiKey\":\""
        + env("TRIBUTARY_TEST_REDMINE_API_KEY") + "\"},\"connectorParameters\":{\"baseUri\":\"" + env("TRIBUTARY_TEST_REDMINE_URL") + "\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    connection = created.json().path("id").asString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void integrationDataListsTheConnectorsLocations() {
    JsonNode locations = server.get("/integrations/redmine/data", customer).json();
    assertThat(locations.isArray()).isTrue();
    assertThat(locations.findValuesAsString("key")).contains("root", "issues", "projects", "users");
    JsonNode spec = server.get("/integrations/redmine/data/issues", customer).json();
    assertThat(spec.path("type").asString()).isEqualTo("collection");
    assertThat(spec.path("create").path("requiredFields").get(0).asString()).isEqualTo("subject");
  }

  @Test
  void aCustomerWalksTheTreeAndWorksWithRecords() {
    var root = server.post("/connections/" + connection + "/data/root/list", customer, "{}");
    assertThat(root.status()).as(root.body()).isEqualTo(200);
    assertThat(root.json().path("locations").findValuesAsString("key")).contains("projects-dir", "issues");

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    var project = server.post("/connections/redmine/data/projects/create", customer,
        "{\"fields\":{\"name\":\"HTTP " + suffix + "\",\"identifier\":\"http-" + suffix + "\"}}");
    assertThat(project.status()).as(project.body()).isEqualTo(200);
    String projectId = project.json().path("id").asString();
    try {
      var issue = server.post("/connections/" + connection + "/data/issues/create?projectId=" + projectId, customer,
          "{\"fields\":{\"subject\":\"Over HTTP\"}}");
      assertThat(issue.status()).as(issue.body()).isEqualTo(200);
      String issueId = issue.json().path("id").asString();

      var found = server.post("/connections/" + connection + "/data/issues/find-by-id", customer, "{\"id\":\"" + issueId + "\"}");
      assertThat(found.json().path("record").path("fields").path("subject").asString()).isEqualTo("Over HTTP");

      var listed = server.post("/connections/" + connection + "/data/issues/list", customer,
          "{\"parameters\":{\"projectId\":" + projectId + "}}");
      JsonNode records = listed.json().path("records");
      assertThat(records.size()).isEqualTo(1);
      assertThat(records.get(0).path("id").asString()).isEqualTo(issueId);

      var spec = server.get("/connections/" + connection + "/data/issues?projectId=" + projectId, customer);
      assertThat(spec.json().path("fieldsSchema").path("properties").has("subject")).isTrue();
    } finally {
      server.post("/connections/" + connection + "/data/projects/delete", customer, "{\"id\":\"" + projectId + "\"}");
    }
  }

  @Test
  void theUdmCatalogueIsServedReadOnly() {
    JsonNode all = server.get("/udm", customer).json().path("items");
    assertThat(all.size()).isEqualTo(43);
    JsonNode tasks = server.get("/udm/tasks", customer).json();
    assertThat(tasks.path("fieldsSchema").path("properties").has("subject")).isTrue();
    assertThat(tasks.path("filterFields").size()).isGreaterThan(5);
    assertThat(server.get("/udm/tickets", customer).status()).isEqualTo(404);
  }

  @Test
  void refusedWritesNameTheFields() {
    var answer = server.post("/connections/" + connection + "/data/issues/create", customer, "{\"fields\":{\"statusName\":\"x\"}}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("details").propertyNames()).containsExactlyInAnyOrder("fields.statusName", "fields.subject");
  }

  @Test
  void missingRecordsAndUnknownCollectionsAreNotFound() {
    assertThat(server.post("/connections/" + connection + "/data/issues/find-by-id", customer, "{\"id\":\"99999999\"}").status())
        .isEqualTo(404);
    var unknown = server.post("/connections/" + connection + "/data/tickets/list", customer, "{}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("message").asString()).startsWith("The Redmine connector has no data location \"tickets\".");
  }

  @Test
  void theAppRejectingCredentialsAnswers424AndMarksTheConnection() {
    var bad = server.post("/connections", customer, "{\"integrationKey\":\"redmine\",\"key\":\"bad\",\"credentials\":{\"apiKey\":\"nope\"},"
        + "\"connectorParameters\":{\"baseUri\":\"" + env("TRIBUTARY_TEST_REDMINE_URL") + "\"}}");
    String id = bad.json().path("id").asString();

    var answer = server.post("/connections/" + id + "/data/users/list", customer, "{}");

    assertThat(answer.status()).isEqualTo(424);
    assertThat(answer.type()).isEqualTo("connector-credentials-rejected");
    assertThat(answer.body()).doesNotContain("nope");
    JsonNode after = server.get("/connections/" + id, customer).json();
    assertThat(after.path("state").asString()).isEqualTo("CLIENT_ACTION_REQUIRED");
    assertThat(after.path("errors").get(0).path("message").asString()).contains("Reconnect with valid credentials");
  }

  @Test
  void anotherCustomerCannotReachTheConnectionsData() {
    var answer = server.post("/connections/" + connection + "/data/issues/list", server.customerToken("other"), "{}");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.type()).isEqualTo("not-found");
  }
}
