package dev.tributary.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.RecordPage;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.engine.workspace.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Jira connector through the engine, on Jira's recorded answers (validated against Atlassian's
 * API description): paging, fields and custom fields, writes, navigation, unified fields and the
 * errors Jira gives. Each test replays its own fixtures and checks that every exchange was asked.
 */
class JiraIT {

  private static final Map<String, Object> OPS = Map.of("projectKey", "OPS");

  private static ReplayedApps replay(String... fixtures) {
    return ReplayedApps.start(JiraFixtures.app(fixtures));
  }

  @Test
  void issuesOfAProjectArePagedWithNextPageTokensNewestChangeFirst() {
    try (var jira = replay("fixtures/jira/issues.yaml")) {
      List<DataRecord> issues = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        RecordPage page = jira.data().list(jira.customer(), jira.connection("jira"), "issues", OPS, Map.of(), cursor);
        issues.addAll(page.records());
        cursor = page.cursor();
        pages++;
      } while (cursor != null);

      assertThat(pages).isEqualTo(3);
      assertThat(issues).extracting(record -> record.fields().get("key"))
          .containsExactly("OPS-14", "OPS-13", "OPS-12", "OPS-11", "OPS-10");
      DataRecord first = issues.getFirst();
      assertThat(first.id()).isEqualTo("10054");
      assertThat(first.name()).isEqualTo("Rotate the TLS certificates of the edge proxies");
      assertThat(first.updatedTime()).isEqualTo(Instant.parse("2024-05-14T09:12:44.512Z"));
      assertThat(first.fields()).containsEntry("description", "Certificates expire on 30 June.\nUse the new ACME account.")
          .containsEntry("statusName", "In Progress").containsEntry("statusCategory", "indeterminate")
          .containsEntry("assigneeId", "5b10ac8d82e05b22cc7d4ef5").containsEntry("projectKey", "OPS")
          .containsEntry("labels", List.of("security")).containsEntry("dueDate", "2024-06-20")
          .containsEntry("updated", "2024-05-14T09:12:44.512+00:00").containsEntry("customfield_10016", 5.0)
          .doesNotContainKey("customfield_10020");
      assertThat(issues.get(2).fields()).containsEntry("resolutionDate", "2024-05-10T12:30:00.000+00:00");
      assertThat(issues.get(2).fields().get("description")).isNull();
      assertThat(issues.get(2).fields().get("assigneeId")).isNull();
      jira.server("jira").assertAllExchangesUsed();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSpecOfAConnectionHasTheSitesCustomFieldsAndSearchUsesJqlText() {
    try (var jira = replay("fixtures/jira/search-and-fields.yaml")) {
      var spec = jira.data().spec(jira.customer(), jira.connection("jira"), "issues", OPS);
      Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) spec.fieldsSchema().get("properties");
      assertThat(properties.get("customfield_10016")).containsEntry("title", "Story point estimate").containsEntry("type", "number");
      assertThat(properties.get("customfield_10020")).containsEntry("type", "array");
      assertThat(properties.get("customfield_10031")).containsEntry("title", "Customer reference").containsEntry("type", "string");
      assertThat(properties).doesNotContainKey("summary_");

      RecordPage found = jira.data().search(jira.customer(), jira.connection("jira"), "issues", OPS, "backup", null);
      assertThat(found.records()).extracting(DataRecord::id).containsExactly("10053");
      jira.server("jira").assertAllExchangesUsed();
    }
  }

  @Test
  void anIssueIsCreatedWithCustomFieldsChangedAndDeleted() {
    try (var jira = replay("fixtures/jira/issue-writes.yaml")) {
      String connection = jira.connection("jira");
      String id = jira.data().create(jira.customer(), connection, "issues", OPS, Map.of(
          "summary", "Write the runbook for certificate rotation", "description", "Steps for the edge proxies.\n\nAsk Mia first.",
          "issueTypeId", "10001", "labels", List.of("docs"), "customfield_10031", "PO-4711"));
      assertThat(id).isEqualTo("10055");
      DataRecord created = jira.data().findById(jira.customer(), connection, "issues", OPS, id).orElseThrow();
      assertThat(created.fields()).containsEntry("customfield_10031", "PO-4711")
          .containsEntry("description", "Steps for the edge proxies.\n\nAsk Mia first.");

      jira.data().update(jira.customer(), connection, "issues", OPS, id,
          Map.of("assigneeId", "5b10ac8d82e05b22cc7d4ef5", "customfield_10031", "PO-4712"));
      jira.data().delete(jira.customer(), connection, "issues", OPS, id);
      jira.server("jira").assertAllExchangesUsed();
    }
  }

