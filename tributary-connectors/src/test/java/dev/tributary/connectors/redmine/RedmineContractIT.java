package dev.tributary.connectors.redmine;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.testkit.contract.ConnectorContractTest;
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
  static void connect() {
    TestEngine engine = RedmineIT.connectToRedmine();
    tributary = engine.tributary();
    customer = engine.customer();
    connection = engine.connection();
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
