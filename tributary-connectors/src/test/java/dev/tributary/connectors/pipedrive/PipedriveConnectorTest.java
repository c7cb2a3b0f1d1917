package dev.tributary.connectors.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.formula.Formulas;
import org.junit.jupiter.api.Test;

/** The built-in Pipedrive connector loads with its Java extension and declares what its docs promise. */
class PipedriveConnectorTest {

  private final Connector pipedrive = ConnectorRegistry.load(Formulas::evaluate, null).require("pipedrive");

  private DataCollection collection(String key) {
    return (DataCollection) pipedrive.location(key).orElseThrow();
  }

  @Test
  void connectsWithAnApiTokenInTheHeaderPipedriveNames() {
    assertThat(pipedrive.auth()).isEqualTo(new AuthDefinition.ApiKey("header", "x-api-token", "apiToken", null));
    assertThat(pipedrive.locations()).filteredOn(location -> location instanceof DataCollection).extracting(DataLocation::key)
        .containsExactlyInAnyOrder("persons", "organizations", "deals", "activities", "users");
  }

  @Test
  void crmRecordsHaveWebhooksAndCustomFieldsExceptActivities() {
    for (String key : new String[] {"persons", "organizations", "deals", "activities"}) {
      assertThat(collection(key).webhookEvents()).as(key).isPresent();
      assertThat(collection(key).spec().events().get("deleted").implementationType()).isEqualTo("webhook");
    }
    assertThat(collection("users").webhookEvents()).isEmpty();
    assertThat(collection("persons").spec().customFields()).isTrue();
    assertThat(collection("activities").spec().customFields()).isFalse();
  }

  @Test
  void mapsContactsCompaniesDealsActivitiesAndUsers() {
    assertThat(pipedrive.udm()).containsOnlyKeys("contacts", "companies", "deals", "activities", "users");
    assertThat(pipedrive.udm().get("contacts").defaultCollection().key()).isEqualTo("persons");
    assertThat(pipedrive.udm().get("companies").defaultCollection().key()).isEqualTo("organizations");
  }
}
