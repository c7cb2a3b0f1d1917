package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.Connector;
import dev.tributary.connector.UdmMapping;
import dev.tributary.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerUdmTest {

  @Test
  void aConnectionsMappingMakesItsTableTheModelsDefaultCollection() {
    Connector connector = new SqlConnector().forConnection(Map.of("udm", Map.of("contacts", Map.of("schema", "crm",
        "table", "people", "fieldsFromCollection", Map.of("fullName", Map.of("$var", "$.name"))))));
    UdmMapping contacts = connector.udm().get("contacts");
    assertThat(contacts.defaultCollection().key()).isEqualTo("table");
    assertThat(contacts.defaultCollection().parameters()).isEqualTo(Map.of("schema", "crm", "table", "people"));
    UdmMapping.CollectionMapping mapping = contacts.collectionMappings().getFirst();
    assertThat(mapping.fieldsFromCollection()).isEqualTo(Map.of("fullName", Map.of("$var", "$.name")));
    assertThat(mapping.fieldsToCollection()).isEmpty();
  }

  @Test
  void withoutMappingsTheConnectorIsItself() {
    SqlConnector connector = new SqlConnector();
    assertThat(connector.forConnection(Map.of("host", "db"))).isSameAs(connector);
    assertThat(connector.udm()).isEmpty();
  }

  @Test
  void aMappingWithoutATableIsRefused() {
    assertThatThrownBy(() -> CustomerUdm.from(Map.of("udm", Map.of("users", Map.of("fieldsFromCollection", Map.of())))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("The mapping of users must name its table: {\"table\": \"…\", \"fieldsFromCollection\": {…},"
            + " \"fieldsToCollection\": {…}}.");
  }
}
