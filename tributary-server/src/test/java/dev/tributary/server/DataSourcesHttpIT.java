package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.testing.RunningServer;
import dev.tributary.testkit.fake.FakeConnector;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Data sources and instances over HTTP with two connectors: the real Redmine of the test command,
 * and an app in memory that keeps its tasks as "todos". One universal "tasks" data source answers
 * the same client request for both.
 */
class DataSourcesHttpIT {

  static final FakeConnector TODOS = FakeConnector.builder("todo-app").collection("todos", "text", "done")
      .udm("tasks", "todos", Map.of("subject", Map.of("$var", "$.text")), Map.of("text", Map.of("$var", "$.subject"))).build();

  static RunningServer server;
  static String admin;
  static String customer;
  static String redmine;
  static String todos;
  static String projectId;

  @BeforeAll
  static void start() {
    server = RunningServer.withConnector(TODOS);
    admin = server.adminToken();
    customer = server.customerToken("acme");
    server.post("/data-sources", admin, "{\"key\":\"tasks\",\"name\":\"Tasks\",\"udm\":\"tasks\"}");
    server.post("/integrations", admin, "{\"key\":\"redmine\",\"connectorKey\":\"redmine\",\"parameters\":{\"allowLocalNetwork\":true}}");
    server.post("/integrations", admin, "{\"key\":\"todos\",\"connectorKey\":\"todo-app\"}");
    redmine = server.post("/connections", customer, "{\"integrationKey\":\"redmine\",\"credentials\":{\"apiKey\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_API_KEY") + "\"},\"connectorParameters\":{\"baseUri\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_URL") + "\"}}").json().path("id").asString();
    todos = server.post("/connections", customer, "{\"integrationKey\":\"todos\"}").json().path("id").asString();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    projectId = server.post("/connections/" + redmine + "/data/projects/create", customer,
        "{\"fields\":{\"name\":\"DS " + suffix + "\",\"identifier\":\"ds-" + suffix + "\"}}").json().path("id").asString();
    server.post("/connections/" + redmine + "/data/issues/create?projectId=" + projectId, customer, "{\"fields\":{\"subject\":\"Call Ann\"}}");
    TODOS.collection("todos").seed(Map.of("text", "Buy milk", "done", "no"));
  }

  @AfterAll
  static void stop() {
    server.post("/connections/" + redmine + "/data/projects/delete", customer, "{\"id\":\"" + projectId + "\"}");
    server.close();
  }

  @Test
  void theUniversalDataSourceHasAChildPerIntegrationWithItsCollection() {
    JsonNode universal = server.get("/data-sources?integrationId=null", admin).json().path("items");
    assertThat(universal.findValuesAsString("key")).contains("tasks");
    assertThat(universal.findValuesAsString("integrationId")).isEmpty();
    assertThat(server.get("/integrations/redmine/data-sources/tasks", admin).json().path("collectionKey").asString()).isEqualTo("issues");
    assertThat(server.get("/integrations/todos/data-sources/tasks", admin).json().path("collectionKey").asString()).isEqualTo("todos");
  }

  @Test
  void theSameRequestListsTasksInBothApps() {
    for (String connection : new String[] {redmine, todos}) {
      var instance = server.get("/connections/" + connection + "/data-sources/tasks?autoCreate=true", customer);
      assertThat(instance.status()).as(instance.body()).isEqualTo(200);
      assertThat(instance.json().path("state").asString()).isEqualTo("READY");
      assertThat(instance.json().path("collectionSpec").path("fieldsSchema").isObject()).isTrue();
    }
    var fromRedmine = server.post("/data-source-instance/collection/list?dataSourceKey=tasks&connectionId=" + redmine, customer,
        "{\"parameters\":{\"projectId\":" + projectId + "}}");
    var fromTodos = server.post("/data-source-instance/collection/list?dataSourceKey=tasks&connectionId=" + todos, customer,
        "{\"parameters\":{\"projectId\":" + projectId + "}}");
    assertThat(fromRedmine.json().path("records").get(0).path("unifiedFields").path("subject").asString()).isEqualTo("Call Ann");
    assertThat(fromTodos.json().path("records").get(0).path("unifiedFields").path("subject").asString()).isEqualTo("Buy milk");
  }

  @Test
  void aCustomerChoosesAnotherCollectionAndEverythingUsingTheInstanceFollows() {
    String base = "/connections/" + redmine + "/data-sources/tasks?instanceKey=choice";
    server.send("PUT", base, customer, null);

    var changed = server.send("PATCH", base, customer, "{\"collectionKey\":\"issues\",\"collectionParameters\":{\"projectId\":" + projectId + "}}");
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().path("isCustomized").asBoolean()).isTrue();
    assertThat(changed.json().path("path").asString()).isEqualTo("/data/issues?projectId=" + projectId);
    var records = server.post("/data-source-instance/collection/list?dataSourceKey=tasks&instanceKey=choice&connectionId=" + redmine, customer, "{}");
    assertThat(records.json().path("records").size()).isEqualTo(1);

    var users = server.send("PATCH", base, customer, "{\"collectionKey\":\"users\"}");
    assertThat(users.json().path("state").asString()).isEqualTo("CONFIGURATION_ERROR");
    assertThat(users.json().path("errors").get(0).path("message").asString()).contains("does not map to the Universal Data Model \"tasks\"");

    var reset = server.post(base.replace("?", "/reset?"), customer, "{}");
    assertThat(reset.json().path("collectionKey").asString()).isEqualTo("issues");
    assertThat(reset.json().path("isCustomized").asBoolean()).isFalse();
  }

  @Test
  void badChoicesAreRefusedWithWhatToDo() {
    String base = "/connections/" + redmine + "/data-sources/tasks?instanceKey=bad";
    server.send("PUT", base, customer, null);

    var directory = server.send("PATCH", base, customer, "{\"collectionKey\":\"projects-dir\"}");
    assertThat(directory.status()).isEqualTo(400);
    assertThat(directory.json().path("message").asString()).startsWith("\"projects-dir\" is a directory, not a collection");
    var wrongType = server.send("PATCH", base, customer, "{\"collectionKey\":\"issues\",\"collectionParameters\":{\"projectId\":\"seven\"}}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat(wrongType.json().path("details").has("parameters.projectId")).isTrue();
    var tooOften = server.send("PATCH", base, customer, "{\"pullUpdatesIntervalSeconds\":30}");
    assertThat(tooOften.status()).isEqualTo(400);
    assertThat(tooOften.json().path("details").has("pullUpdatesIntervalSeconds")).isTrue();
    assertThat(server.get("/connections/" + redmine + "/data-sources/nothing?autoCreate=true", customer).status()).isEqualTo(404);
  }

  @Test
  void adminsManageDataSourcesArchiveRestoreAndApplyThem() {
    var created = server.post("/integrations/redmine/data-sources", admin, "{\"key\":\"time\",\"collectionKey\":\"time-entries\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().path("id").asString();
    assertThat(server.post("/integrations/redmine/data-sources", admin, "{\"key\":\"dir\",\"collectionKey\":\"projects-dir\"}").status())
        .isEqualTo(400);
    assertThat(server.post("/data-sources", customer, "{\"key\":\"mine\"}").status()).isEqualTo(403);

    assertThat(server.send("DELETE", "/data-sources/" + id, admin, null).status()).isEqualTo(200);
    assertThat(server.get("/data-sources/" + id, admin).status()).isEqualTo(404);
    assertThat(server.post("/data-sources/" + id + "/restore", admin, "{}").json().path("collectionKey").asString()).isEqualTo("time-entries");

    var universal = server.post("/data-sources", admin, "{\"key\":\"people\",\"udm\":\"users\",\"fullSyncIntervalSeconds\":3600}");
    var applied = server.post("/data-sources/" + universal.json().path("id").asString() + "/apply", admin, "{\"integrationKeys\":[\"redmine\",\"todos\"]}");
    assertThat(applied.json().findValuesAsString("collectionKey")).containsExactly("users");
    JsonNode todosChild = server.get("/integrations/todos/data-sources/people", admin).json();
    assertThat(todosChild.path("state").asString()).isEqualTo("CONFIGURATION_ERROR");
    assertThat(todosChild.path("errors").get(0).path("message").asString()).contains("maps no collection to the Universal Data Model \"users\"");
    assertThat(server.post("/data-sources", admin, "{\"key\":\"fast\",\"pullUpdatesIntervalSeconds\":10}").status()).isEqualTo(400);
  }

  @Test
  void anotherCustomersInstanceIsNotFound() {
    String id = server.get("/connections/" + todos + "/data-sources/tasks?autoCreate=true", customer).json().path("id").asString();
    var other = server.get("/data-source-instance?id=" + id, server.customerToken("someone-else"));
    assertThat(other.status()).isEqualTo(404);
    assertThat(server.get("/data-source-instance?id=" + id, customer).status()).isEqualTo(200);
  }

  @Test
  void anInstanceWalksItsAppsLocations() {
    String id = server.get("/connections/" + redmine + "/data-sources/tasks?autoCreate=true", customer).json().path("id").asString();
    var root = server.post("/data-source-instance/locations?id=" + id, customer, "{}");
    assertThat(root.json().path("locations").findValuesAsString("key")).contains("projects-dir", "issues");
    var projects = server.post("/data-source-instance/locations?id=" + id, customer, "{\"key\":\"projects-dir\"}");
    assertThat(projects.json().path("locations").size()).isGreaterThan(0);
  }
}
