package dev.tributary.connectors.ldap;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The LDAP connector passes the connector contract against the slapd of the test command. */
class LdapContractIT extends ConnectorContractTest {

  static TestDirectory directory;
  static Tributary tributary;
  static Caller customer;
  static String connection;
  static String seedUserDn;

  @BeforeAll
  static void connect() {
    directory = new TestDirectory();
    TestEngine engine = directory.connect();
    tributary = engine.tributary();
    customer = engine.customer();
    connection = engine.connection();
    String seed = tributary.connectionData().create(customer, connection, "users", Map.of(),
        Map.of("userName", "seed", "firstName", "Seed", "lastName", "User", "email", "seed@example.org"));
    seedUserDn = tributary.connectionData().findById(customer, connection, "users", Map.of(), seed).orElseThrow()
        .fields().get("dn").toString();
    tributary.connectionData().create(customer, connection, "groups", Map.of(), Map.of("name", "seeds", "members", List.of(seed)));
  }

  @AfterAll
  static void cleanUp() throws Exception {
    tributary.close();
    directory.close();
  }

  @Override
  protected Connector connector() {
    return tributary.connectors().require(LdapConnector.KEY);
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return tributary.connectionData().context(customer, connection, location, parameters);
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return switch (collection) {
      case "users" -> Map.of("userName", "contract-" + suffix, "firstName", "Con", "lastName", "Tract",
          "email", "contract-" + suffix + "@example.org");
      case "groups" -> Map.of("name", "contract-" + suffix, "description", "Made by the contract", "members", List.of(seedUserDn));
      default -> Map.of();
    };
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return switch (collection) {
      case "users" -> Map.of("lastName", "Changed", "title", "Engineer");
      case "groups" -> Map.of("description", "Changed by the contract");
      default -> Map.of();
    };
  }
}