  @Test
  void projectsAreDirectoriesHoldingTheirIssues() {
    try (var jira = replay("fixtures/jira/navigation.yaml")) {
      List<LocationPointer> projects = jira.data().locations(jira.customer(), jira.connection("jira"), "projects-dir", Map.of(), null)
          .locations();
      assertThat(projects).extracting(LocationPointer::name).containsExactly("Operations", "Example", "Website");
      LocationPointer ops = projects.getFirst();
      var inside = jira.data().locations(jira.customer(), jira.connection("jira"), ops.key(), ops.parameters(), null).locations();
      assertThat(inside).singleElement().satisfies(issues -> {
        assertThat(issues.key()).isEqualTo("issues");
        assertThat(issues.parameters()).containsEntry("projectKey", "OPS");
      });
    }
  }

  @Test
  void issuesCarryUnifiedTaskFields() {
    try (var jira = replay("fixtures/jira/issues.yaml")) {
      RecordPage page = jira.data().list(jira.customer(), jira.connection("jira"), "issues", OPS, Map.of(), null, "tasks");
      assertThat(page.records().getFirst().unifiedFields())
          .containsEntry("subject", "Rotate the TLS certificates of the edge proxies")
          .containsEntry("content", "Certificates expire on 30 June.\nUse the new ACME account.")
          .containsEntry("status", "In Progress").containsEntry("type", "Task").containsEntry("projectId", "OPS")
          .containsEntry("assigneeId", "5b10ac8d82e05b22cc7d4ef5").containsEntry("tags", List.of("security"));
    }
  }

  @Test
  void anExpiredTokenWithoutRefreshTokenAsksTheCustomerToConnectAgain() {
    try (var jira = replay("fixtures/jira/errors.yaml")) {
      String connection = jira.connection("jira");
      assertThatThrownBy(() -> jira.data().list(jira.customer(), connection, "issues", OPS, Map.of(), null))
          .isInstanceOfSatisfying(ConnectorException.class,
              e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
          .hasMessage("The connection's access token expired and there is no refresh token. The customer must connect again.");
      Connection state = jira.tributary().connections().get(jira.customer(), connection);
      assertThat(state.state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);
    }
  }

  @Test
  void anUnknownIssueIsNoRecordARateLimitSaysWhenToComeBackAndARefusalCarriesJirasReason() {
    try (var jira = replay("fixtures/jira/errors.yaml")) {
      String connection = jira.connection("jira");
      assertThat(jira.data().findById(jira.customer(), connection, "issues", OPS, "OPS-404")).isEmpty();
      assertThatThrownBy(() -> jira.data().update(jira.customer(), connection, "issues", OPS, "OPS-404", Map.of("summary", "Renamed")))
          .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
          .hasMessage("The app has no /rest/api/3/issue/OPS-404 (HTTP 404).");

      assertThatThrownBy(() -> jira.data().list(jira.customer(), connection, "users", Map.of(), Map.of(), null))
          .isInstanceOfSatisfying(ConnectorException.class, e -> {
            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
            assertThat(e.retryAfter()).hasValue(java.time.Duration.ofHours(1));
          })
          .hasMessage("The app at 127.0.0.1 is limiting requests (HTTP 429). Try again after 3600 s.");

      assertThatThrownBy(() -> jira.data().create(jira.customer(), connection, "issues", OPS,
          Map.of("summary", "No type", "issueTypeId", "99")))
          .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
          .hasMessage("The app rejected POST /rest/api/3/issue (HTTP 400): {\"errorMessages\":[],\"errors\":{\"issuetype\":\"Specify a valid issue type\"}}.");
      assertThat(jira.server("jira").unmatchedRequests()).isEmpty();
    }
  }

  @Test
  void aRateLimitWithAShortRetryAfterIsWaitedOut() {
    try (var jira = replay("fixtures/jira/rate-limited.yaml")) {
      RecordPage users = jira.data().list(jira.customer(), jira.connection("jira"), "users", Map.of(), Map.of(), null);
      assertThat(users.records()).extracting(DataRecord::name).containsExactly("Mia Krystof", "Emma Richards", "Jonas Weber");
      assertThat(users.records().getFirst().fields()).containsEntry("emailAddress", "mia@example.com");
      jira.server("jira").assertAllExchangesUsed();
    }
  }
}
