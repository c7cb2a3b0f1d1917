package dev.tributary.connectors.redmine;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.nio.file.Files;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Redmine connector passes the connector contract against the real Redmine of the test command. */
class RedmineContractIT extends ConnectorContractTest {

  static Tributary tributary;
  static Caller customer;
  static String connection;
  static String projectId;

  @BeforeAll
  static void connect() throws Exception {
    tributary = Tributary.builder().dataDir(Files.createTempDirectory("redmine-contract")).database(TestDatabase.H2.fresh())
        .encryptionKeys(KeySet.of(EncryptionKey.generate())).build();
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("redmine", null, "redmine", null,
        Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true)));
    customer = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "contract", null, null).id());
    connection = tributary.connections().create(customer, new ConnectionInput("redmine", null, null, null,
        Map.of("apiKey", RedmineIT.API_KEY), Map.of("baseUri", RedmineIT.URL), null)).id();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    projectId = tributary.connectionData().create(customer, connection, "projects", Map.of(),
        Map.of("name", "Contract " + suffix, "identifier", "contract-" + suffix));
    tributary.connectionData().create(customer, connection, "issues", Map.of("projectId", projectId), Map.of("subject", "Seed"));
  }

  @AfterAll
  static void cleanUp() {
    tributary.connectionData().delete(customer, connection, "projects", Map.of(), projectId);
    tributary.close();
  }

  @Override
  protected Connector connector() {
    return tributary.connectors().require("redmine");
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return tributary.connectionData().context(customer, connection, location, parameters);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return collection.equals("issues") || collection.equals("time-entries") ? Map.of("projectId", projectId) : Map.of();
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return switch (collection) {
      case "issues" -> Map.of("subject", "Contract issue " + suffix);
      case "projects" -> Map.of("name", "Contract project " + suffix, "identifier", "cp-" + suffix);
      case "users" -> Map.of("login", "contract" + suffix, "firstName", "Con", "lastName", "Tract",
          "email", "contract" + suffix + "@example.org", "password", "contract-password-" + suffix);
      default -> Map.of();
    };
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return switch (collection) {
      case "issues" -> Map.of("subject", "Changed by the contract");
      case "projects" -> Map.of("name", "Changed project");
      case "users" -> Map.of("lastName", "Changed");
      default -> Map.of();
    };
  }
}
