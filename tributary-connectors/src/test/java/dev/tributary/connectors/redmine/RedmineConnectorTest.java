package dev.tributary.connectors.redmine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.formula.Formulas;
import org.junit.jupiter.api.Test;

/** The built-in Redmine connector loads from the classpath and declares what its docs promise. */
class RedmineConnectorTest {

  private final Connector redmine = ConnectorRegistry.load(Formulas::evaluate, null).require("redmine");

  @Test
  void loadsWithApiKeyAuthAndTheProjectsIssuesUsersAndTimeEntriesCollections() {
    assertThat(redmine.info().name()).isEqualTo("Redmine");
    assertThat(redmine.auth()).isEqualTo(new AuthDefinition.ApiKey("header", "X-Redmine-API-Key", "apiKey", null));
    assertThat(redmine.locations()).filteredOn(location -> location instanceof DataCollection)
        .extracting(DataLocation::key).containsExactlyInAnyOrder("issues", "projects", "time-entries", "users");
    assertThat(redmine.rootLocationKey()).isEqualTo("root");
    assertThat(redmine.apiClient().local()).isTrue();
  }

  @Test
  void mapsTasksUsersAndProjectsToTheirCollections() {
    assertThat(redmine.udm()).containsOnlyKeys("tasks", "users", "projects");
    assertThat(redmine.udm().get("tasks").defaultCollection().key()).isEqualTo("issues");
  }

  @Test
  void issuesSupportEveryMethodAndDetectChangesByUpdateTime() {
    var spec = ((DataCollection) redmine.location("issues").orElseThrow()).spec();
    assertThat(spec.list().filterFields()).containsExactly("statusId", "assignedToId", "trackerId");
    assertThat(spec.findById()).isNotNull();
    assertThat(spec.search()).isNotNull();
    assertThat(spec.create().requiredFields()).containsExactly("subject");
    assertThat(spec.delete()).isNotNull();
    assertThat(spec.events().get("updated").implementationType()).isEqualTo("pull-latest-records");
  }
}
