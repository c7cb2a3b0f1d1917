package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.testing.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Through the engine: a universal {@code contacts} data source reads a customer's own table, which
 * the customer mapped to the model with the connection parameter {@code udm}.
 */
class SqlDataSourceIT {

  TestDatabase db;
  TestEngine engine;

  @BeforeEach
  void connect() {
    db = TestDatabase.create(Dialect.POSTGRESQL);
    db.run("CREATE TABLE crm_people (person_no serial PRIMARY KEY, given text, family text, mail text)",
        "INSERT INTO crm_people (given, family, mail) VALUES ('Ann', 'Lee', 'ann@example.org')");
    engine = db.connect(Map.of("udm", Map.of("contacts", Map.of(
        "schema", db.schema,
        "table", "crm_people",
        "fieldsFromCollection", Map.of(
            "firstName", Map.of("$var", "$.given"),
            "lastName", Map.of("$var", "$.family"),
            "primaryEmail", Map.of("$var", "$.mail")),
        "fieldsToCollection", Map.of(
            "given", Map.of("$var", "$.firstName"),
            "family", Map.of("$var", "$.lastName"),
            "mail", Map.of("$var", "$.primaryEmail"))))));
    engine.tributary().dataSources().create(engine.admin(),
        new DataSourceInput("contacts", "Contacts", null, "contacts", null, null, null, null));
  }

  @AfterEach
  void drop() {
    engine.close();
    db.close();
  }

  @Test
  void aUniversalContactsDataSourceReadsAndWritesTheCustomersMappedTable() {
    ResolvedCollection resolved = engine.tributary().dataSourceInstances().resolve(engine.customer(),
        InstanceSelector.of("contacts", engine.connection(), null));
    assertThat(resolved.collectionKey()).isEqualTo("table");
    assertThat(resolved.collectionParameters()).containsEntry("table", "crm_people");

    var page = engine.data().list(engine.customer(), resolved.connectionId(), resolved.collectionKey(),
        resolved.collectionParameters(), Map.of(), null, resolved.udm());
    assertThat(page.records()).extracting(DataRecord::unifiedFields)
        .extracting(fields -> List.of(fields.get("firstName"), fields.get("fullName"), fields.get("primaryEmail")))
        .containsExactly(List.of("Ann", "Ann Lee", "ann@example.org"));

    Map<String, Object> fields = engine.data().unifiedFieldsToNative(engine.customer(), resolved.connectionId(),
        resolved.collectionKey(), resolved.collectionParameters(), "contacts",
        Map.of("firstName", "Bob", "lastName", "Ray", "primaryEmail", "bob@example.org"));
    String id = engine.data().create(engine.customer(), resolved.connectionId(), resolved.collectionKey(),
        resolved.collectionParameters(), fields);
    DataRecord bob = engine.data().findById(engine.customer(), resolved.connectionId(), resolved.collectionKey(),
        resolved.collectionParameters(), id, "contacts").orElseThrow();
    assertThat(bob.fields()).containsEntry("given", "Bob").containsEntry("mail", "bob@example.org");
    assertThat(bob.unifiedFields()).containsEntry("fullName", "Bob Ray");
  }
}
