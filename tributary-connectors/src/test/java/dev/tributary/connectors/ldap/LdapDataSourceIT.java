package dev.tributary.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.testing.TestEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: a universal {@code users} data source, instantiated for an LDAP connection, reads
 * the directory's users in the Universal Data Model and writes them from unified fields.
 */
class LdapDataSourceIT {

  static TestDirectory directory;
  static TestEngine engine;

  @BeforeAll
  static void connect() {
    directory = new TestDirectory();
    engine = directory.connect();
    engine.tributary().dataSources().create(engine.admin(),
        new DataSourceInput("users", "Users", null, "users", null, null, null, null));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    engine.close();
    directory.close();
  }

  @Test
  void aUniversalUsersDataSourceReadsTheDirectorysUsersAsUnifiedUsers() {
    ResolvedCollection users = engine.tributary().dataSourceInstances()
        .resolve(engine.customer(), InstanceSelector.of("users", engine.connection(), null));
    assertThat(users.collectionKey()).isEqualTo("users");
    assertThat(users.udm()).isEqualTo("users");

    Map<String, Object> fields = engine.data().unifiedFieldsToNative(engine.customer(), engine.connection(), users.collectionKey(),
        users.collectionParameters(), users.udm(),
        Map.of("fullName", "Carla Diaz", "userName", "carla", "primaryEmail", "carla@example.org", "title", "Director"));
    assertThat(fields).containsEntry("firstName", "Carla").containsEntry("lastName", "Diaz").containsEntry("email", "carla@example.org");
    String id = engine.data().create(engine.customer(), engine.connection(), users.collectionKey(), users.collectionParameters(), fields);

    List<DataRecord> read = new ArrayList<>();
    String cursor = null;
    do {
      var page = engine.data().list(engine.customer(), engine.connection(), users.collectionKey(), users.collectionParameters(),
          Map.of(), cursor, users.udm());
      read.addAll(page.records());
      cursor = page.cursor();
    } while (cursor != null);

    assertThat(read).filteredOn(record -> record.id().equals(id)).singleElement().satisfies(record ->
        assertThat(record.unifiedFields()).containsEntry("id", id).containsEntry("fullName", "Carla Diaz")
            .containsEntry("firstName", "Carla").containsEntry("lastName", "Diaz").containsEntry("userName", "carla")
            .containsEntry("primaryEmail", "carla@example.org").containsEntry("title", "Director")
            .containsKeys("createdTime", "updatedTime"));
  }
}
