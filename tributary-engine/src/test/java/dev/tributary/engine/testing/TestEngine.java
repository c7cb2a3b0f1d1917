package dev.tributary.engine.testing;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An engine on a fresh in-memory store, with one customer connected to one integration: the
 * set-up every connector test starts from.
 *
 * <pre>{@code
 * TestEngine engine = TestEngine.connect("redmine", Map.of("allowLocalNetwork", true),
 *     Map.of("apiKey", key), Map.of("baseUri", url), null);
 * engine.data().list(engine.customer(), engine.connection(), "issues", …);
 * }</pre>
 */
public record TestEngine(Tributary tributary, Caller admin, Caller customer, String connection) implements AutoCloseable {

  /**
   * @param connectorKey the connector, also used as the integration's key
   * @param connectorsDir a folder of extra connector folders, or null
   */
  public static TestEngine connect(String connectorKey, Map<String, Object> integrationParameters,
      Map<String, Object> credentials, Map<String, Object> connectionParameters, @Nullable Path connectorsDir) {
    Tributary tributary;
    try {
      tributary = Tributary.builder().dataDir(Files.createTempDirectory("tributary-test")).database(TestDatabase.H2.fresh())
          .encryptionKeys(KeySet.of(EncryptionKey.generate())).connectorsDir(connectorsDir).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput(connectorKey, null, connectorKey, null, integrationParameters));
    Caller customer = Caller.customer(admin.workspaceId(),
        tributary.customers().identify(admin.workspaceId(), "test-customer", null, null).id());
    String connection = tributary.connections().create(customer,
        new ConnectionInput(connectorKey, null, null, null, credentials, connectionParameters, null)).id();
    return new TestEngine(tributary, admin, customer, connection);
  }

  public dev.tributary.engine.connector.ConnectionData data() {
    return tributary.connectionData();
  }

  @Override
  public void close() {
    tributary.close();
  }
}
