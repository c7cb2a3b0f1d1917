package dev.tributary.engine.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

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
import dev.tributary.error.NotFoundException;
import dev.tributary.error.UnprocessableInputException;
import dev.tributary.testkit.fake.FakeConnector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * Field mappings on both databases, over two apps that keep tasks in differently named
 * collections: one universal "tasks" field mapping, written against the tasks model, serves both.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class FieldMappingsIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  static Map<String, Object> var(String locator) {
    return Map.of("$var", locator);
  }

  final FakeConnector tickets = FakeConnector.builder("tickets-app").collection("tickets", "summary", "state")
      .collection("queues", Map.of("type", "object", "properties", Map.of("team", Map.of("type", "string"))), "name", "owner")
      .udm("tasks", "tickets", Map.of("subject", var("$.summary"), "status", var("$.state")),
          Map.of("summary", var("$.subject"), "state", var("$.status"))).build();
  final FakeConnector todos = FakeConnector.builder("todo-app").collection("todos", "text", "done")
      .udm("tasks", "todos", Map.of("subject", var("$.text")), Map.of("text", var("$.subject"))).build();

  Tributary tributary;
  Caller admin;
  Caller ann;
  String annTickets;
  String annTodos;

  @BeforeEach
  void open() {
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
        .connectors(ConnectorRegistry.of(List.of(tickets, todos))).build();
    admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("tickets", null, "tickets-app", null, Map.of()));
    tributary.dataSources().create(admin, new DataSourceInput("tasks", "Tasks", null, "tasks", null, null, null, null));
    tributary.fieldMappings().create(admin, "tasks", "Tasks", null, Map.of("dataSourceKey", "tasks",
        "appSchema", Map.of("type", "object", "properties", Map.of("title", Map.of("type", "string"))),
        "defaultImportValue", Map.of("title", var("$.subject"), "status", var("$.status")),
        "defaultExportValue", Map.of("subject", var("$.title"), "status", var("$.status"))));
    tributary.integrations().create(admin, new IntegrationInput("todos", null, "todo-app", null, Map.of()));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    annTickets = tributary.connections().create(ann, new ConnectionInput("tickets", null, null, null, Map.of(), Map.of(), null)).id();
    annTodos = tributary.connections().create(ann, new ConnectionInput("todos", null, null, null, Map.of(), Map.of(), null)).id();
  }

  @AfterEach
  void close() {
    tributary.close();
  }

  FieldMappingInstanceService instances() {
    return tributary.fieldMappingInstances();
  }

  @Test
  void aUniversalFieldMappingGetsAChildPerIntegrationWhoseValuesAreOverTheModel() {
    String universal = tributary.fieldMappings().get(admin, "tasks", null).id();
    var children = tributary.fieldMappings().list(admin, new ElementService.Filter(null, universal), PageRequest.first(10)).items();

    assertThat(children).hasSize(2).allSatisfy(child -> {
      assertThat(child.universalFieldMappingId()).isEqualTo(universal);
      assertThat(child.defaultImportValue()).isNull();
      assertThat(child.unifiedImportValue()).isEqualTo(Map.of("title", var("$.subject"), "status", var("$.status")));
      assertThat(child.isCustomized()).isFalse();
    });
  }

  @Test
  void oneUniversalMappingImportsTheRecordsOfEveryApp() {
    var ticket = DataRecord.of("7", Map.of("summary", "Fix login", "state", "open"));
    var todo = DataRecord.of("8", Map.of("text", "Buy milk", "done", "no"));

    assertThat(instances().importRecord(ann, InstanceSelector.of("tasks", annTickets, null), ticket, false).fields())
        .isEqualTo(Map.of("title", "Fix login", "status", "open"));
    // The todo app has no status: the product's field is there, without a value.
    assertThat(instances().importRecord(ann, InstanceSelector.of("tasks", annTodos, null), todo, false).fields())
        .containsOnly(entry("title", "Buy milk"), entry("status", null));
  }

  @Test
  void includeRawFieldsKeepsTheCollectionsOwnFields() {
    var ticket = DataRecord.of("7", Map.of("summary", "Fix login", "state", "open"));

    DataRecord imported = instances().importRecord(ann, InstanceSelector.of("tasks", annTickets, null), ticket, true);

    assertThat(imported.rawFields()).isEqualTo(Map.of("summary", "Fix login", "state", "open"));
    assertThat(imported.id()).isEqualTo("7");
  }

  @Test
  void exportGoesThroughTheModelToTheCollectionsFields() {
    var export = instances().exportRecord(ann, InstanceSelector.of("tasks", annTickets, null),
        Map.of("title", "Call Ann", "status", "new"), null);

    assertThat(export.fields()).isEqualTo(Map.of("summary", "Call Ann", "state", "new"));
    assertThat(export.droppedFields()).isEmpty();
  }

  @Test
  void exportForCreateDropsTheFieldsTheMethodDoesNotAcceptAndNamesThem() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTodos, null);
    instances().create(ann, selector);
    instances().update(ann, selector, Map.of("exportValue", Map.of("id", var("$.ref"), "priority", var("$.priority"))));

    var export = instances().exportRecord(ann, selector, Map.of("title", "Call Ann", "ref", "x1", "priority", "high"), "create");

    assertThat(export.fields()).isEqualTo(Map.of("text", "Call Ann"));
    assertThat(export.droppedFields()).containsExactly("id", "priority");
  }

  @Test
  void theCustomersOverridesWinFieldByFieldOverTheDefaults() {
    tributary.fieldMappings().update(admin, "tasks", "tickets", null, null,
        Map.of("defaultImportValue", Map.of("state", var("$.state"), "title", var("$.summary"))));
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    instances().create(ann, selector);

    var changed = instances().update(ann, selector, Map.of("importValue", Map.of("state", Map.of("$concat", List.of("is ", var("$.state"))))));

    var view = instances().view(ann, changed);
    assertThat(view.importValue()).isEqualTo(Map.of("state", Map.of("$concat", List.of("is ", var("$.state"))), "title", var("$.summary")));
    assertThat(changed.isCustomized()).isTrue();
    assertThat(instances().importRecord(ann, selector, DataRecord.of("7", Map.of("summary", "Fix login", "state", "open")), false)
        .fields()).isEqualTo(Map.of("title", "Fix login", "status", "open", "state", "is open"));

    var reset = instances().reset(ann, selector);
    assertThat(instances().view(ann, reset).importValue()).isEqualTo(Map.of("state", var("$.state"), "title", var("$.summary")));
  }

  @Test
  void aFrozenFieldCannotBeOverriddenByTheCustomer() {
    tributary.fieldMappings().update(admin, "tasks", "tickets", null, null, Map.of("frozenImportFields", List.of("title")));
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    instances().create(ann, selector);

    assertThatThrownBy(() -> instances().update(ann, selector, Map.of("importValue", Map.of("title", var("$.state"), "x", var("$.state")))))
        .isInstanceOfSatisfying(UnprocessableInputException.class,
            e -> assertThat(e.details()).containsOnlyKeys("config.importValue.title"))
        .hasMessage("The field mapping \"tasks\" freezes \"title\" in importValue: it is mapped by the integration and cannot"
            + " be changed. Remove it from config.importValue.");
    assertThat(instances().get(ann, selector, false).config()).isEmpty();
  }

  @Test
  void theInstancesSchemaFollowsItsDataSourceInstancesCollection() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    var instance = instances().create(ann, selector);
    assertThat(properties(instances().view(ann, instance).dataSourceSchema())).containsOnlyKeys("id", "summary", "state");

    tributary.dataSourceInstances().update(ann, dev.tributary.engine.datasource.InstanceSelector.of("tasks", annTickets, null),
        new InstanceInput("queues", Map.of("team", "ops"), null, null, null));

    var view = instances().view(ann, instance);
    assertThat(properties(view.dataSourceSchema())).containsOnlyKeys("id", "name", "owner");
    assertThat(view.dataSourceInstanceId()).isEqualTo(tributary.dataSourceInstances()
        .get(ann, dev.tributary.engine.datasource.InstanceSelector.of("tasks", annTickets, null), false).id());
    assertThat(view.state()).isEqualTo("CONFIGURATION_ERROR");
    assertThat(view.errors().getFirst().get("message").toString()).contains("does not map to the Universal Data Model \"tasks\"");
  }

  @Test
  void theInstanceKeyPicksTheDataSourceInstanceWithTheSameKey() {
    var dataSources = tributary.dataSourceInstances();
    dataSources.get(ann, dev.tributary.engine.datasource.InstanceSelector.of("tasks", annTickets, "archive"), true);
    dataSources.update(ann, dev.tributary.engine.datasource.InstanceSelector.of("tasks", annTickets, "archive"),
        new InstanceInput("queues", Map.of("team", "ops"), null, null, null));

    var second = instances().view(ann, instances().create(ann, InstanceSelector.of("tasks", annTickets, "archive")));
    var first = instances().view(ann, instances().create(ann, InstanceSelector.of("tasks", annTickets, null)));

    assertThat(properties(second.dataSourceSchema())).containsKey("owner");
    assertThat(properties(first.dataSourceSchema())).containsKey("summary");
  }

  @Test
  void anImportOnlyMappingRefusesToExport() {
    tributary.fieldMappings().update(admin, "tasks", "todos", null, null, Map.of("direction", "import"));

    assertThatThrownBy(() -> instances().exportRecord(ann, InstanceSelector.of("tasks", annTodos, null), Map.of("title", "x"), null))
        .isInstanceOf(UnprocessableInputException.class)
        .hasMessage("The field mapping \"tasks\" only imports (direction \"import\"). Set its direction to \"both\" to export with it.");
  }

  @Test
  void aFieldMappingNeedsAKnownDataSourceAndValidValues() {
    assertThatThrownBy(() -> tributary.fieldMappings().create(admin, "people", null, null, Map.of("dataSourceKey", "people")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsOnlyKeys("dataSourceKey"))
        .hasMessage("No data source \"people\". Create it first (POST /data-sources), or name another.");
    assertThatThrownBy(() -> tributary.fieldMappings().create(admin, "x", null, null, Map.of("dataSourceKey", "tasks", "direction", "up")))
        .hasMessage("Invalid direction \"up\": use import, export or both.");
    assertThatThrownBy(() -> tributary.fieldMappings().create(admin, "x", null, null,
            Map.of("dataSourceKey", "tasks", "defaultImportValue", Map.of("a", Map.of("$var", 42)))))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsOnlyKeys("defaultImportValue"))
        .hasMessageStartingWith("Invalid formula in defaultImportValue: ");
  }

  @Test
  void anAdminsCustomisationOfAChildSurvivesChangesToTheUniversalOneUntilReset() {
    tributary.fieldMappings().update(admin, "tasks", "tickets", null, null, Map.of("defaultImportValue", Map.of("s", var("$.state"))));
    tributary.fieldMappings().update(admin, "tasks", null, null, null, Map.of("defaultImportValue", Map.of("name", var("$.subject"))));

    assertThat(tributary.fieldMappings().get(admin, "tasks", "tickets").unifiedImportValue())
        .isEqualTo(Map.of("title", var("$.subject"), "status", var("$.status")));
    assertThat(tributary.fieldMappings().get(admin, "tasks", "todos").unifiedImportValue()).isEqualTo(Map.of("name", var("$.subject")));

    var reset = tributary.fieldMappings().reset(admin, "tasks", "tickets");
    assertThat(reset.isCustomized()).isFalse();
    assertThat(reset.defaultImportValue()).isNull();
    assertThat(reset.unifiedImportValue()).isEqualTo(Map.of("name", var("$.subject")));
  }

  @Test
  void anotherCustomersInstanceIsNotFound() {
    String id = instances().create(ann, InstanceSelector.of("tasks", annTickets, null)).id();
    Caller bob = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "bob", null, null).id());

    assertThatThrownBy(() -> instances().get(bob, InstanceSelector.byId(id), false)).isInstanceOf(NotFoundException.class);
    assertThat(instances().list(bob, new ElementService.InstanceFilter(null, null, null), PageRequest.first(10)).items()).isEmpty();
    assertThat(instances().list(ann, new ElementService.InstanceFilter(null, "tasks", null), PageRequest.first(10)).items()).hasSize(1);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> properties(Map<String, Object> schema) {
    return new LinkedHashMap<>((Map<String, Object>) schema.get("properties"));
  }
}
