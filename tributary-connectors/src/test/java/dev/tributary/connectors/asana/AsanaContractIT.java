package dev.tributary.connectors.asana;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Asana connector passes the connector contract on Asana's recorded answers (validated against
 * Asana's API description), and the suite makes exactly the requests recorded for it.
 */
class AsanaContractIT extends ConnectorContractTest {

  static ReplayedApps asana;

  @BeforeAll
  static void connect() {
    asana = ReplayedApps.start(AsanaFixtures.app("fixtures/asana/contract"));
  }

  @AfterAll
  static void allRecordedExchangesWereAsked() {
    if (asana != null) {
      try {
        asana.server("asana").assertAllExchangesUsed();
      } finally {
        asana.close();
      }
    }
  }

  @Override
  protected Connector connector() {
    return asana.connector("asana");
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return asana.context("asana", location, parameters);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return switch (collection) {
      case "tasks", "sections" -> Map.of("projectGid", AsanaFixtures.PROJECT);
      default -> Map.of("workspaceGid", AsanaFixtures.WORKSPACE);
    };
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return collection.equals("tasks")
        ? Map.of("name", "Plan the launch email", "notes", "Send to the newsletter list on launch day.")
        : Map.of();
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return Map.of("name", "Plan the launch email and the blog post");
  }
}
