package dev.tributary.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.formula.Formulas;
import org.junit.jupiter.api.Test;

/** The built-in GitHub connector loads with its Java extension and declares what its docs promise. */
class GithubConnectorTest {

  private final Connector github = ConnectorRegistry.load(Formulas::evaluate, null).require("github");

  private DataCollection collection(String key) {
    return (DataCollection) github.location(key).orElseThrow();
  }

  @Test
  void connectsWithOAuthToGithubOrAnEnterpriseServer() {
    assertThat(github.auth()).isInstanceOfSatisfying(AuthDefinition.OAuth2.class, oauth -> {
      assertThat(oauth.authorizeUri()).isEqualTo("https://github.com/login/oauth/authorize");
      assertThat(oauth.scopes()).contains("repo", "admin:repo_hook");
    });
    assertThat(github.apiClient().local()).isFalse();
    assertThat(github.locations()).filteredOn(location -> location instanceof DataCollection)
        .extracting(DataLocation::key).containsExactlyInAnyOrder("repositories", "issues", "pull-requests", "users");
  }

  @Test
  void issuesHaveWebhooksAndBothIssuesAndPullRequestsANewestFirstPull() {
    assertThat(collection("issues").webhookEvents()).isPresent();
    assertThat(collection("issues").pullLatestRecords()).isPresent();
    assertThat(collection("pull-requests").pullLatestRecords()).isPresent();
    assertThat(collection("pull-requests").webhookEvents()).isEmpty();
    assertThat(collection("issues").spec().events().get("created").implementationType()).isEqualTo("webhook");
  }

  @Test
  void issuesCannotBeDeletedThroughGithubsRestApi() {
    assertThat(collection("issues").spec().delete()).isNull();
    assertThat(collection("issues").spec().create().requiredFields()).containsExactly("title");
  }

  @Test
  void mapsTasksAndUsers() {
    assertThat(github.udm()).containsOnlyKeys("tasks", "users");
    assertThat(github.udm().get("tasks").defaultCollection().key()).isEqualTo("issues");
  }
}
