package dev.tributary.connectors.replay;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * The connector contract on one replayed app. Either each check gets a replay server with the
 * exchanges {@link #fixturesByTest} names for it and must use all of them, or (when that is
 * empty) the app's own fixtures serve the whole class and must all be used by its end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReplayedContract extends ConnectorContractTest {

  private final ReplayedApps.App app;
  private final Map<String, String[]> fixturesByTest;
  private ReplayedApps apps;

  /**
   * @param app the app under test, with the fixtures that serve the whole class (none when checks have their own)
   * @param fixturesByTest fixture files by contract check (method name); a check not named gets an
   *     empty replay server; empty when the app's fixtures serve the whole class
   */
  protected ReplayedContract(ReplayedApps.App app, Map<String, String[]> fixturesByTest) {
    this.app = app;
    this.fixturesByTest = Map.copyOf(fixturesByTest);
  }

  /** The app's own fixtures serve the whole class. */
  protected ReplayedContract(ReplayedApps.App app) {
    this(app, Map.of());
  }

  @BeforeAll
  void connect() {
    apps = ReplayedApps.start(app);
  }

  @BeforeEach
  void serve(TestInfo test) {
    if (!fixturesByTest.isEmpty()) {
      apps.serve(fixturesByTest.getOrDefault(test.getTestMethod().orElseThrow().getName(), new String[0]));
    }
  }

  @AfterEach
  void checkUsedAllItsExchanges() {
    if (!fixturesByTest.isEmpty()) {
      apps.assertAllExchangesUsed();
    }
  }

  @AfterAll
  void classUsedAllItsExchanges() {
    if (apps != null) {
      try {
        apps.assertAllExchangesUsed();
      } finally {
        apps.close();
      }
    }
  }

  private String key() {
    return app.connectorKey();
  }

  @Override
  protected Connector connector() {
    return apps.connector(key());
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return apps.context(key(), location, parameters);
  }
}
