package dev.tributary.connectors.replay;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorInfo;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.UdmMapping;
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
import java.util.List;
import java.util.Map;

/**
 * Built-in SaaS connectors in a fresh engine, each connected for one customer to a replay server
 * of its vendor's recorded exchanges. The connector is the one that ships, with one change: its
 * requests go to the replay server (the vendor's base path kept) instead of the vendor, which is
 * why it is let onto the loopback network.
 *
 * <pre>{@code
 * try (var apps = ReplayedApps.start(new App("jira", credentials, parameters, "fixtures/jira/issues"))) {
 *   apps.tributary().connectionData().list(apps.customer(), apps.connection("jira"), "issues", …);
 * }
 * }</pre>
 */
public final class ReplayedApps implements AutoCloseable {

  /** One app: its connector (also the vendor of its fixtures), credentials, parameters and fixtures. */
  public record App(String connectorKey, Map<String, Object> credentials, Map<String, Object> connectionParameters,
      List<String> fixtures) {
    public App(String connectorKey, Map<String, Object> credentials, Map<String, Object> connectionParameters, String... fixtures) {
      this(connectorKey, credentials, connectionParameters, List.of(fixtures));
    }
  }

  /** The replay server answers at once; the vendors' own budgets would only slow the tests down. */
  private static final double REPLAY_RATE = 100;

  private final Tributary tributary;
  private final Caller admin;
  private final Caller customer;
  private final Map<String, ReplayServer> servers;
  private final Map<String, String> connections;

  private ReplayedApps(Tributary tributary, Caller admin, Caller customer, Map<String, ReplayServer> servers,
      Map<String, String> connections) {
    this.tributary = tributary;
    this.admin = admin;
    this.customer = customer;
    this.servers = servers;
    this.connections = connections;
  }

  /** Starts a replay server per app (each validates its fixtures first) and connects the customer to each. */
  public static ReplayedApps start(App... apps) {
    Map<String, ReplayServer> servers = new LinkedHashMap<>();
    ConnectorRegistry shipped = ConnectorRegistry.load(Formulas::evaluate, null);
    List<Connector> connectors = new ArrayList<>();
    try {
      for (App app : apps) {
        ReplayServer server = ReplayServer.start(Fixtures.fromClasspath(app.fixtures().toArray(String[]::new)));
        servers.put(app.connectorKey(), server);
        String basePath = VendorSpecs.fromEnvironment().spec(app.connectorKey()).basePath();
        connectors.add(redirected(shipped.require(app.connectorKey()), server.baseUri() + basePath));
      }
      for (Connector connector : shipped.all()) {
        if (!servers.containsKey(connector.info().key())) {
          connectors.add(connector);
        }
      }
      Tributary tributary = Tributary.builder().dataDir(Files.createTempDirectory("tributary-replay"))
          .database(TestDatabase.H2.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
          .connectors(ConnectorRegistry.of(connectors)).build();
      Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
      Caller customer = Caller.customer(admin.workspaceId(),
          tributary.customers().identify(admin.workspaceId(), "replay-customer", null, null).id());
      Map<String, String> connections = new LinkedHashMap<>();
      for (App app : apps) {
        tributary.integrations().create(admin, new IntegrationInput(app.connectorKey(), null, app.connectorKey(), null,
            Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true, ConnectionData.REQUESTS_PER_SECOND, REPLAY_RATE)));
        connections.put(app.connectorKey(), tributary.connections().create(customer, new ConnectionInput(app.connectorKey(),
            null, null, null, app.credentials(), app.connectionParameters(), null)).id());
      }
      return new ReplayedApps(tributary, admin, customer, servers, connections);
    } catch (IOException e) {
      servers.values().forEach(ReplayServer::close);
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      servers.values().forEach(ReplayServer::close);
      throw e;
    }
  }

  public Tributary tributary() {
    return tributary;
  }

  public Caller admin() {
    return admin;
  }

  public Caller customer() {
    return customer;
  }

  public ConnectionData data() {
    return tributary.connectionData();
  }

  /** The customer's connection to this app. */
  public String connection(String connectorKey) {
    return connections.get(connectorKey);
  }

  public ReplayServer server(String connectorKey) {
    return servers.get(connectorKey);
  }

  /** The connector as the engine uses it (redirected to the replay server). */
  public Connector connector(String connectorKey) {
    return tributary.connectors().require(connectorKey);
  }

  /** What a connector method gets for this app's connection, to call the connector directly. */
  public ConnectorContext context(String connectorKey, String location, Map<String, Object> parameters) {
    return tributary.connectionData().context(customer, connection(connectorKey), location, parameters);
  }

  @Override
  public void close() {
    tributary.close();
    servers.values().forEach(ReplayServer::close);
  }

  /** {@code connector} with its requests sent to {@code baseUri}, which is on the loopback network. */
  private static Connector redirected(Connector connector, String baseUri) {
    ApiClientDefinition shipped = connector.apiClient();
    ApiClientDefinition replay = new ApiClientDefinition(baseUri, shipped.headers(), shipped.requestsPerSecond(),
        shipped.timeout(), true);
    return new Connector() {
      @Override
      public ConnectorInfo info() {
        return connector.info();
      }

      @Override
      public AuthDefinition auth() {
        return connector.auth();
      }

      @Override
      public Map<String, Object> integrationParametersSchema() {
        return connector.integrationParametersSchema();
      }

      @Override
      public Map<String, Object> connectionParametersSchema() {
        return connector.connectionParametersSchema();
      }

      @Override
      public ApiClientDefinition apiClient() {
        return replay;
      }

      @Override
      public String rootLocationKey() {
        return connector.rootLocationKey();
      }

      @Override
      public List<DataLocation> locations() {
        return connector.locations();
      }

      @Override
      public Map<String, UdmMapping> udm() {
        return connector.udm();
      }
    };
  }
}
