package dev.tributary.connectors.trello;

import dev.tributary.connectors.replay.ReplayedContract;
import java.util.Map;

/**
 * The Trello connector passes the connector contract on replayed Trello exchanges: each check gets
 * a replay server with the exchanges it needs, and must use all of them.
 */
class TrelloContractIT extends ReplayedContract {

  private static final Map<String, String[]> FIXTURES = Map.of(
      "listingPagesToTheEndWithoutRepeats", TrelloReplay.fixtures("boards", "cards-page-1", "cards-page-2", "lists", "members"),
      "findByIdGivesTheListedRecordAndNothingForAnUnknownId", TrelloReplay.fixtures("boards", "cards-page-1", "lists", "members",
          "find"),
      "createdRecordsCanBeFoundChangedAndDeleted", TrelloReplay.fixtures("card-write"));

  TrelloContractIT() {
    super(TrelloReplay.app(), FIXTURES);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return switch (collection) {
      case "cards" -> Map.of("boardId", TrelloReplay.BOARD, "listId", TrelloReplay.TO_DO);
      case "lists", "members" -> Map.of("boardId", TrelloReplay.BOARD);
      default -> Map.of();
    };
  }

  @Override
  protected String unknownId(String collection) {
    return "6650e1a2b3c4d5e6f7a8ffff";
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return collection.equals("cards") ? Map.of("name", "Write the launch FAQ", "desc", "Questions from the beta customers.") : Map.of();
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return Map.of("name", "Write the launch FAQ (with pricing questions)");
  }
}
