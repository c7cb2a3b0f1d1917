package dev.tributary.connectors.redmine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.action.ActionInstanceService;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.element.InstanceSelector;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The "users" example of the reference against a real Redmine: a universal "users" data source
 * and field mapping (both on the users model), and the actions get-users (one page and a cursor,
 * mapped, with raw fields), update-user (unified input) and delete-user.
 */
class RedmineUserActionsIT {

  static TestEngine engine;
  static Tributary tributary;
  static ConnectionData data;
  static Caller customer;
  static String connection;

  static Map<String, Object> var(String locator) {
    return Map.of("$var", locator);
  }

  @BeforeAll
  static void setUp() {
    engine = RedmineIT.connectToRedmine();
    tributary = engine.tributary();
    data = engine.data();
    customer = engine.customer();
    connection = engine.connection();
    Caller admin = engine.admin();
    tributary.dataSources().create(admin, new DataSourceInput("users", "Users", null, "users", null, null, null, null));
    tributary.fieldMappings().create(admin, "users", "Users", null, Map.of("dataSourceKey", "users", "direction", "both",
        "defaultImportValue", var("$"), "defaultExportValue", var("$")));
    Map<String, Object> byId = Map.of("type", "object", "required", List.of("id"), "properties", Map.of("id", Map.of("type", "string")));
    tributary.actions().create(admin, "get-users", "Get users", null, Map.of("type", "list-data-records",
        "inputSchema", Map.of("type", "object", "properties", Map.of("cursor", Map.of("type", "string"))),
        "config", Map.of("dataSource", Map.of("key", "users"), "cursor", var("$.input.cursor"),
            "fieldMapping", Map.of("key", "users", "includeRawFields", true))));
    tributary.actions().create(admin, "update-user", "Update user", null, Map.of("type", "update-data-record", "inputSchema", byId,
        "config", Map.of("dataSource", Map.of("key", "users"), "id", var("$.input.id"),
            "fieldMapping", Map.of("defaultUnifiedValue", var("$.input")))));
    tributary.actions().create(admin, "delete-user", "Delete user", null, Map.of("type", "delete-data-record", "inputSchema", byId,
        "config", Map.of("dataSource", Map.of("key", "users"), "id", var("$.input.id"))));
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  static String newUser(String login) {
    return data.create(customer, connection, "users", Map.of(), Map.of("login", login, "firstName", "Ann", "lastName", "Example",
        "email", login + "@example.org", "password", "annpassword1"));
  }

  static ActionInstanceService.Run run(String action, Map<String, Object> input) {
    return tributary.actionInstances().run(customer, InstanceSelector.of(action, connection, null), input);
  }

  @SuppressWarnings("unchecked")
  static Optional<Map<String, Object>> listedUser(String id) {
    Map<String, Object> input = Map.of();
    for (int page = 0; page < 100; page++) {
      Map<String, Object> output = run("get-users", input).output();
      for (Map<String, Object> record : (List<Map<String, Object>>) output.get("records")) {
        if (id.equals(record.get("id"))) {
          return Optional.of(record);
        }
      }
      if (output.get("cursor") == null) {
        return Optional.empty();
      }
      input = Map.of("cursor", output.get("cursor"));
    }
    throw new AssertionError("get-users did not reach its last page in 100 pages");
  }

  @Test
  @SuppressWarnings("unchecked")
  void getUsersListsRedmineUsersInTheUsersModelWithTheirRawFields() {
    String login = "ann-" + UUID.randomUUID().toString().substring(0, 8);
    String id = newUser(login);
    try {
      Map<String, Object> record = listedUser(id).orElseThrow(() -> new AssertionError("get-users never listed user " + id));

      assertThat((Map<String, Object>) record.get("fields")).containsEntry("userName", login).containsEntry("fullName", "Ann Example")
          .containsEntry("primaryEmail", login + "@example.org").containsEntry("id", id);
      assertThat((Map<String, Object>) record.get("rawFields")).containsEntry("login", login).containsEntry("firstName", "Ann");
    } finally {
      data.delete(customer, connection, "users", Map.of(), id);
    }
  }

  @Test
  void updateUserTakesUnifiedFieldsAndLeavesOutWhatRedmineDoesNotLetUpdate() {
    String id = newUser("upd-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      Map<String, Object> output = run("update-user", Map.of("id", id, "lastName", "Changed", "userName", "renamed")).output();

      assertThat(output).containsEntry("id", id).containsEntry("droppedFields", List.of("login"));
      DataRecord user = data.findById(customer, connection, "users", Map.of(), id).orElseThrow();
      assertThat(user.fields()).containsEntry("lastName", "Changed").containsEntry("firstName", "Ann");
    } finally {
      data.delete(customer, connection, "users", Map.of(), id);
    }
  }

  @Test
  void deleteUserRemovesTheUserFromRedmine() {
    String id = newUser("del-" + UUID.randomUUID().toString().substring(0, 8));

    assertThat(run("delete-user", Map.of("id", id)).output()).isEqualTo(Map.of("id", id));

    assertThat(data.findById(customer, connection, "users", Map.of(), id)).isEmpty();
  }
}
