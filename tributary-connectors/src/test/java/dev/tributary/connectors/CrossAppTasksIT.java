package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.connectors.asana.AsanaFixtures;
import dev.tributary.connectors.jira.JiraFixtures;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One universal "tasks" data source over the task trackers, on their recorded answers: each
 * customer connection gets an instance pointing at the app's tasks collection (with the project
 * the customer chose), and the same request through each instance gives records in the same
 * Universal Data Model shape. Another app joins with one line in {@link #APPS}.
 */
class CrossAppTasksIT {

  /** An app's connection, the project the customer picks in it, and the first task its fixtures list. */
  record TaskApp(ReplayedApps.App app, Map<String, Object> project, String firstSubject) {}

  static final List<TaskApp> APPS = List.of(
      new TaskApp(JiraFixtures.app("fixtures/jira/issues.yaml"), Map.of("projectKey", "OPS"),
          "Rotate the TLS certificates of the edge proxies"),
      new TaskApp(AsanaFixtures.app("fixtures/asana/tasks.yaml"), Map.of("projectGid", AsanaFixtures.PROJECT),
          "Write copy for the pricing page"));

  static ReplayedApps apps;

  @BeforeAll
  static void connect() {
    apps = ReplayedApps.start(APPS.stream().map(TaskApp::app).toArray(ReplayedApps.App[]::new));
    apps.tributary().dataSources().create(apps.admin(), new DataSourceInput("tasks", "Tasks", null, "tasks", null, null, null, null));
  }

  @AfterAll
  static void close() {
    if (apps != null) {
      apps.close();
    }
  }

  @Test
  void theSameRequestThroughEachAppsInstanceGivesTasksInTheUnifiedShape() {
    @SuppressWarnings("unchecked")
    Set<String> unifiedFields = ((Map<String, Object>) apps.tributary().udm().catalogue().require("tasks").fieldsSchema()
        .get("properties")).keySet();
    for (TaskApp app : APPS) {
      String key = app.app().connectorKey();
      InstanceSelector selector = InstanceSelector.of("tasks", apps.connection(key), null);
      apps.tributary().dataSourceInstances().get(apps.customer(), selector, true);
      apps.tributary().dataSourceInstances().update(apps.customer(), selector, new InstanceInput(null, app.project(), null, null, null));
      ResolvedCollection tasks = apps.tributary().dataSourceInstances().resolve(apps.customer(), selector);

      var page = apps.data().list(apps.customer(), tasks.connectionId(), tasks.collectionKey(), tasks.collectionParameters(),
          Map.of(), null, tasks.udm());

      assertThat(tasks.udm()).as(key).isEqualTo("tasks");
      assertThat(page.records()).as(key).isNotEmpty().allSatisfy(record -> {
        assertThat(record.unifiedFields()).as(key).containsKeys("id", "subject", "status", "projectId", "updatedTime");
        assertThat(unifiedFields).as(key + " unified fields").containsAll(record.unifiedFields().keySet());
        assertThat(record.unifiedFields().get("id")).as(key).isEqualTo(record.id());
      });
      assertThat(page.records()).extracting(DataRecord::unifiedFields).first().as(key)
          .satisfies(first -> assertThat(first).containsEntry("subject", app.firstSubject()));
    }
  }
}
