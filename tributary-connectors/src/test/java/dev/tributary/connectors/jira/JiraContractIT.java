package dev.tributary.connectors.jira;

import dev.tributary.connectors.replay.ReplayedContract;
import java.util.Map;

/**
 * The Jira connector passes the connector contract on Jira's recorded answers (validated against
 * Atlassian's API description), and the suite makes exactly the requests recorded for it.
 */
class JiraContractIT extends ReplayedContract {

  JiraContractIT() {
    super(JiraFixtures.app("fixtures/jira/contract"));
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
