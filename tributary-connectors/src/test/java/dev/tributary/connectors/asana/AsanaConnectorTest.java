package dev.tributary.connectors.asana;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.formula.Formulas;
import org.junit.jupiter.api.Test;

/** The built-in Asana connector loads from the classpath with its Java extension and declares what its docs promise. */
class AsanaConnectorTest {

  private final Connector asana = ConnectorRegistry.load(Formulas::evaluate, null).require("asana");

  @Test
  void loadsWithBearerTokensAndItsCollections() {
    assertThat(asana.info().name()).isEqualTo("Asana");
    assertThat(asana.auth()).isEqualTo(new AuthDefinition.Bearer("accessToken"));
    assertThat(asana.locations()).filteredOn(location -> location instanceof DataCollection).extracting(DataLocation::key)
        .containsExactlyInAnyOrder("tasks", "projects", "users", "sections");
  }

  @Test
  void tasksReportChangesThroughWebhooksAndTheEventFeed() {
    var tasks = (DataCollection) asana.location("tasks").orElseThrow();
    assertThat(tasks.spec().events()).allSatisfy((type, event) -> assertThat(event.implementationType()).isEqualTo("webhook"));
    assertThat(tasks.webhookEvents()).isPresent();
    assertThat(tasks.customPullEvents()).isPresent();
    assertThat(asana.udm()).containsOnlyKeys("tasks", "users", "projects");
  }
}
