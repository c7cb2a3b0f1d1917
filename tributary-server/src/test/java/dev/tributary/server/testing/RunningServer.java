package dev.tributary.server.testing;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.server.ServerSettings;
import dev.tributary.server.TributaryServer;
import dev.tributary.server.auth.TokenIssuer;
import dev.tributary.server.http.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A real Tributary server on a free port over a fresh store, and a real HTTP client to call it.
 * The workspace key and secret are fixed so tests can mint tokens as a SaaS backend would.
 */
public final class RunningServer implements AutoCloseable {

  public static final String WORKSPACE_KEY = "test-workspace";
  public static final String WORKSPACE_SECRET = "test-secret-0123456789-0123456789-0123456789-0123456789-abcdefgh";

  private final Tributary tributary;
  private final TributaryServer server;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final TokenIssuer issuer = new TokenIssuer(WORKSPACE_KEY, WORKSPACE_SECRET);
  private final Path dataDir;

  private RunningServer(ServerSettings settings) {
    this(settings, null);
  }

  private RunningServer(ServerSettings settings, dev.tributary.connector.@Nullable Connector extra) {
    this(settings, extra, null);
  }

  private RunningServer(ServerSettings settings, dev.tributary.connector.@Nullable Connector extra, @Nullable Path connectorsDir) {
    this(settings, extra, connectorsDir, TestDatabase.H2.fresh(), KeySet.of(EncryptionKey.generate()));
  }

  private RunningServer(ServerSettings settings, dev.tributary.connector.@Nullable Connector extra, @Nullable Path connectorsDir,
      DatabaseSettings database, KeySet keys) {
    try {
      dataDir = Files.createTempDirectory("tributary-test");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    var builder = Tributary.builder().dataDir(dataDir).database(database)
        .encryptionKeys(keys)
        .workspaceKey(WORKSPACE_KEY).workspaceSecret(WORKSPACE_SECRET);
    builder.connectorsDir(connectorsDir);
    if (extra != null) {
      builder.connectors(dev.tributary.engine.connector.ConnectorRegistry
          .load(dev.tributary.engine.formula.Formulas::evaluate, null).with(extra));
    }
    tributary = builder.build();
    server = TributaryServer.start(tributary, settings);
  }

  public static RunningServer start() {
    return start(ServerSettings.defaults().withPort(0));
  }

  public static RunningServer start(ServerSettings settings) {
    return new RunningServer(settings.withPort(0));
  }

  /** A server that also loads the connector folders in {@code connectorsDir}. */
  public static RunningServer withConnectorsDir(Path connectorsDir) {
    return new RunningServer(ServerSettings.defaults().withPort(0), null, connectorsDir);
  }

  /**
   * A server on {@code database} with {@code keys}, knowing {@code extra}: start two on one
   * PostgreSQL store with the same keys to stand for two nodes of one deployment.
   */
  public static RunningServer sharing(DatabaseSettings database, KeySet keys, dev.tributary.connector.Connector extra) {
    return new RunningServer(ServerSettings.defaults().withPort(0), extra, null, database, keys);
  }

  /** A server that knows {@code extra} besides the built-in connectors. */
  public static RunningServer withConnector(dev.tributary.connector.Connector extra) {
    return new RunningServer(ServerSettings.defaults().withPort(0), extra);
  }

  public Tributary tributary() {
    return tributary;
  }

  public TributaryServer server() {
    return server;
  }

  public String adminToken() {
    return issuer.admin(Instant.now(), Duration.ofHours(1));
  }

  public String customerToken(String id) {
    return issuer.customer(id, null, null, Instant.now(), Duration.ofHours(1));
  }

  public String customerToken(String id, String name, Map<String, Object> fields) {
    return issuer.customer(id, name, fields, Instant.now(), Duration.ofHours(1));
  }

  /** An answer: status, headers and the body parsed as JSON (or as a text node when it is not JSON). */
  public record Answer(int status, JsonNode json, String body, java.net.http.HttpHeaders headers) {
    public String type() {
      return json.path("type").asString();
    }
  }

  public Answer get(String path, @Nullable String token) {
    return send("GET", path, token, null);
  }

  public Answer send(String method, String path, @Nullable String token, @Nullable String body) {
    return send(client, method, path, token, body);
  }

  /**
   * Sends on a new connection. The server closes a connection after a request it could not parse
   * (as HTTP allows); a fuzzer sending such requests must not reuse that connection for the next.
   */
  public Answer sendOnNewConnection(String method, String path, @Nullable String token, @Nullable String body) {
    try (HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      return send(fresh, method, path, token, body);
    }
  }

  private Answer send(HttpClient client, String method, String path, @Nullable String token, @Nullable String body) {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(response.body());
      } catch (RuntimeException e) {
        json = Json.MAPPER.getNodeFactory().stringNode(response.body());
      }
      return new Answer(response.statusCode(), json, response.body(), response.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer post(String path, @Nullable String token, String body) {
    return send("POST", path, token, body);
  }

  @Override
  public void close() {
    server.close();
    tributary.close();
  }
}
