package dev.tributary.connectors.replay;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ForwardingConnector;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.testkit.replay.Fixtures;
import dev.tributary.testkit.replay.ReplayServer;
import dev.tributary.testkit.replay.VendorSpecs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Built-in SaaS connectors in a fresh engine, each connected for one customer to a replay server
 * of its vendor's recorded exchanges. The connector is the one that ships, with one change: its
 * requests go to the replay server (the vendor's base path kept) instead of the vendor, which is
 * why it is let onto the loopback network. Every other shipped connector is there unchanged (a
 * test may connect Redmine, which runs here, beside the replayed apps).
 *
 * <p>An app's fixtures are served from the start; {@link #serve} replaces them for one test.
 *
 * <pre>{@code
 * try (var apps = ReplayedApps.start(new App("jira", credentials, parameters, "fixtures/jira/issues"))) {
 *   apps.data().list(apps.customer(), apps.connection("jira"), "issues", …);
 *   apps.assertAllExchangesUsed();
 * }
 * }</pre>
 */
public final class ReplayedApps implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  /**
   * One app: its connector (also the vendor of its fixtures, when the vendor has a description of
   * that name), credentials, connection and integration parameters, and the fixtures served first.
   */
  public record App(String connectorKey, Map<String, Object> credentials, Map<String, Object> connectionParameters,
      List<String> fixtures, Map<String, Object> integrationParameters) {

    public App(String connectorKey, Map<String, Object> credentials, Map<String, Object> connectionParameters,
        String... fixtures) {
      this(connectorKey, credentials, connectionParameters, List.of(fixtures), Map.of());
    }

    /** The same app with these integration parameters (e.g. Trello's API key). */
    public App withIntegrationParameters(Map<String, Object> parameters) {
      return new App(connectorKey, credentials, connectionParameters, fixtures, parameters);
    }

    /** The path the vendor's description puts before its paths ({@code /api} for Slack), as fixtures carry it. */
    String basePath() {
      return VendorSpecs.vendors().contains(connectorKey) ? VendorSpecs.fromEnvironment().spec(connectorKey).basePath() : "";
    }
  }

  /** The replay server answers at once; the vendors' own budgets would only slow the tests down. */
  private static final double REPLAY_RATE = 100;

  /** What a started engine holds. */
  private record Running(Tributary tributary, Caller admin, Caller customer, Map<String, String> connections) {}

  private final App[] apps;
  /** The waits the connectors' requests asked for; nothing sleeps, the replay server has no limits. */
  private final List<java.time.Duration> waits = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final Map<String, ReplayServer> servers = new ConcurrentHashMap<>();
  private @Nullable Running running;

  private ReplayedApps(App[] apps) {
    this.apps = apps.clone();
  }

  /** Starts a replay server per app that has fixtures (each validates them first) and connects the customer to each. */
  public static ReplayedApps start(App... apps) {
    ReplayedApps replayed = new ReplayedApps(apps);
    replayed.boot();
    return replayed;
  }

  /**
   * The same, as a JUnit extension for a test class: started before its tests, every replay
   * server's exchanges asserted used after each test (see {@link #serve}), closed after the class.
   *
   * <pre>{@code
   * @RegisterExtension static final ReplayedApps app = ReplayedApps.forTestClass(GithubReplay.app());
   * }</pre>
   */
  public static ReplayedApps forTestClass(App... apps) {
    return new ReplayedApps(apps);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (running == null) {
      boot();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    waits.clear();
    assertAllExchangesUsed();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  private void boot() {
    ConnectorRegistry shipped = ConnectorRegistry.load(Formulas::evaluate, null);
    List<Connector> connectors = new ArrayList<>();
    Map<String, App> byKey = new LinkedHashMap<>();
    try {
      for (App app : apps) {
        byKey.put(app.connectorKey(), app);
        if (!app.fixtures().isEmpty()) {
          servers.put(app.connectorKey(), ReplayServer.start(Fixtures.fromClasspath(app.fixtures().toArray(String[]::new))));
        }
        connectors.add(new Redirected(shipped.require(app.connectorKey()), app.basePath(), servers));
      }
      for (Connector connector : shipped.all()) {
        if (!byKey.containsKey(connector.info().key())) {
          connectors.add(connector);
        }
      }
      Tributary tributary = Tributary.builder().dataDir(Files.createTempDirectory("tributary-replay"))
          .database(TestDatabase.H2.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
          .connectors(ConnectorRegistry.of(connectors)).sleeper(waits::add).build();
      Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
      Caller customer = Caller.customer(admin.workspaceId(),
          tributary.customers().identify(admin.workspaceId(), "replay-customer", null, null).id());
      Map<String, String> connections = new LinkedHashMap<>();
      for (App app : apps) {
        Map<String, Object> parameters = new LinkedHashMap<>(app.integrationParameters());
        parameters.put(ConnectionData.ALLOW_LOCAL_NETWORK, true);
        parameters.put(ConnectionData.REQUESTS_PER_SECOND, REPLAY_RATE);
        tributary.integrations().create(admin, new IntegrationInput(app.connectorKey(), null, app.connectorKey(), null, parameters));
        connections.put(app.connectorKey(), tributary.connections().create(customer, new ConnectionInput(app.connectorKey(),
            null, null, null, app.credentials(), app.connectionParameters(), null)).id());
      }
      running = new Running(tributary, admin, customer, connections);
    } catch (IOException e) {
      stopServers();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      stopServers();
      throw e;
    }
  }

  private Running running() {
    if (running == null) {
      throw new IllegalStateException("The replayed apps are not started: use ReplayedApps.start, or register"
          + " ReplayedApps.forTestClass as a JUnit extension (@RegisterExtension).");
    }
    return running;
  }

  /**
   * Replaces every app's replay server by one answering these fixture files (classpath resources),
   * as a test that needs its own exchanges does first.
   */
  public ReplayServer serve(String... fixtures) {
    stopServers();
    ReplayServer server = ReplayServer.start(Fixtures.fromClasspath(fixtures));
    for (App app : apps) {
      servers.put(app.connectorKey(), server);
    }
    return server;
  }

  /** Fails naming the exchanges a replay server did not answer, then stops the servers; nothing when none runs. */
  public void assertAllExchangesUsed() {
    try {
      new LinkedHashSet<>(servers.values()).forEach(ReplayServer::assertAllExchangesUsed);
    } finally {
      stopServers();
    }
  }

  /**
   * The waits (rate limits, retries) the connectors' requests asked for since the engine started,
   * in order. They are recorded, not slept.
   */
  public List<java.time.Duration> waits() {
    return List.copyOf(waits);
  }

  public Tributary tributary() {
    return running().tributary();
  }

  public Caller admin() {
    return running().admin();
  }

  public Caller customer() {
    return running().customer();
  }

  public ConnectionData data() {
    return tributary().connectionData();
  }

  /** The customer's connection to this app. */
  public String connection(String connectorKey) {
    return running().connections().get(connectorKey);
  }

  public @Nullable ReplayServer server(String connectorKey) {
    return servers.get(connectorKey);
  }

  /** The connector as the engine uses it (redirected to the replay server). */
  public Connector connector(String connectorKey) {
    return tributary().connectors().require(connectorKey);
  }

  /** What a connector method gets for this app's connection, to call the connector directly. */
  public ConnectorContext context(String connectorKey, String location, Map<String, Object> parameters) {
    return tributary().connectionData().context(customer(), connection(connectorKey), location, parameters);
  }

  private void stopServers() {
    new LinkedHashSet<>(servers.values()).forEach(ReplayServer::close);
    servers.clear();
  }

  @Override
  public void close() {
    try {
      if (running != null) {
        running.tributary().close();
        running = null;
      }
    } finally {
      stopServers();
    }
  }

  /** A shipped connector whose requests go to its app's current replay server, on the loopback network. */
  private static final class Redirected extends ForwardingConnector {

    private final String basePath;
    private final Map<String, ReplayServer> servers;

    Redirected(Connector connector, String basePath, Map<String, ReplayServer> servers) {
      super(connector);
      this.basePath = basePath;
      this.servers = servers;
    }

    @Override
    public ApiClientDefinition apiClient() {
      ApiClientDefinition shipped = delegate().apiClient();
      ReplayServer server = servers.get(info().key());
      Object base = server == null ? shipped.baseUri() : server.baseUri() + basePath;
      return new ApiClientDefinition(base, shipped.headers(), shipped.requestsPerSecond(), shipped.timeout(), true,
          shipped.query());
    }
  }
}
