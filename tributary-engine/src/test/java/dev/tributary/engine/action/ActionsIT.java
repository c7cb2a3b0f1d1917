package dev.tributary.engine.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.element.ElementService;
import dev.tributary.engine.element.InstanceSelector;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.UnprocessableInputException;
import dev.tributary.testkit.fake.FakeCollection;
import dev.tributary.testkit.fake.FakeConnector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Actions on both databases, over an app that keeps tasks in "tickets" (mapped to the tasks
 * model) and in team "queues" (not mapped): actions name the shared "tasks" data source and the
 * "tasks" field mapping, so the customer's choice of collection reaches all of them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class ActionsIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  static Map<String, Object> var(String locator) {
    return Map.of("$var", locator);
  }

  final FakeConnector tickets = FakeConnector.builder("tickets-app").collection("tickets", "summary", "state")
      .collection("queues", "summary", "team")
      .udm("tasks", "tickets", Map.of("subject", var("$.summary"), "status", var("$.state")),
          Map.of("summary", var("$.subject"), "state", var("$.status"))).build();

  Tributary tributary;
  Caller admin;
  Caller ann;
  String connection;

  @BeforeEach
  void open() {
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
        .connectors(ConnectorRegistry.of(List.of(tickets))).build();
    admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("tickets", null, "tickets-app", null, Map.of()));
    tributary.dataSources().create(admin, new DataSourceInput("tasks", "Tasks", null, "tasks", null, null, null, null));
    tributary.fieldMappings().create(admin, "tasks", null, null, Map.of("dataSourceKey", "tasks",
        "defaultImportValue", Map.of("title", var("$.subject")), "defaultExportValue", Map.of("subject", var("$.title"))));
    action("list-tasks", "list-data-records", Map.of("type", "object", "properties", Map.of("cursor", Map.of("type", "string"))),
        Map.of("dataSource", Map.of("key", "tasks"), "cursor", var("$.input.cursor"),
            "fieldMapping", Map.of("key", "tasks", "includeRawFields", true)));
    action("create-task", "create-data-record", Map.of(), Map.of("dataSource", Map.of("key", "tasks"),
        "fieldMapping", Map.of("key", "tasks")));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    connection = tributary.connections().create(ann, new ConnectionInput("tickets", null, null, null, Map.of(), Map.of(), null)).id();
  }

  @AfterEach
  void close() {
    tributary.close();
  }

  void action(String key, String type, Map<String, Object> inputSchema, Map<String, Object> config) {
    tributary.actions().create(admin, key, null, null, Map.of("type", type, "inputSchema", inputSchema, "config", config));
  }

  ActionInstanceService.Run run(String action, Map<String, Object> input) {
    return tributary.actionInstances().run(ann, InstanceSelector.of(action, connection, null), input);
  }

  FakeCollection collection(String key) {
    return tickets.collection(key);
  }

  @Test
  @SuppressWarnings("unchecked")
  void twoActionsOnOneDataSourceFollowOneChangeOfItsInstancesCollection() {
    collection("tickets").seed(Map.of("summary", "Fix login", "state", "open"));
    collection("queues").seed(Map.of("summary", "Triage", "team", "ops"));
    assertThat((List<Map<String, Object>>) run("list-tasks", Map.of()).output().get("records"))
        .extracting(record -> record.get("fields")).containsExactly(Map.of("title", "Fix login"));

    tributary.dataSourceInstances().update(ann, dev.tributary.engine.datasource.InstanceSelector.of("tasks", connection, null),
        new InstanceInput("queues", null, null, null, null));
    tributary.fieldMappingInstances().update(ann, InstanceSelector.of("tasks", connection, null), Map.of(
        "importValue", Map.of("title", var("$.summary")), "exportValue", Map.of("summary", var("$.title"))));

    assertThat((List<Map<String, Object>>) run("list-tasks", Map.of()).output().get("records"))
        .extracting(record -> record.get("fields")).containsExactly(Map.of("title", "Triage"));
    String id = (String) run("create-task", Map.of("title", "Call Ann")).output().get("id");
    assertThat(collection("queues").records()).extracting(DataRecord::id).contains(id);
    assertThat(collection("tickets").records()).extracting(DataRecord::id).doesNotContain(id);
  }

  @Test
  @SuppressWarnings("unchecked")
  void listGivesOnePageWithACursorForTheNextAndTheRawFieldsWhenAsked() {
    for (int i = 0; i < FakeCollection.PAGE_SIZE + 2; i++) {
      collection("tickets").seed(Map.of("summary", "Task " + i, "state", "open"));
    }

    Map<String, Object> first = run("list-tasks", Map.of()).output();
    Map<String, Object> second = run("list-tasks", Map.of("cursor", first.get("cursor"))).output();

    assertThat((List<?>) first.get("records")).hasSize(FakeCollection.PAGE_SIZE);
    assertThat((List<Map<String, Object>>) second.get("records")).hasSize(2)
        .first().satisfies(record -> assertThat(record.get("rawFields")).isEqualTo(Map.of("id", "11", "summary", "Task 10", "state", "open")));
    assertThat(second).doesNotContainKey("cursor");
  }

  @Test
  void inputOutsideTheInputSchemaIsRefusedNamingTheField() {
    action("delete-task", "delete-data-record", Map.of("type", "object", "required", List.of("id"),
        "properties", Map.of("id", Map.of("type", "string"))), Map.of("dataSource", Map.of("key", "tasks"), "id", var("$.input.id")));

    assertThatThrownBy(() -> run("delete-task", Map.of("id", 7)))
        .isInstanceOfSatisfying(UnprocessableInputException.class, e -> assertThat(e.details()).containsOnlyKeys("input.id"))
        .hasMessageStartingWith("Invalid input for action \"delete-task\". input.id: ");
    assertThatThrownBy(() -> run("delete-task", Map.of()))
        .isInstanceOfSatisfying(UnprocessableInputException.class, e -> assertThat(e.details()).containsOnlyKeys("input.id"));
  }

  @Test
  void createLeavesOutTheFieldsTheCollectionDoesNotAcceptAndSaysWhich() {
    action("create-ticket", "create-data-record", Map.of(), Map.of("dataSource", Map.of("collectionKey", "tickets"),
        "fields", Map.of("summary", var("$.input.title"), "priority", var("$.input.priority"), "id", "x")));

    Map<String, Object> output = run("create-ticket", Map.of("title", "Call Ann", "priority", "high")).output();

    assertThat(output.get("droppedFields")).isEqualTo(List.of("id", "priority"));
    assertThat(collection("tickets").records()).singleElement()
        .satisfies(record -> assertThat(record.fields()).isEqualTo(Map.of("id", output.get("id"), "summary", "Call Ann")));
  }

  @Test
  void findUpdateAndDeleteTakeTheIdFromTheInput() {
    String id = collection("tickets").seed(Map.of("summary", "Fix login", "state", "open"));
    Map<String, Object> byId = Map.of("type", "object", "required", List.of("id"));
    action("get-task", "find-data-record-by-id", byId, Map.of("dataSource", Map.of("key", "tasks"), "id", var("$.input.id"),
        "fieldMapping", Map.of("key", "tasks")));
    action("update-task", "update-data-record", byId, Map.of("dataSource", Map.of("key", "tasks"), "id", var("$.input.id"),
        "fieldMapping", Map.of("defaultUnifiedValue", Map.of("status", var("$.input.status")))));
    action("delete-task", "delete-data-record", byId, Map.of("dataSource", Map.of("key", "tasks"), "id", var("$.input.id")));

    assertThat(run("get-task", Map.of("id", id)).output().get("record")).isEqualTo(Map.of("id", id,
        "fields", Map.of("title", "Fix login"), "createdTime", collection("tickets").records().getFirst().createdTime().toString(),
        "updatedTime", collection("tickets").records().getFirst().updatedTime().toString()));
    run("update-task", Map.of("id", id, "status", "done"));
    assertThat(collection("tickets").records().getFirst().fields()).containsEntry("state", "done").containsEntry("summary", "Fix login");
    assertThat(run("delete-task", Map.of("id", id)).output()).isEqualTo(Map.of("id", id));
    assertThat(collection("tickets").records()).isEmpty();
  }

  @Test
  void findOrCreateCreatesOnlyWhenNoRecordMatches() {
    action("ensure-task", "find-or-create-data-record", Map.of(), Map.of("dataSource", Map.of("udm", "tasks"),
        "query", Map.of("summary", var("$.input.title")), "fields", Map.of("summary", var("$.input.title"), "state", "new")));

    Map<String, Object> created = run("ensure-task", Map.of("title", "Call Ann")).output();
    Map<String, Object> found = run("ensure-task", Map.of("title", "Call Ann")).output();

    assertThat(created).containsEntry("created", true);
    assertThat(found).containsEntry("created", false).containsEntry("id", created.get("id"));
    assertThat(collection("tickets").records()).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void searchAndMatchMapTheRecordsTheyFind() {
    collection("tickets").seed(Map.of("summary", "Fix login", "state", "open"));
    collection("tickets").seed(Map.of("summary", "Buy milk", "state", "open"));
    action("search-tasks", "search-data-records", Map.of(), Map.of("dataSource", Map.of("key", "tasks"),
        "query", var("$.input.text"), "fieldMapping", Map.of("key", "tasks")));
    action("match-task", "match-data-record", Map.of(), Map.of("dataSource", Map.of("key", "tasks"),
        "query", Map.of("summary", var("$.input.title")), "fieldMapping", Map.of("importValue", Map.of("t", var("$.summary")))));

    assertThat((List<Map<String, Object>>) run("search-tasks", Map.of("text", "milk")).output().get("records"))
        .extracting(record -> record.get("fields")).containsExactly(Map.of("title", "Buy milk"));
    assertThat((Map<String, Object>) run("match-task", Map.of("title", "Fix login")).output().get("record"))
        .containsEntry("fields", Map.of("t", "Fix login"));
    assertThat(run("match-task", Map.of("title", "Nothing")).output()).isEmpty();
  }

  @Test
  void anActionNeedsAKnownTypeAndADataSource() {
    assertThatThrownBy(() -> action("x", "send-email", Map.of(), Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Invalid action type \"send-email\": use one of list-data-records, ");
    assertThatThrownBy(() -> action("x", "list-data-records", Map.of(), Map.of()))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsOnlyKeys("config.dataSource"));
    assertThatThrownBy(() -> action("x", "list-data-records", Map.of(), Map.of("dataSource", Map.of("key", "people"))))
        .hasMessage("No data source \"people\". Create it first, or name another.");
  }

  @Test
  void anInstanceIsReadyWhenItsDataSourceResolvesAndEachIntegrationHasTheActionsChild() {
    var instance = tributary.actionInstances().create(ann, InstanceSelector.of("list-tasks", connection, "second"));

    var view = tributary.actionInstances().view(ann, instance);
    assertThat(view.state()).isEqualTo(ActionInstanceService.READY);
    assertThat(view.action().universalActionId()).isEqualTo(tributary.actions().get(admin, "list-tasks", null).id());
    assertThat(tributary.actions().list(admin, new ElementService.Filter("tickets", null), PageRequest.first(10)).items())
        .extracting(Action::key).containsExactlyInAnyOrder("list-tasks", "create-task");
  }
}
