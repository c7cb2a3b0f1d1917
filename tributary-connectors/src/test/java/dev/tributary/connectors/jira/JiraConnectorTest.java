package dev.tributary.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.formula.Formulas;
import org.junit.jupiter.api.Test;

/** The built-in Jira connector loads from the classpath with its Java extension and declares what its docs promise. */
class JiraConnectorTest {

  private final Connector jira = ConnectorRegistry.load(Formulas::evaluate, null).require("jira");

  @Test
  void loadsWithAtlassianOAuthAndItsCollections() {
    assertThat(jira.info().name()).isEqualTo("Jira Cloud");
    assertThat(jira.auth()).isInstanceOfSatisfying(AuthDefinition.OAuth2.class, oauth -> {
      assertThat(oauth.authorizeUri()).isEqualTo("https://auth.atlassian.com/authorize?audience=api.atlassian.com&prompt=consent");
      assertThat(oauth.scopes()).contains("manage:jira-webhook", "offline_access");
    });
    assertThat(jira.locations()).filteredOn(location -> location instanceof DataCollection).extracting(DataLocation::key)
        .containsExactlyInAnyOrder("issues", "projects", "users", "workflows", "issue-types", "comments");
    assertThat(jira.apiClient().local()).isFalse();
  }

  @Test
  void issuesReportChangesThroughWebhooksAndCanBePulledNewestFirst() {
    var issues = (DataCollection) jira.location("issues").orElseThrow();
    assertThat(issues.spec().events()).allSatisfy((type, event) -> assertThat(event.implementationType()).isEqualTo("webhook"));
    assertThat(issues.webhookEvents()).isPresent();
    assertThat(issues.pullLatestRecords()).isPresent();
    assertThat(issues.spec().customFields()).isTrue();
  }

  @Test
  void mapsTasksUsersAndProjects() {
    assertThat(jira.udm()).containsOnlyKeys("tasks", "users", "projects");
    assertThat(jira.udm().get("tasks").defaultCollection().key()).isEqualTo("issues");
  }
}
