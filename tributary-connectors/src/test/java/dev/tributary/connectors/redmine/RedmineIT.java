package dev.tributary.connectors.redmine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redmine connector against a real Redmine (started by the test command; see
 * scripts/services.sh): navigation, every method of projects, issues and users, paging to the end,
 * writable-field rules and the errors the app gives.
 */
class RedmineIT {

  static final String URL = requiredEnv("TRIBUTARY_TEST_REDMINE_URL");
  static final String API_KEY = requiredEnv("TRIBUTARY_TEST_REDMINE_API_KEY");

  static Tributary tributary;
  static ConnectionData data;
  static Caller customer;
  static String connection;
  static String projectId;

  static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: the Redmine tests need a running Redmine. Run the test"
          + " command from README.md (scripts/test.sh), which starts one and sets it.");
    }
    return value;
  }

  /** The engine connected to the test Redmine, as the connector tests of this module use it. */
  static TestEngine connectToRedmine() {
    return TestEngine.connect("redmine", Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true), Map.of("apiKey", API_KEY),
        Map.of("baseUri", URL), null);
  }

  @BeforeAll
  static void connect() {
    TestEngine engine = connectToRedmine();
    tributary = engine.tributary();
    data = engine.data();
    customer = engine.customer();
    connection = engine.connection();
    projectId = data.create(customer, connection, "projects", Map.of(), Map.of(
        "name", "Tributary test " + suffix(), "identifier", "trib-" + suffix()));
  }

  @AfterAll
  static void cleanUp() {
    if (projectId != null) {
      data.delete(customer, connection, "projects", Map.of(), projectId);
    }
    tributary.close();
  }

  static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> inProject() {
    return Map.of("projectId", projectId);
  }

  @Test
  void navigationLeadsFromTheRootToAProjectsIssues() {
    List<LocationPointer> root = data.locations(customer, connection, null, Map.of(), null).locations();
    assertThat(root).extracting(LocationPointer::key).contains("projects-dir", "issues", "users");

    List<LocationPointer> projects = new ArrayList<>();
    String cursor = null;
    do {
      var page = data.locations(customer, connection, "projects-dir", Map.of(), cursor);
      projects.addAll(page.locations());
      cursor = page.cursor();
    } while (cursor != null);
    LocationPointer ours = projects.stream().filter(p -> String.valueOf(p.parameters().get("projectId")).equals(projectId))
        .findFirst().orElseThrow();
    assertThat(ours.type()).isEqualTo("directory");

    var inside = data.locations(customer, connection, ours.key(), ours.parameters(), null).locations();
    assertThat(inside).extracting(LocationPointer::key).containsExactly("issues", "time-entries");
    assertThat(String.valueOf(inside.getFirst().parameters().get("projectId"))).isEqualTo(projectId);
  }

  @Test
  void issueGoesThroughCreateFindUpdateAndDelete() {
    String id = data.create(customer, connection, "issues", inProject(), Map.of("subject", "Call Ann", "description", "About the contract"));

    DataRecord created = data.findById(customer, connection, "issues", inProject(), id).orElseThrow();
    assertThat(created.name()).isEqualTo("Call Ann");
    assertThat(created.fields()).containsEntry("description", "About the contract");
    assertThat(String.valueOf(created.fields().get("projectId"))).isEqualTo(projectId);
    assertThat(created.updatedTime()).isNotNull();
    assertThat(created.rawFields()).containsKey("tracker");

    data.update(customer, connection, "issues", inProject(), id, Map.of("subject", "Call Ann back"));
    assertThat(data.findById(customer, connection, "issues", inProject(), id).orElseThrow().fields())
        .containsEntry("subject", "Call Ann back").containsEntry("description", "About the contract");

    data.delete(customer, connection, "issues", inProject(), id);
    assertThat(data.findById(customer, connection, "issues", inProject(), id)).isEmpty();
    data.delete(customer, connection, "issues", inProject(), id); // already gone: not an error
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSpecOfAConnectionHasItsCustomFieldsAndRecordsCarryThem() {
    var spec = data.spec(customer, connection, "issues", inProject());
    Map<String, Object> properties = (Map<String, Object>) spec.fieldsSchema().get("properties");
    String custom = properties.entrySet().stream()
        .filter(entry -> "Customer reference".equals(((Map<String, Object>) entry.getValue()).get("title")))
        .map(Map.Entry::getKey).findFirst().orElseThrow();
    assertThat(custom).startsWith("cf");
    assertThat(spec.customFields()).isTrue();

    String id = data.create(customer, connection, "issues", inProject(), Map.of("subject", "With a reference", custom, "PO-4711"));
    assertThat(data.findById(customer, connection, "issues", inProject(), id).orElseThrow().fields()).containsEntry(custom, "PO-4711");

    data.update(customer, connection, "issues", inProject(), id, Map.of(custom, "PO-4712"));
    assertThat(data.findById(customer, connection, "issues", inProject(), id).orElseThrow().fields()).containsEntry(custom, "PO-4712");
  }

  @Test
  void listingPagesToTheEndWithoutRepeats() {
    String project = data.create(customer, connection, "projects", Map.of(), Map.of("name", "Paging " + suffix(), "identifier", "pg-" + suffix()));
    try {
      Set<String> created = new HashSet<>();
      for (int i = 0; i < 103; i++) {
        created.add(data.create(customer, connection, "issues", Map.of("projectId", project), Map.of("subject", "Issue " + i)));
      }
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        RecordPage page = data.list(customer, connection, "issues", Map.of("projectId", project), Map.of(), cursor);
        page.records().forEach(record -> seen.add(record.id()));
        cursor = page.cursor();
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(2);
      assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    } finally {
      data.delete(customer, connection, "projects", Map.of(), project);
    }
  }

  @Test
  void recordsCarryUnifiedFieldsInTheModelAsked() {
    String id = data.create(customer, connection, "issues", inProject(), Map.of("subject", "Unified", "description", "Both ways"));

    DataRecord asTask = data.findById(customer, connection, "issues", inProject(), id, "tasks").orElseThrow();
    assertThat(asTask.unifiedFields()).containsEntry("subject", "Unified").containsEntry("content", "Both ways");

    RecordPage asActivities = data.list(customer, connection, "issues", inProject(), Map.of(), null, "activities");
    assertThat(asActivities.records()).filteredOn(record -> record.id().equals(id)).singleElement()
        .satisfies(record -> assertThat(record.unifiedFields()).containsEntry("type", "task").containsEntry("title", "Unified")
            .containsEntry("description", "Both ways"));
  }

  @Test
  void unifiedFieldsBecomeTheCollectionsFieldsWithFallbacksApplied() {
    Map<String, Object> fields = data.unifiedFieldsToNative(customer, connection, "users", Map.of(), "users",
        Map.of("fullName", "Ann Marie Example", "primaryEmail", "ann@example.org", "userName", "ann"));
    assertThat(fields).isEqualTo(Map.of("login", "ann", "firstName", "Ann Marie", "lastName", "Example", "email", "ann@example.org"));
    assertThatThrownBy(() -> data.unifiedFieldsToNative(customer, connection, "users", Map.of(), "deals", Map.of()))
        .hasMessage("The Redmine collection \"users\" does not map to the Universal Data Model \"deals\". It maps to: users.");
  }

  @Test
  void searchFindsIssuesBySubject() {
    String word = "zebra" + suffix();
    String id = data.create(customer, connection, "issues", inProject(), Map.of("subject", "Feed the " + word));
    data.create(customer, connection, "issues", inProject(), Map.of("subject", "Something else"));

    RecordPage found = data.search(customer, connection, "issues", inProject(), word, null);

    assertThat(found.records()).extracting(DataRecord::id).containsExactly(id);
  }

  @Test
  void filtersNarrowTheList() {
    String id = data.create(customer, connection, "issues", inProject(), Map.of("subject", "Assigned to admin", "assignedToId", 1));
    RecordPage assigned = data.list(customer, connection, "issues", inProject(), Map.of("assignedToId", 1), null);
    assertThat(assigned.records()).extracting(DataRecord::id).contains(id)
        .allSatisfy(recordId -> assertThat(recordId).isNotBlank());
    assertThat(assigned.records()).allSatisfy(record -> assertThat(record.fields().get("assignedToId")).isEqualTo(1));
  }

  @Test
  void writableFieldRulesAreEnforcedBeforeTheAppIsCalled() {
    assertThatThrownBy(() -> data.create(customer, connection, "issues", inProject(), Map.of("statusName", "Done", "description", "x")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.details()).containsOnlyKeys("fields.statusName", "fields.subject"))
        .hasMessageContaining("\"statusName\" cannot be written by create on issues")
        .hasMessageContaining("\"subject\" is required to create a record in issues.");
    assertThatThrownBy(() -> data.list(customer, connection, "issues", inProject(), Map.of("subject", "x"), null))
        .hasMessage("\"subject\" cannot filter issues. Filter fields: assignedToId, statusId, trackerId.");
  }

  @Test
  void theAppsValidationErrorsReachTheCaller() {
    assertThatThrownBy(() -> data.create(customer, connection, "projects", Map.of(), Map.of("name", "Bad", "identifier", "Not Valid!")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
        .hasMessageContaining("HTTP 422")
        .hasMessageContaining("Identifier");
  }

  @Test
  void usersAreMatchedByLoginAndMapToTheUsersModel() {
    DataRecord admin = data.match(customer, connection, "users", Map.of(), Map.of("login", "admin")).orElseThrow();
    assertThat(admin.fields()).containsEntry("login", "admin");
    assertThat(data.match(customer, connection, "users", Map.of(), Map.of("login", "nobody-" + suffix()))).isEmpty();
  }

  @Test
  void parametersAreCheckedAgainstTheCollectionsSchema() {
    assertThatThrownBy(() -> data.list(customer, connection, "issues", Map.of("projectId", "seven"), Map.of(), null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Invalid parameters for collection \"issues\". parameters.projectId: Invalid value \"seven\"");
  }

  @Test
  void rejectedCredentialsAskTheCustomerToReconnect() {
    String bad = tributary.connections().create(customer, new ConnectionInput("redmine", null, "Wrong key", null,
        Map.of("apiKey", "0000000000000000000000000000000000000000"), Map.of("baseUri", URL), null)).id();

    assertThatThrownBy(() -> data.list(customer, bad, "users", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class,
            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED));
    Connection after = tributary.connections().get(customer, bad);
    assertThat(after.state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);
    assertThat(after.error()).contains("Reconnect with valid credentials");
  }

  @Test
  void aLocalAppIsRefusedUnlessTheAdminAllowedTheLocalNetwork() {
    Caller admin = Caller.admin(customer.workspaceId());
    tributary.integrations().create(admin, new IntegrationInput("redmine-strict", "Redmine", "redmine", null, Map.of()));
    String strict = tributary.connections().create(customer, new ConnectionInput("redmine-strict", null, null, null,
        Map.of("apiKey", API_KEY), Map.of("baseUri", URL), null)).id();

    assertThatThrownBy(() -> data.list(customer, strict, "projects", Map.of(), Map.of(), null))
        .hasMessageContaining("it is an address of the server's own network");
  }
}
