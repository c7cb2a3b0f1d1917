package dev.tributary.connectors.asana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.RecordPage;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.engine.workspace.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Asana connector through the engine, on Asana's recorded answers (validated against Asana's
 * API description): paging with offset tokens, fields and custom fields, writes, navigation,
 * unified fields and Asana's errors.
 */
class AsanaIT {

  private static final Map<String, Object> PROJECT = Map.of("projectGid", AsanaFixtures.PROJECT);

  private static ReplayedApps replay(String... fixtures) {
    return ReplayedApps.start(AsanaFixtures.app(fixtures));
  }

  @Test
  void tasksOfAProjectArePagedWithOffsetTokensWithTheirCustomFields() {
    try (var asana = replay("fixtures/asana/tasks.yaml")) {
      List<DataRecord> tasks = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        RecordPage page = asana.data().list(asana.customer(), asana.connection("asana"), "tasks", PROJECT, Map.of(), cursor);
        tasks.addAll(page.records());
        cursor = page.cursor();
        pages++;
      } while (cursor != null);

      assertThat(pages).isEqualTo(3);
      assertThat(tasks).extracting(DataRecord::name).containsExactly("Write copy for the pricing page", "Choose the hero image",
          "Set up redirects from the old URLs", "Launch", "Accessibility review");
      DataRecord first = tasks.getFirst();
      assertThat(first.id()).isEqualTo("1206511223344501");
      // The replay server puts itself in place of https://app.asana.com in what it answers.
      assertThat(first.uri()).isEqualTo(asana.server("asana").baseUri() + "/0/1205667843912213/1206511223344501");
      assertThat(first.updatedTime()).isEqualTo(Instant.parse("2024-05-14T09:12:44.512Z"));
      assertThat(first.fields()).containsEntry("assigneeGid", "1200397543321001").containsEntry("sectionName", "Doing")
          .containsEntry("dueOn", "2024-06-14").containsEntry("tags", List.of("copy")).containsEntry("completed", false)
          .containsEntry("cf_1205667843912300", "1205667843912301").containsEntry("cf_1205667843912310", 6);
      assertThat(tasks.get(3).fields()).containsEntry("resourceSubtype", "milestone");
      asana.server("asana").assertAllExchangesUsed();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSpecOfAProjectsTasksHasItsCustomFields() {
    try (var asana = replay("fixtures/asana/custom-fields.yaml")) {
      var spec = asana.data().spec(asana.customer(), asana.connection("asana"), "tasks", PROJECT);
      Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) spec.fieldsSchema().get("properties");
      assertThat(properties.get("cf_1205667843912300")).containsEntry("title", "Priority").containsEntry("type", "string");
      assertThat(properties.get("cf_1205667843912310")).containsEntry("title", "Estimate (hours)").containsEntry("type", "number");
      asana.server("asana").assertAllExchangesUsed();
    }
  }

  @Test
  void aTaskIsCreatedWithCustomFieldsCompletedAndDeleted() {
    try (var asana = replay("fixtures/asana/task-writes.yaml")) {
      String connection = asana.connection("asana");
      String id = asana.data().create(asana.customer(), connection, "tasks", PROJECT, Map.of(
          "name", "Plan the launch email", "notes", "Send to the newsletter list on launch day.",
          "assigneeGid", "1201848283001422", "dueOn", "2024-06-28",
          "cf_1205667843912300", "1205667843912301", "cf_1205667843912310", 2));
      assertThat(id).isEqualTo("1206511223344510");
      asana.data().update(asana.customer(), connection, "tasks", PROJECT, id, Map.of("completed", true));
      asana.data().delete(asana.customer(), connection, "tasks", PROJECT, id);
      asana.server("asana").assertAllExchangesUsed();
    }
  }

