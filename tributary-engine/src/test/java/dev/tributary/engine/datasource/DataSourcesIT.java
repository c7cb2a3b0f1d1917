package dev.tributary.engine.datasource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
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
 * Data sources and instances on both databases, over two apps that keep tasks in differently
 * named collections: one universal "tasks" data source serves both.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class DataSourcesIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  static Map<String, Object> var(String locator) {
    return Map.of("$var", locator);
  }

  final FakeConnector tickets = FakeConnector.builder("tickets-app").collection("tickets", "summary", "state")
      .collection("queues", Map.of("type", "object", "required", List.of("team"),
          "properties", Map.of("team", Map.of("type", "string"), "size", Map.of("type", "integer"))), "name")
      .udm("tasks", "tickets", Map.of("subject", var("$.summary"), "status", var("$.state")), Map.of("summary", var("$.subject"))).build();
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
    tributary.integrations().create(admin, new IntegrationInput("todos", null, "todo-app", null, Map.of()));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    annTickets = tributary.connections().create(ann, new ConnectionInput("tickets", null, null, null, Map.of(), Map.of(), null)).id();
    annTodos = tributary.connections().create(ann, new ConnectionInput("todos", null, null, null, Map.of(), Map.of(), null)).id();
    tickets.collection("tickets").seed(Map.of("summary", "Fix login", "state", "open"));
    todos.collection("todos").seed(Map.of("text", "Buy milk", "done", "no"));
  }

  @AfterEach
  void close() {
    tributary.close();
  }

  @Test
  void aUniversalDataSourceGetsAChildPerIntegrationPointingToItsTasksCollection() {
    var children = tributary.dataSources().list(admin, new DataSourceService.Filter(null,
        tributary.dataSources().get(admin, "tasks", null).id()), PageRequest.first(10)).items();

    assertThat(children).extracting(DataSource::collectionKey).containsExactlyInAnyOrder("tickets", "todos");
    assertThat(children).allSatisfy(child -> assertThat(child.isCustomized()).isFalse());
  }

  @Test
  void aNewInstancePointsToTheDefaultCollectionAndTheSameRequestWorksForEveryApp() {
    ResolvedCollection inTickets = tributary.dataSourceInstances().resolve(ann, InstanceSelector.of("tasks", annTickets, null));
    ResolvedCollection inTodos = tributary.dataSourceInstances().resolve(ann, InstanceSelector.of("tasks", annTodos, null));
    assertThat(inTickets.collectionKey()).isEqualTo("tickets");
    assertThat(inTodos.collectionKey()).isEqualTo("todos");
    assertThat(inTickets.pullUpdatesIntervalSeconds()).isEqualTo(300);
    assertThat(inTickets.fullSyncIntervalSeconds()).isEqualTo(10_800);

    for (ResolvedCollection resolved : List.of(inTickets, inTodos)) {
      var page = tributary.connectionData().list(ann, resolved.connectionId(), resolved.collectionKey(),
          resolved.collectionParameters(), Map.of(), null, resolved.udm());
      assertThat(page.records()).extracting(DataRecord::unifiedFields).extracting(fields -> fields.get("subject"))
          .containsExactly(resolved.collectionKey().equals("tickets") ? "Fix login" : "Buy milk");
    }
  }

  @Test
  void changingTheInstancesCollectionChangesWhatEveryUserResolves() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    tributary.dataSourceInstances().get(ann, selector, true);

    tributary.dataSourceInstances().update(ann, selector, new InstanceInput("queues", Map.of("team", "ops"), null, null, null));

    assertThat(tributary.dataSourceInstances().resolve(ann, selector).collectionKey()).isEqualTo("queues");
    var view = tributary.dataSourceInstances().view(ann, tributary.dataSourceInstances().get(ann, selector, false));
    assertThat(view.state()).isEqualTo("CONFIGURATION_ERROR");
    assertThat(view.errors().getFirst().get("message").toString()).contains("does not map to the Universal Data Model \"tasks\"");

    tributary.dataSourceInstances().reset(ann, selector);
    assertThat(tributary.dataSourceInstances().resolve(ann, selector).collectionKey()).isEqualTo("tickets");
  }

  @Test
  void aDirectoryOrAnUnknownCollectionCannotBeChosen() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    tributary.dataSourceInstances().get(ann, selector, true);

    assertThatThrownBy(() -> tributary.dataSourceInstances().update(ann, selector, new InstanceInput("root", null, null, null, null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("\"root\" is a directory, not a collection");
    assertThatThrownBy(() -> tributary.dataSourceInstances().update(ann, selector, new InstanceInput("bogus", null, null, null, null)))
        .hasMessage("The Fake tickets-app connector has no collection \"bogus\". Its collections: queues, tickets.");
  }

  @Test
  void parametersAreCheckedAgainstTheCollectionsSchema() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    tributary.dataSourceInstances().get(ann, selector, true);

    assertThatThrownBy(() -> tributary.dataSourceInstances().update(ann, selector, new InstanceInput("queues", null, null, null, null)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsKey("parameters.team"))
        .hasMessageStartingWith("Invalid parameters for collection \"queues\".");
    assertThatThrownBy(() -> tributary.dataSourceInstances().update(ann, selector,
            new InstanceInput("queues", Map.of("team", "ops", "size", "big"), null, null, null)))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsOnlyKeys("parameters.size"));
    tributary.dataSourceInstances().update(ann, selector, new InstanceInput("queues", Map.of("team", "ops", "size", "3"), null, null, null));
    assertThat(tributary.dataSourceInstances().resolve(ann, selector).collectionParameters()).isEqualTo(Map.of("team", "ops", "size", 3));
  }

  @Test
  void intervalsUnderAMinuteAreRefused() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    tributary.dataSourceInstances().get(ann, selector, true);

    assertThatThrownBy(() -> tributary.dataSourceInstances().update(ann, selector, new InstanceInput(null, null, null, 30, null)))
        .hasMessage("Invalid pullUpdatesIntervalSeconds 30: must be at least 60 seconds. Leave it out to use the default (300 seconds).");
    assertThatThrownBy(() -> tributary.dataSources().create(admin, new DataSourceInput("x", null, null, null, null, null, null, 59)))
        .hasMessageStartingWith("Invalid fullSyncIntervalSeconds 59");
    tributary.dataSourceInstances().update(ann, selector, new InstanceInput(null, null, null, 60, null));
    assertThat(tributary.dataSourceInstances().resolve(ann, selector).pullUpdatesIntervalSeconds()).isEqualTo(60);
  }

  @Test
  void anotherCustomersInstanceIsNotFound() {
    String instance = tributary.dataSourceInstances().get(ann, InstanceSelector.of("tasks", annTickets, null), true).id();
    Caller bob = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "bob", null, null).id());

    assertThatThrownBy(() -> tributary.dataSourceInstances().get(bob, InstanceSelector.byId(instance), false))
        .isInstanceOf(NotFoundException.class);
    assertThat(tributary.dataSourceInstances().list(bob, new DataSourceInstanceService.Filter(null, null, null), PageRequest.first(10))
        .items()).isEmpty();
  }

  @Test
  void anAdminsCustomisationOfAChildSurvivesChangesToTheUniversalDataSourceUntilReset() {
    tributary.dataSources().update(admin, "tasks", "tickets", new DataSourceInput(null, null, null, null, "queues", Map.of("team", "ops"), null, null));
    tributary.dataSources().update(admin, "tasks", null, new DataSourceInput(null, "All tasks", null, null, null, null, 120, null));

    DataSource child = tributary.dataSources().get(admin, "tasks", "tickets");
    assertThat(child.isCustomized()).isTrue();
    assertThat(child.collectionKey()).isEqualTo("queues");
    assertThat(tributary.dataSources().get(admin, "tasks", "todos").pullUpdatesIntervalSeconds()).isEqualTo(120);

    DataSource reset = tributary.dataSources().reset(admin, "tasks", "tickets");
    assertThat(reset.collectionKey()).isEqualTo("tickets");
    assertThat(reset.isCustomized()).isFalse();
    assertThat(reset.pullUpdatesIntervalSeconds()).isEqualTo(120);
  }

  @Test
  void theDeprecatedPathIsReadAndWritten() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, "second");
    var instance = tributary.dataSourceInstances().get(ann, selector, true);
    assertThat(tributary.dataSourceInstances().view(ann, instance).path()).isEqualTo("/data/tickets");

    tributary.dataSourceInstances().update(ann, selector, new InstanceInput(null, null, "/data/queues?team=ops&size=2", null, null));
    var view = tributary.dataSourceInstances().view(ann, tributary.dataSourceInstances().get(ann, selector, false));
    assertThat(view.collectionKey()).isEqualTo("queues");
    assertThat(view.collectionParameters()).isEqualTo(Map.of("team", "ops", "size", 2));
    assertThat(view.path()).isEqualTo("/data/queues?team=ops&size=2");
    assertThat(view.defaultPath()).isEqualTo("/data/tickets");
  }

  @Test
  void instancesAreKeptApartByInstanceKeyAndCreatingTwiceGivesTheSameOne() {
    String first = tributary.dataSourceInstances().create(ann, InstanceSelector.of("tasks", annTickets, null)).id();
    String again = tributary.dataSourceInstances().create(ann, InstanceSelector.of("tasks", annTickets, null)).id();
    String other = tributary.dataSourceInstances().create(ann, InstanceSelector.of("tasks", annTickets, "import-2")).id();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void archivedInstancesAreGoneUntilRestored() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    String id = tributary.dataSourceInstances().get(ann, selector, true).id();
    tributary.dataSourceInstances().archive(ann, selector);
    assertThatThrownBy(() -> tributary.dataSourceInstances().get(ann, InstanceSelector.byId(id), false)).isInstanceOf(NotFoundException.class);
    tributary.dataSourceInstances().restore(ann, InstanceSelector.byId(id));
    assertThat(tributary.dataSourceInstances().get(ann, InstanceSelector.byId(id), false).id()).isEqualTo(id);
  }

  @Test
  void anInstanceSubscribedToItsEventsKeepsOneSubscriptionThatFollowsItsCollectionAndIntervals() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    tributary.dataSourceInstances().create(ann, selector);
    var events = tributary.events();
    DataSourceInstance instance = tributary.dataSourceInstances().update(ann, selector,
        new InstanceInput(null, null, null, 120, null, Map.of("created", true, "deleted", true)));

    var subscription = events.ofConsumer(ann, "data-source-instance:" + instance.id()).orElseThrow();
    assertThat(subscription.collectionKey()).isEqualTo("tickets");
    assertThat(subscription.pullIntervalSeconds()).isEqualTo(120);
    assertThat(subscription.baselineDone()).isTrue();
    assertThat(tributary.dataSourceInstances().view(ann, instance).subscribedTo()).containsExactly("created", "deleted");

    // Another collection: the subscription follows, and the one nothing needs any more is removed.
    tributary.dataSourceInstances().update(ann, selector, new InstanceInput("queues", Map.of("team", "ops"), null, null, null));
    var moved = events.ofConsumer(ann, "data-source-instance:" + instance.id()).orElseThrow();
    assertThat(moved.collectionKey()).isEqualTo("queues");
    assertThat(moved.parameters()).isEqualTo(Map.of("team", "ops"));
    assertThat(events.list(ann, null, PageRequest.first(10)).items()).extracting(s -> s.id()).containsExactly(moved.id());

    // A subscription made through the API is shared, and stays when the instance lets go.
    var manual = events.subscribe(ann, annTickets, "queues", Map.of("team", "ops"));
    assertThat(manual.id()).isEqualTo(moved.id());
    tributary.dataSourceInstances().update(ann, selector, new InstanceInput(null, null, null, null, null, Map.of()));
    assertThat(events.ofConsumer(ann, "data-source-instance:" + instance.id())).isEmpty();
    assertThat(events.list(ann, null, PageRequest.first(10)).items()).extracting(s -> s.id()).containsExactly(manual.id());
    assertThat(events.get(ann, manual.id()).pullIntervalSeconds()).isEqualTo(300);
  }

  @Test
  void archivingASubscribedInstanceRemovesItsSubscription() {
    InstanceSelector selector = InstanceSelector.of("tasks", annTickets, null);
    tributary.dataSourceInstances().create(ann, selector);
    DataSourceInstance instance = tributary.dataSourceInstances().update(ann, selector,
        new InstanceInput(null, null, null, null, null, Map.of("updated", true)));
    assertThat(tributary.events().list(ann, null, PageRequest.first(10)).items()).hasSize(1);

    tributary.dataSourceInstances().archive(ann, selector);

    assertThat(tributary.events().list(ann, null, PageRequest.first(10)).items()).isEmpty();
    tributary.dataSourceInstances().restore(ann, selector);
    assertThat(tributary.events().ofConsumer(ann, "data-source-instance:" + instance.id())).isPresent();
  }
}
