package dev.tributary.connectors.pipedrive;

import dev.tributary.connectors.replay.ReplayedContract;
import java.util.Map;

/**
 * The Pipedrive connector passes the connector contract on replayed Pipedrive exchanges: each
 * check gets a replay server with the exchanges it needs, and must use all of them.
 */
class PipedriveContractIT extends ReplayedContract {

  private static final Map<String, String[]> FIXTURES = Map.of(
      "listingPagesToTheEndWithoutRepeats", PipedriveReplay.fixtures("persons-page-1", "persons-page-2", "persons-page-3",
          "organizations-page-1", "organizations-page-2", "deals-page-1", "deals-page-2", "activities-page-1",
          "activities-page-2", "users"),
      "findByIdGivesTheListedRecordAndNothingForAnUnknownId", PipedriveReplay.fixtures("persons-page-1",
          "organizations-page-1", "deals-page-1", "activities-page-1", "users", "find", "find-users"),
      "createdRecordsCanBeFoundChangedAndDeleted", PipedriveReplay.fixtures("persons-write", "organizations-write",
          "deals-write", "activities-write"));

  PipedriveContractIT() {
    super(PipedriveReplay.app(), FIXTURES);
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return switch (collection) {
      case "persons" -> Map.of("name", "Eva Kask", "email", "eva.kask@nordwind.ee", "orgId", 501);
      case "organizations" -> Map.of("name", "Baltic Freight");
      case "deals" -> Map.of("title", "Baltic Freight pilot", "value", 9500, "currency", "EUR");
      case "activities" -> Map.of("subject", "Kick-off with Baltic Freight", "type", "meeting", "dueDate", "2026-12-10");
      default -> Map.of();
    };
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return switch (collection) {
      case "persons" -> Map.of("name", "Eva Kask-Tamm");
      case "organizations" -> Map.of("name", "Baltic Freight SIA");
      case "deals" -> Map.of("value", 12000);
      case "activities" -> Map.of("done", true);
      default -> Map.of();
    };
  }
}
