package dev.tributary.connectors.pipedrive;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connectors.replay.ReplayedApp;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The Pipedrive connector passes the connector contract on replayed Pipedrive exchanges: each
 * check gets a replay server with the exchanges it needs, and must use all of them.
 */
class PipedriveContractIT extends ConnectorContractTest {

  private static final Map<String, String[]> FIXTURES = Map.of(
      "listingPagesToTheEndWithoutRepeats", PipedriveReplay.fixtures("persons-page-1", "persons-page-2", "persons-page-3",
          "organizations-page-1", "organizations-page-2", "deals-page-1", "deals-page-2", "activities-page-1",
          "activities-page-2", "users"),
      "findByIdGivesTheListedRecordAndNothingForAnUnknownId", PipedriveReplay.fixtures("persons-page-1",
          "organizations-page-1", "deals-page-1", "activities-page-1", "users", "find", "find-users"),
      "createdRecordsCanBeFoundChangedAndDeleted", PipedriveReplay.fixtures("persons-write", "organizations-write",
          "deals-write", "activities-write"));

  static ReplayedApp app;

  @BeforeAll
  static void connect() {
    app = ReplayedApp.start(List.of(PipedriveReplay.app()));
  }

  @AfterAll
  static void close() {
    app.close();
  }

  @BeforeEach
  void serve(TestInfo test) {
    app.serve(FIXTURES.getOrDefault(test.getTestMethod().orElseThrow().getName(), new String[0]));
  }

  @AfterEach
  void allExchangesUsed() {
    app.assertAllExchangesUsed();
  }

  @Override
  protected Connector connector() {
    return app.tributary().connectors().require("pipedrive");
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return app.data().context(app.customer(), "pipedrive", location, parameters);
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
