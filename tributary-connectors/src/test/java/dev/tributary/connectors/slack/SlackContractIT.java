package dev.tributary.connectors.slack;

import dev.tributary.connectors.replay.ReplayedContract;
import java.util.Map;

/**
 * The Slack connector passes the connector contract on replayed Slack exchanges: each check gets
 * a replay server with the exchanges it needs, and must use all of them.
 */
class SlackContractIT extends ReplayedContract {

  private static final Map<String, String[]> FIXTURES = Map.of(
      "listingPagesToTheEndWithoutRepeats", SlackReplay.fixtures("users-page-1", "users-page-2", "conversations",
          "history", "canvases-page-1", "canvases-page-2"),
      "findByIdGivesTheListedRecordAndNothingForAnUnknownId", SlackReplay.fixtures("users-page-1", "conversations",
          "history", "find", "canvases-page-1", "canvas-find"),
      "createdRecordsCanBeFoundChangedAndDeleted", SlackReplay.fixtures("message-write", "canvas-write"));

  SlackContractIT() {
    super(SlackReplay.app(), FIXTURES);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return collection.equals("messages") ? SlackReplay.ENGINEERING : Map.of();
  }

  @Override
  protected String unknownId(String collection) {
    // A time with no message: Slack answers with the message before it.
    return switch (collection) {
      case "messages" -> "1764390000.000050";
      case "canvases" -> "F07NOSUCH00";
      default -> "999999999";
    };
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return switch (collection) {
      case "messages" -> Map.of("text", "Release notes for 2.15 are ready");
      case "canvases" -> Map.of("title", "Launch FAQ", "content", "# Launch FAQ\n\n- When does 3.0 ship?");
      default -> Map.of();
    };
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return collection.equals("canvases") ? Map.of("title", "Launch FAQ (pricing)")
        : Map.of("text", "Release notes for 2.15 are ready (updated)");
  }
}
