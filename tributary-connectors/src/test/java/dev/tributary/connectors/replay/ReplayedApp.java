package dev.tributary.connectors.replay;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An engine with built-in SaaS connectors whose base URI is a replay server: the connectors are
 * the shipped ones (YAML and Java extensions) except that they may call the loopback address the
 * replay server listens on. One customer is connected to each.
 *
 * <pre>{@code
 * ReplayedApp app = ReplayedApp.start(List.of(new ReplayedApp.App("github", Map.of("accessToken", token), base -> base)));
 * app.serve("fixtures/github/issues-page-1.yaml");   // a fresh replay server for these exchanges
 * app.data().list(app.customer(), "github", "issues", Map.of("owner", "octo-org", "repo", "roadmap"), Map.of(), null);
 * app.assertAllExchangesUsed();
 * }</pre>
 */
public final class ReplayedApp implements AutoCloseable {

  /** How one connector is connected: its key, credentials, and the base URI for a replay server's. */
  public record App(String key, Map<String, Object> credentials, Function<URI, URI> baseUri) {}

  private final Tributary tributary;
  private final Caller admin;
  private final Caller customer;
  private final Map<String, App> apps;
  private final Map<String, URI> baseUris = new java.util.concurrent.ConcurrentHashMap<>();
  private ReplayServer server;

  private ReplayedApp(Tributary tributary, Caller admin, Caller customer, Map<String, App> apps) {
    this.tributary = tributary;
    this.admin = admin;
    this.customer = customer;
    this.apps = apps;
  }

  /** An engine with these apps (and any other connectors given, e.g. a real server's), each connected once. */
  public static ReplayedApp start(List<App> apps, Connector... others) {
    ConnectorRegistry shipped = ConnectorRegistry.load(Formulas::evaluate, null);
    Map<String, App> byKey = new java.util.LinkedHashMap<>();
    apps.forEach(app -> byKey.put(app.key(), app));
    ReplayedApp[] holder = new ReplayedApp[1];
    List<Connector> connectors = new ArrayList<>();
    for (App app : apps) {
      connectors.add(new Replayed(shipped.require(app.key()), () -> holder[0].baseUris.get(app.key())));
    }
    connectors.addAll(List.of(others));
    Tributary tributary;
    try {
      tributary = Tributary.builder().dataDir(Files.createTempDirectory("tributary-replay")).database(TestDatabase.H2.fresh())
          .encryptionKeys(KeySet.of(EncryptionKey.generate())).connectors(ConnectorRegistry.of(connectors)).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    Caller customer = Caller.customer(admin.workspaceId(),
        tributary.customers().identify(admin.workspaceId(), "replay-customer", null, null).id());
    for (App app : apps) {
      tributary.integrations().create(admin, new IntegrationInput(app.key(), null, app.key(), null,
          Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true)));
      tributary.connections().create(customer, new ConnectionInput(app.key(), null, null, null, app.credentials(), Map.of(), null));
    }
    holder[0] = new ReplayedApp(tributary, admin, customer, byKey);
    return holder[0];
  }

  /** Replaces the replay server with one answering these fixture files (classpath resources). */
  public ReplayServer serve(String... fixtures) {
    stopServer();
    server = ReplayServer.start(Fixtures.fromClasspath(fixtures));
    apps.values().forEach(app -> baseUris.put(app.key(), app.baseUri().apply(server.baseUri())));
    return server;
  }

  public ReplayServer server() {
    return server;
  }

  /** Fails naming the exchanges the current replay server did not answer, then stops it; nothing when none runs. */
  public void assertAllExchangesUsed() {
    if (server != null) {
      try {
        server.assertAllExchangesUsed();
      } finally {
        stopServer();
      }
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

  private void stopServer() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  public void close() {
    stopServer();
    tributary.close();
  }

  /** A shipped connector whose base URI is the current replay server's, allowed onto loopback. */
  private record Replayed(Connector connector, java.util.function.Supplier<URI> baseUri) implements Connector {

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
      ApiClientDefinition shipped = connector.apiClient();
      URI base = baseUri.get();
      return new ApiClientDefinition(base == null ? shipped.baseUri() : base.toString(), shipped.headers(),
          shipped.requestsPerSecond(), shipped.timeout(), true);
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
  }
}