  @Test
  void workspacesAndProjectsAreDirectoriesLeadingToTasks() {
    try (var asana = replay("fixtures/asana/navigation.yaml")) {
      String connection = asana.connection("asana");
      var workspaces = asana.data().locations(asana.customer(), connection, "workspaces-dir", Map.of(), null).locations();
      assertThat(workspaces).extracting(LocationPointer::name).containsExactly("Acme Corp", "Personal Projects");
      LocationPointer acme = workspaces.getFirst();
      var inAcme = asana.data().locations(asana.customer(), connection, acme.key(), acme.parameters(), null).locations();
      assertThat(inAcme).extracting(LocationPointer::key).containsExactly("projects-dir", "projects", "users");
      LocationPointer projectsDir = inAcme.getFirst();
      var projects = asana.data().locations(asana.customer(), connection, projectsDir.key(), projectsDir.parameters(), null).locations();
      assertThat(projects).extracting(LocationPointer::name).containsExactly("Website relaunch", "Hiring 2024");
      var inProject = asana.data().locations(asana.customer(), connection, "project", projects.getFirst().parameters(), null).locations();
      assertThat(inProject.getFirst().key()).isEqualTo("tasks");
      assertThat(inProject.getFirst().parameters()).containsEntry("projectGid", AsanaFixtures.PROJECT);
      asana.server("asana").assertAllExchangesUsed();
    }
  }

  @Test
  void tasksCarryUnifiedTaskFields() {
    try (var asana = replay("fixtures/asana/tasks.yaml")) {
      RecordPage page = asana.data().list(asana.customer(), asana.connection("asana"), "tasks", PROJECT, Map.of(), null, "tasks");
      assertThat(page.records().getFirst().unifiedFields()).containsEntry("subject", "Write copy for the pricing page")
          .containsEntry("content", "Three plans; keep the FAQ short.").containsEntry("status", "open")
          .containsEntry("assigneeId", "1200397543321001").containsEntry("projectId", AsanaFixtures.PROJECT)
          .containsEntry("dueTime", "2024-06-14").containsEntry("tags", List.of("copy"));
    }
  }

  @Test
  void asanasRefusalsBecomeClearErrors() {
    try (var asana = replay("fixtures/asana/errors.yaml")) {
      String connection = asana.connection("asana");
      assertThatThrownBy(() -> asana.data().list(asana.customer(), connection, "tasks", PROJECT, Map.of(), null))
          .isInstanceOfSatisfying(ConnectorException.class,
              e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
          .hasMessage("The app rejected the connection's credentials (HTTP 401 on GET /api/1.0/tasks). Reconnect with valid credentials.");
      assertThat(asana.tributary().connections().get(asana.customer(), connection).state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);

      assertThat(asana.data().findById(asana.customer(), connection, "tasks", PROJECT, "1206511223344999")).isEmpty();
      assertThatThrownBy(() -> asana.data().update(asana.customer(), connection, "tasks", PROJECT, "1206511223344999",
          Map.of("name", "Renamed")))
          .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
          .hasMessage("The app has no /api/1.0/tasks/1206511223344999 (HTTP 404).");

      Map<String, Object> workspace = Map.of("workspaceGid", AsanaFixtures.WORKSPACE);
      assertThatThrownBy(() -> asana.data().list(asana.customer(), connection, "users", workspace, Map.of(), null))
          .isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).hasValue(Duration.ofHours(1));
          })
          .hasMessage("The app at 127.0.0.1 is limiting requests (HTTP 429). Try again after 3600 s.");

      assertThatThrownBy(() -> asana.data().create(asana.customer(), connection, "tasks", PROJECT,
          Map.of("name", "Call the printer", "assigneeGid", "1111111111111111")))
          .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
          .hasMessageStartingWith("The app rejected POST /api/1.0/tasks (HTTP 400): {\"errors\":[{\"message\":\"assignee: Not a recognized ID: 1111111111111111\"");
      asana.server("asana").assertAllExchangesUsed();
    }
  }
}
