package dev.tributary.connectors.asana;

import dev.tributary.connectors.replay.ReplayedContract;
import java.util.Map;

/**
 * The Asana connector passes the connector contract on Asana's recorded answers (validated against
 * Asana's API description), and the suite makes exactly the requests recorded for it.
 */
class AsanaContractIT extends ReplayedContract {

  AsanaContractIT() {
    super(AsanaFixtures.app("fixtures/asana/contract"));
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
