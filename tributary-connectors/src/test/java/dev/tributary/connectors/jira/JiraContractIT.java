package dev.tributary.connectors.jira;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Jira connector passes the connector contract on Jira's recorded answers (validated against
 * Atlassian's API description), and the suite makes exactly the requests recorded for it.
 */
class JiraContractIT extends ConnectorContractTest {

  static ReplayedApps jira;

  @BeforeAll
  static void connect() {
    jira = ReplayedApps.start(JiraFixtures.app("fixtures/jira/contract"));
  }

  @AfterAll
  static void allRecordedExchangesWereAsked() {
    if (jira != null) {
      try {
        jira.server("jira").assertAllExchangesUsed();
      } finally {
        jira.close();
      }
    }
  }

  @Override
  protected Connector connector() {
    return jira.connector("jira");
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return jira.context("jira", location, parameters);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return switch (collection) {
      case "issues" -> Map.of("projectKey", "OPS");
      case "comments" -> Map.of("issueKey", "OPS-14");
      default -> Map.of();
    };
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return switch (collection) {
      case "issues" -> Map.of("summary", "Write the runbook for certificate rotation", "description", "Steps for the edge proxies.",
          "issueTypeId", "10001");
      case "comments" -> Map.of("body", "Contract comment");
      default -> Map.of();
    };
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return Map.of("summary", "Write the runbook for certificate rotation (edge and API)");
  }
}
