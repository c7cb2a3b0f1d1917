package dev.tributary.connectors.fake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataRecord;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorDefinitionException;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A connector written in Java, found through ServiceLoader, used through the engine like any
 * other, and passing the connector contract; plus connector folders loaded from a directory.
 */
class JavaConnectorIT extends ConnectorContractTest {

  static Tributary tributary;
  static Caller customer;
  static String connection;

  @BeforeAll
  static void start() {
    TestEngine engine = TestEngine.connect("fake-notes", Map.of(), Map.of(), Map.of(), null);
    tributary = engine.tributary();
    customer = engine.customer();
    connection = engine.connection();
    for (int i = 0; i < 25; i++) {
      FakeConnectorProvider.NOTES.collection("notes").seed(Map.of("title", "Note " + i, "body", "Text " + i));
    }
  }

  @AfterAll
  static void stop() {
    tributary.close();
  }

  @Override
  protected Connector connector() {
    return tributary.connectors().require("fake-notes");
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return tributary.connectionData().context(customer, connection, location, parameters);
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return Map.of("title", "Contract " + UUID.randomUUID(), "body", "x");
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return Map.of("body", "changed");
  }

  @Test
  void theJavaConnectorIsFoundThroughServiceLoaderBesideTheBuiltInOnes() {
    assertThat(tributary.connectors().all()).extracting(c -> c.info().key()).contains("fake-notes", "redmine");
  }

  @Test
  void itServesRecordsAndUnifiedFieldsThroughTheDataApi() {
    var page = tributary.connectionData().list(customer, connection, "notes", Map.of(), Map.of("title", "Note 3"), null, "notes");
    DataRecord note = page.records().getFirst();
    assertThat(note.unifiedFields()).containsEntry("title", "Note 3").containsEntry("content", "Text 3");
  }

  @Test
  void connectorFoldersAreLoadedFromADirectory(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path folder = dir.resolve("tasks-app");
    Files.createDirectories(folder.resolve("data/root"));
    Files.createDirectories(folder.resolve("data/tasks"));
    Files.writeString(folder.resolve("connector.yaml"),
        "key: tasks-app\nname: Tasks\nversion: 1.0.0\nbaseUri: https://tasks.example.com\nauth: {type: none}\nroot: root\n");
    Files.writeString(folder.resolve("data/root/spec.yaml"), "type: directory\nname: Tasks\nlocations: [{key: tasks, name: Tasks}]\n");
    Files.writeString(folder.resolve("data/tasks/spec.yaml"),
        "type: collection\nname: Tasks\nfieldsSchema: {type: object, properties: {title: {type: string}}}\nmethods: {}\n");
    try (Tributary withDir = Tributary.builder().dataDir(dir).database(TestDatabase.H2.fresh())
        .encryptionKeys(KeySet.of(EncryptionKey.generate())).connectorsDir(dir).build()) {
      assertThat(withDir.connectors().require("tasks-app").info().name()).isEqualTo("Tasks");
    }
    Files.writeString(folder.resolve("data/tasks/spec.yaml"), "type: collection\nname: Tasks\nmethods: {}\n");
    assertThatThrownBy(() -> Tributary.builder().dataDir(dir).database(TestDatabase.H2.fresh())
        .encryptionKeys(KeySet.of(EncryptionKey.generate())).connectorsDir(dir).build())
        .isInstanceOf(ConnectorDefinitionException.class)
        .hasMessage("Connector \"tasks-app\", data/tasks/spec.yaml line 1, key \"fieldsSchema\": is missing. Add it (see"
            + " docs/connectors.md for the format).");
  }
}
