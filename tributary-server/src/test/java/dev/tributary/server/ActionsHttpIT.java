package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.testing.RunningServer;
import dev.tributary.testkit.fake.FakeConnector;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Field mappings, actions, their instances and runs over HTTP, with an app in memory that keeps
 * tasks in "tickets" (mapped to the tasks model) and in team "queues".
 */
class ActionsHttpIT {

  static final FakeConnector TICKETS = FakeConnector.builder("tickets-app").collection("tickets", "summary", "state")
      .collection("queues", "summary", "team")
      .udm("tasks", "tickets", Map.of("subject", Map.of("$var", "$.summary")), Map.of("summary", Map.of("$var", "$.subject")))
      .build();

  static RunningServer server;
  static String admin;
  static String customer;
  static String connection;

  @BeforeAll
  static void start() {
    server = RunningServer.withConnector(TICKETS);
    admin = server.adminToken();
    customer = server.customerToken("acme");
    server.post("/integrations", admin, "{\"key\":\"tickets\",\"connectorKey\":\"tickets-app\"}");
    server.post("/data-sources", admin, "{\"key\":\"tasks\",\"name\":\"Tasks\",\"udm\":\"tasks\"}");
    var mapping = server.post("/field-mappings", admin, """
        {"key": "tasks", "name": "Tasks", "dataSourceKey": "tasks", "direction": "both",
         "appSchema": {"type": "object", "properties": {"title": {"type": "string"}}},
         "defaultImportValue": {"title": {"$var": "$.subject"}}, "defaultExportValue": {"subject": {"$var": "$.title"}}}""");
    assertThat(mapping.status()).as(mapping.body()).isEqualTo(201);
    var list = server.post("/actions", admin, """
        {"key": "list-tasks", "name": "List tasks", "type": "list-data-records",
         "inputSchema": {"type": "object", "properties": {"cursor": {"type": "string"}}},
         "config": {"dataSource": {"key": "tasks"}, "cursor": {"$var": "$.input.cursor"},
                    "fieldMapping": {"key": "tasks", "includeRawFields": true}}}""");
    assertThat(list.status()).as(list.body()).isEqualTo(201);
    server.post("/actions", admin, """
        {"key": "create-task", "type": "create-data-record",
         "inputSchema": {"type": "object", "required": ["title"], "properties": {"title": {"type": "string"}}},
         "config": {"dataSource": {"key": "tasks"}, "fieldMapping": {"key": "tasks"}}}""");
    connection = server.post("/connections", customer, "{\"integrationKey\":\"tickets\"}").json().path("id").asString();
    TICKETS.collection("tickets").seed(Map.of("summary", "Fix login", "state", "open"));
    TICKETS.collection("queues").seed(Map.of("summary", "Triage", "team", "ops"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void eachIntegrationGetsTheUniversalFieldMappingAndActionAsChildren() {
    JsonNode mapping = server.get("/integrations/tickets/field-mappings/tasks", admin).json();
    assertThat(mapping.path("universalFieldMappingId").asString()).isEqualTo(server.get("/field-mappings/tasks", admin).json()
        .path("id").asString());
    assertThat(mapping.path("unifiedImportValue").path("title").path("$var").asString()).isEqualTo("$.subject");
    assertThat(keys(server.get("/integrations/tickets/actions", admin).json())).containsExactlyInAnyOrder("list-tasks", "create-task");
    assertThat(server.get("/actions?integrationId=null", admin).json().path("items").findValuesAsString("integrationId")).isEmpty();
  }

  @Test
  void aCustomersFieldMappingInstanceShowsItsDataSourcesLiveSchema() {
    var instance = server.get("/connections/" + connection + "/field-mappings/tasks?instanceKey=schema&autoCreate=true", customer);
    assertThat(instance.status()).as(instance.body()).isEqualTo(200);
    assertThat(instance.json().path("state").asString()).isEqualTo("READY");
    assertThat(instance.json().path("dataSourceSchema").path("properties").has("summary")).isTrue();

    server.send("PATCH", "/connections/" + connection + "/data-sources/tasks?instanceKey=schema", customer,
        "{\"collectionKey\":\"queues\"}");

    var after = server.get("/field-mapping-instance?fieldMappingKey=tasks&instanceKey=schema&connectionId=" + connection, customer);
    assertThat(after.json().path("dataSourceSchema").path("properties").has("team")).isTrue();
    assertThat(after.json().path("dataSourceInstanceId").asString()).isEqualTo(server.get("/connections/" + connection
        + "/data-sources/tasks?instanceKey=schema", customer).json().path("id").asString());
  }

  @Test
  void overridingAFrozenFieldIsRefusedWith422NamingIt() {
    server.send("PATCH", "/integrations/tickets/field-mappings/tasks", admin, "{\"frozenImportFields\":[\"title\"]}");
    try {
      String base = "/connections/" + connection + "/field-mappings/tasks?instanceKey=frozen";
      server.send("PUT", base, customer, null);

      var refused = server.send("PATCH", base, customer, "{\"config\":{\"importValue\":{\"title\":{\"$var\":\"$.state\"}}}}");
      assertThat(refused.status()).as(refused.body()).isEqualTo(422);
      assertThat(refused.json().path("type").asString()).isEqualTo("unprocessable-input");
      assertThat(refused.json().path("details").has("config.importValue.title")).isTrue();

      var allowed = server.send("PATCH", base, customer, "{\"config\":{\"importValue\":{\"state\":{\"$var\":\"$.state\"}}}}");
      assertThat(allowed.status()).as(allowed.body()).isEqualTo(200);
      assertThat(allowed.json().path("isCustomized").asBoolean()).isTrue();
      assertThat(allowed.json().path("importValue").path("state").path("$var").asString()).isEqualTo("$.state");
    } finally {
      server.send("PATCH", "/integrations/tickets/field-mappings/tasks", admin, "{\"frozenImportFields\":null}");
    }
  }

  @Test
  void aRunReturnsTheOutputAndEveryActionFollowsTheDataSourceInstance() {
    String runList = "/connections/" + connection + "/actions/list-tasks/run?instanceKey=follow";
    var before = server.post(runList, customer, "{}");
    assertThat(before.status()).as(before.body()).isEqualTo(200);
    assertThat(before.json().path("output").path("records").get(0).path("fields").path("title").asString()).isEqualTo("Fix login");
    assertThat(before.json().path("output").path("records").get(0).path("rawFields").path("summary").asString()).isEqualTo("Fix login");

    server.send("PATCH", "/connections/" + connection + "/data-sources/tasks?instanceKey=follow", customer,
        "{\"collectionKey\":\"queues\"}");
    server.send("PATCH", "/connections/" + connection + "/field-mappings/tasks?instanceKey=follow", customer,
        "{\"config\":{\"importValue\":{\"title\":{\"$var\":\"$.summary\"}},\"exportValue\":{\"summary\":{\"$var\":\"$.title\"}}}}");

    var after = server.post(runList, customer, "{}");
    assertThat(after.json().path("output").path("records").size()).isEqualTo(1);
    assertThat(after.json().path("output").path("records").get(0).path("fields").path("title").asString()).isEqualTo("Triage");
    var created = server.post("/action-instance/run?actionKey=create-task&instanceKey=follow&connectionId=" + connection, customer,
        "{\"title\":\"Call Ann\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    String id = created.json().path("output").path("id").asString();
    assertThat(TICKETS.collection("queues").records()).anySatisfy(record -> assertThat(record.id()).isEqualTo(id));
  }

  @Test
  void anInputOutsideTheInputSchemaIsRefusedWith422NamingTheField() {
    var refused = server.post("/connections/" + connection + "/actions/create-task/run", customer, "{\"title\":7}");

    assertThat(refused.status()).as(refused.body()).isEqualTo(422);
    assertThat(refused.json().path("details").has("input.title")).isTrue();
    assertThat(refused.json().path("message").asString()).startsWith("Invalid input for action \"create-task\". input.title: ");
  }

  @Test
  void exportThroughAnInstanceNamesTheFieldsTheMethodDropped() {
    var exported = server.post("/field-mapping-instance/export?fieldMappingKey=tasks&connectionId=" + connection, customer,
        "{\"value\":{\"title\":\"Call Ann\"},\"method\":\"create\"}");
    assertThat(exported.status()).as(exported.body()).isEqualTo(200);
    assertThat(exported.json().path("fields").path("summary").asString()).isEqualTo("Call Ann");

    server.send("PATCH", "/field-mapping-instance?fieldMappingKey=tasks&connectionId=" + connection, customer,
        "{\"config\":{\"exportValue\":{\"priority\":\"high\"}}}");
    var dropped = server.post("/connections/" + connection + "/field-mappings/tasks/export", customer,
        "{\"value\":{\"title\":\"Call Ann\"},\"method\":\"create\"}");
    assertThat(dropped.json().path("droppedFields").findValuesAsString("")).isEmpty();
    assertThat(dropped.json().path("droppedFields").get(0).asString()).isEqualTo("priority");

    var imported = server.post("/field-mapping-instance/import?fieldMappingKey=tasks&connectionId=" + connection, customer,
        "{\"record\":{\"id\":\"9\",\"fields\":{\"summary\":\"Fix login\"}},\"includeRawFields\":true}");
    assertThat(imported.json().path("record").path("fields").path("title").asString()).isEqualTo("Fix login");
    assertThat(imported.json().path("record").path("rawFields").path("summary").asString()).isEqualTo("Fix login");
    server.post("/field-mapping-instance/reset?fieldMappingKey=tasks&connectionId=" + connection, customer, "{}");
  }

  @Test
  void customersSeeOnlyTheirInstancesAndCannotChangeElements() {
    server.get("/connections/" + connection + "/actions/list-tasks?autoCreate=true", customer);
    String other = server.customerToken("other");

    assertThat(server.get("/action-instances", other).json().path("items").size()).isZero();
    assertThat(keys(server.get("/action-instances?connectionId=" + connection, customer).json())).contains("list-tasks");
    assertThat(server.post("/actions", customer, "{\"key\":\"x\",\"type\":\"list-data-records\"}").status()).isEqualTo(403);
    assertThat(server.post("/field-mappings", admin, "{\"key\":\"x\",\"dataSourceKey\":\"tasks\",\"colour\":\"red\"}").status())
        .isEqualTo(400);
  }

  static java.util.List<String> keys(JsonNode page) {
    java.util.List<String> keys = new java.util.ArrayList<>();
    page.path("items").forEach(item -> keys.add(item.path("key").asString()));
    return keys;
  }

  @Test
  void theApiDescriptionListsTheNewRoutes() {
    JsonNode paths = server.get("/openapi.json", null).json().path("paths");

    assertThat(paths.has("/field-mappings")).isTrue();
    assertThat(paths.has("/field-mapping-instance/export")).isTrue();
    assertThat(paths.has("/connections/{connection}/actions/{key}/run")).isTrue();
    assertThat(paths.has("/action-instance/run")).isTrue();
  }
}
