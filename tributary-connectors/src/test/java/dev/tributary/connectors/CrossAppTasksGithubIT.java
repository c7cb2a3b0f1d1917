package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.connectors.replay.ReplayedApp;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One universal "tasks" data source over GitHub (replayed) and Redmine (the real server of the test
 * command): the same client request lists each app's tasks in the same UDM shape. An app joins
 * with one line in {@link #APPS}.
 */
class CrossAppTasksGithubIT {

  /**
   * An app in the comparison.
   *
   * @param integration the integration (and connector) key
   * @param prepare makes the app's test tasks and answers the instance parameters that point to them
   * @param subjects the task subjects the list must give, in order
   */
  record TasksApp(String integration, Function<ReplayedApp, Map<String, Object>> prepare, List<String> subjects) {}

  static final List<TasksApp> APPS = List.of(
      new TasksApp("github", CrossAppTasksGithubIT::replayGithub, List.of("Publish the 2027 roadmap",
          "Login page times out behind proxies", "Document the webhook retries", "Rate limits for the search API",
          "Accessibility audit of the settings page")),
      new TasksApp("redmine", CrossAppTasksGithubIT::seedRedmine, List.of("Cross-app task one", "Cross-app task two")));

  static final String REDMINE_URL = requiredEnv("TRIBUTARY_TEST_REDMINE_URL");
  static final String REDMINE_API_KEY = requiredEnv("TRIBUTARY_TEST_REDMINE_API_KEY");

  static ReplayedApp engine;
  static String redmineProject;

  @BeforeAll
  static void connect() {
    engine = ReplayedApp.start(List.of(new ReplayedApp.App("github", Map.of("accessToken", "gho_16C7e42F292c6912E7710c838347Ae178B4a"),
        base -> base)), ConnectorRegistry.load(Formulas::evaluate, null).require("redmine"));
    engine.tributary().integrations().create(engine.admin(), new IntegrationInput("redmine", null, "redmine", null,
        Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true)));
    engine.tributary().connections().create(engine.customer(), new ConnectionInput("redmine", null, null, null,
        Map.of("apiKey", REDMINE_API_KEY), Map.of("baseUri", REDMINE_URL), null));
    engine.tributary().dataSources().create(engine.admin(), new DataSourceInput("tasks", "Tasks", null, "tasks", null, null, null, null));
  }

  @AfterAll
  static void close() {
    if (redmineProject != null) {
      engine.data().delete(engine.customer(), "redmine", "projects", Map.of(), redmineProject);
    }
    engine.close();
  }

  @Test
  void theSameRequestListsEveryAppsTasksInTheSameShape() {
    Map<String, List<DataRecord>> tasks = new LinkedHashMap<>();
    for (TasksApp app : APPS) {
      Map<String, Object> parameters = app.prepare().apply(engine);
      tasks.put(app.integration(), listTasks(app.integration(), parameters));
      engine.assertAllExchangesUsed();
    }

    for (TasksApp app : APPS) {
      List<DataRecord> records = tasks.get(app.integration());
      assertThat(records).as(app.integration()).extracting(record -> record.unifiedFields().get("subject"))
          .containsExactlyElementsOf(app.subjects());
      assertThat(records).as(app.integration()).allSatisfy(record -> {
        assertThat(record.unifiedFields()).containsKeys("id", "subject", "status", "createdTime", "updatedTime");
        assertThat(record.unifiedFields().get("subject")).isInstanceOf(String.class);
        assertThat(record.unifiedFields().get("status")).isInstanceOf(String.class);
        assertThat(Set.copyOf(record.unifiedFields().keySet())).isSubsetOf(TASK_FIELDS);
      });
    }
  }

  /** The client's request: the customer's "tasks" instance for a connection, listed to the end in the tasks model. */
  private static List<DataRecord> listTasks(String connection, Map<String, Object> parameters) {
    InstanceSelector selector = InstanceSelector.of("tasks", engine.tributary().connections().get(engine.customer(), connection).id(), null);
    ResolvedCollection defaults = engine.tributary().dataSourceInstances().resolve(engine.customer(), selector);
    engine.tributary().dataSourceInstances().update(engine.customer(), selector,
        new InstanceInput(defaults.collectionKey(), parameters, null, null, null));
    ResolvedCollection resolved = engine.tributary().dataSourceInstances().resolve(engine.customer(), selector);
    List<DataRecord> records = new ArrayList<>();
    String cursor = null;
    do {
      var page = engine.data().list(engine.customer(), resolved.connectionId(), resolved.collectionKey(),
          resolved.collectionParameters(), Map.of(), cursor, resolved.udm());
      records.addAll(page.records());
      cursor = page.cursor();
    } while (cursor != null);
    return records;
  }

  private static Map<String, Object> replayGithub(ReplayedApp engine) {
    engine.serve("fixtures/github/issues-page-1.yaml", "fixtures/github/issues-page-2.yaml", "fixtures/github/issues-page-3.yaml");
    return Map.of("owner", "octo-org", "repo", "roadmap");
  }

  private static Map<String, Object> seedRedmine(ReplayedApp engine) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    redmineProject = engine.data().create(engine.customer(), "redmine", "projects", Map.of(),
        Map.of("name", "Cross-app " + suffix, "identifier", "cross-" + suffix));
    for (String subject : List.of("Cross-app task one", "Cross-app task two")) {
      engine.data().create(engine.customer(), "redmine", "issues", Map.of("projectId", redmineProject), Map.of("subject", subject));
    }
    return Map.of("projectId", Integer.valueOf(redmineProject));
  }

  private static final Set<String> TASK_FIELDS = Set.of("id", "subject", "content", "status", "type", "priority", "ownerId",
      "assigneeId", "followerIds", "parentTaskId", "projectId", "tags", "contactId", "leadId", "companyId", "dealId", "dueTime",
      "startTime", "endTime", "createdTime", "updatedTime");

  private static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: this test needs the Redmine of the test command. Run"
          + " scripts/test.sh (README.md), which starts one and sets it.");
    }
    return value;
  }
}
