package dev.tributary.connectors.slack;

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
 * The Slack connector passes the connector contract on replayed Slack exchanges: each check gets
 * a replay server with the exchanges it needs, and must use all of them.
 */
class SlackContractIT extends ConnectorContractTest {

  private static final Map<String, String[]> FIXTURES = Map.of(
      "listingPagesToTheEndWithoutRepeats", SlackReplay.fixtures("users-page-1", "users-page-2", "conversations",
          "history"),
      "findByIdGivesTheListedRecordAndNothingForAnUnknownId", SlackReplay.fixtures("users-page-1", "conversations",
          "history", "find"),
      "createdRecordsCanBeFoundChangedAndDeleted", SlackReplay.fixtures("message-write"));

  static ReplayedApp app;

  @BeforeAll
  static void connect() {
    app = ReplayedApp.start(List.of(SlackReplay.app()));
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
    return app.tributary().connectors().require("slack");
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return app.data().context(app.customer(), "slack", location, parameters);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return collection.equals("messages") ? SlackReplay.ENGINEERING : Map.of();
  }

  @Override
  protected String unknownId(String collection) {
    // A time with no message: Slack answers with the message before it.
    return collection.equals("messages") ? "1764390000.000050" : "999999999";
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return collection.equals("messages") ? Map.of("text", "Release notes for 2.15 are ready") : Map.of();
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return Map.of("text", "Release notes for 2.15 are ready (updated)");
  }
}
