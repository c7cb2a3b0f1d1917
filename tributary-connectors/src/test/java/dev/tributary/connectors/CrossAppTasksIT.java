package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.connectors.asana.AsanaFixtures;
import dev.tributary.connectors.jira.JiraFixtures;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.connectors.trello.TrelloReplay;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
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
 * One universal "tasks" data source over the task trackers: Jira, Asana, Trello and GitHub on
 * their recorded answers, and Redmine, the real server of the test command. For each customer
 * connection the client makes the same request (the "tasks" instance of that connection, pointed
 * at the project the customer chose, listed to the end in the tasks model) and gets records of
 * the same Universal Data Model shape. Another app joins with a line in {@link #REPLAYED} (if replayed)
 * and one in {@link #connect()}.
 */
class CrossAppTasksIT {

  /**
   * An app in the comparison.
   *
   * @param connectorKey the app's connector (and integration)
   * @param project the instance parameters: the project, board or repository the customer picks
   * @param count how many tasks the listing gives
   * @param first the subjects of its first tasks, in order
   */
  record TasksApp(String connectorKey, Map<String, Object> project, int count, List<String> first) {}

  static final String REDMINE_URL = requiredEnv("TRIBUTARY_TEST_REDMINE_URL");
  static final String REDMINE_API_KEY = requiredEnv("TRIBUTARY_TEST_REDMINE_API_KEY");

  static final List<ReplayedApps.App> REPLAYED = List.of(
      JiraFixtures.app("fixtures/jira/issues.yaml"),
      AsanaFixtures.app("fixtures/asana/tasks.yaml"),
      TrelloReplay.app("cards-page-1", "cards-page-2"),
      new ReplayedApps.App("github", Map.of("accessToken", "gho_16C7e42F292c6912E7710c838347Ae178B4a"), Map.of(),
          "fixtures/github/issues-page-1.yaml", "fixtures/github/issues-page-2.yaml", "fixtures/github/issues-page-3.yaml"));

  static ReplayedApps apps;
  static String redmineProject;
  static List<TasksApp> compared;

  @BeforeAll
  static void connect() {
    apps = ReplayedApps.start(REPLAYED.toArray(ReplayedApps.App[]::new));
    apps.tributary().integrations().create(apps.admin(), new IntegrationInput("redmine", null, "redmine", null,
        Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true)));
    apps.tributary().connections().create(apps.customer(), new ConnectionInput("redmine", null, null, null,
        Map.of("apiKey", REDMINE_API_KEY), Map.of("baseUri", REDMINE_URL), null));
    apps.tributary().dataSources().create(apps.admin(), new DataSourceInput("tasks", "Tasks", null, "tasks", null, null, null, null));
    compared = List.of(
        new TasksApp("jira", Map.of("projectKey", "OPS"), 5, List.of("Rotate the TLS certificates of the edge proxies",
            "Nightly backup job fails on the reporting database", "Move the status page to the new domain")),
        new TasksApp("asana", Map.of("projectGid", AsanaFixtures.PROJECT), 5, List.of("Write copy for the pricing page",
            "Choose the hero image", "Set up redirects from the old URLs")),
        new TasksApp("trello", Map.of("boardId", TrelloReplay.BOARD), 103, List.of("Update the pricing page (103)",
            "Record the product demo video (102)", "Draft the launch announcement (101)")),
        new TasksApp("github", Map.of("owner", "octo-org", "repo", "roadmap"), 5, List.of("Publish the 2027 roadmap",
            "Login page times out behind proxies", "Document the webhook retries")),
        new TasksApp("redmine", Map.of("projectId", Integer.valueOf(seedRedmine())), 2, List.of("Cross-app task one",
            "Cross-app task two")));
  }

  @AfterAll
  static void close() {
    if (apps == null) {
      return;
    }
    try {
      if (redmineProject != null) {
        apps.data().delete(apps.customer(), "redmine", "projects", Map.of(), redmineProject);
      }
      apps.assertAllExchangesUsed();
    } finally {
      apps.close();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSameRequestListsEveryAppsTasksInTheSameShape() {
    Set<String> unified = new HashSet<>(((Map<String, Object>) apps.tributary().udm().catalogue().require("tasks").fieldsSchema()
        .get("properties")).keySet());
    unified.addAll(List.of("id", "createdTime", "updatedTime"));
    for (TasksApp app : compared) {
      List<DataRecord> tasks = listTasks(app);

      assertThat(tasks).as(app.connectorKey()).hasSize(app.count());
      assertThat(tasks).as(app.connectorKey()).extracting(task -> task.unifiedFields().get("subject"))
          .startsWith(app.first().toArray());
      assertThat(tasks).as(app.connectorKey()).allSatisfy(task -> {
        assertThat(task.unifiedFields().get("id")).isEqualTo(task.id());
        assertThat(task.unifiedFields().get("subject")).isInstanceOf(String.class);
        assertThat(task.unifiedFields().get("status")).isInstanceOf(String.class);
        assertThat(task.unifiedFields()).containsKey("updatedTime");
        assertThat(unified).containsAll(task.unifiedFields().keySet());
      });
    }
  }

  /** The client's request: the customer's "tasks" instance for the app's connection, on its project, listed to the end. */
  private static List<DataRecord> listTasks(TasksApp app) {
    String connection = apps.tributary().connections().get(apps.customer(), app.connectorKey()).id();
    InstanceSelector selector = InstanceSelector.of("tasks", connection, null);
    apps.tributary().dataSourceInstances().get(apps.customer(), selector, true);
    apps.tributary().dataSourceInstances().update(apps.customer(), selector, new InstanceInput(null, app.project(), null, null, null));
    ResolvedCollection resolved = apps.tributary().dataSourceInstances().resolve(apps.customer(), selector);
    assertThat(resolved.udm()).isEqualTo("tasks");
    List<DataRecord> records = new ArrayList<>();
    String cursor = null;
    do {
      var page = apps.data().list(apps.customer(), resolved.connectionId(), resolved.collectionKey(),
          resolved.collectionParameters(), Map.of(), cursor, resolved.udm());
      records.addAll(page.records());
      cursor = page.cursor();
    } while (cursor != null);
    return records;
  }

  private static String seedRedmine() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    redmineProject = apps.data().create(apps.customer(), "redmine", "projects", Map.of(),
        Map.of("name", "Cross-app " + suffix, "identifier", "cross-" + suffix));
    for (String subject : List.of("Cross-app task one", "Cross-app task two")) {
      apps.data().create(apps.customer(), "redmine", "issues", Map.of("projectId", redmineProject), Map.of("subject", subject));
    }
    return redmineProject;
  }

  private static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: this test needs the Redmine of the test command. Run"
          + " scripts/test.sh (README.md), which starts one and sets it.");
    }
    return value;
  }
}
