package dev.tributary.engine.flow;

import dev.tributary.engine.crypto.EncryptedColumn;
import dev.tributary.engine.crypto.SecretBox;
import dev.tributary.engine.events.EventDelivery;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.NotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SaaS product's own API, which {@code api-request-to-your-app} nodes call: its base URI and
 * the secret requests are signed with, set by the workspace's admin. Requests carry the same
 * {@code Tributary-Signature} as event deliveries ({@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">}), so one verification serves both.
 */
public final class AppApi {

  /** The signing secret's column, sealed by the vault and re-sealed by key rotation. */
  public static final EncryptedColumn SECRET_COLUMN = new EncryptedColumn("app_apis", "signing_secret");
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** The most of an answer's body a node's output keeps. */
  static final int MAX_BODY = 1_000_000;

  private final Database database;
  private final SecretBox box;
  private final HttpClient http;
  private final Clock clock;

  /** The product's API as the API shows it; the secret only when it was just made. */
  public record Settings(String baseUri, @Nullable String signingSecret, Instant updatedAt) {}

  /** The product's answer: status, and the body (parsed when it is JSON). */
  public record Answer(int status, @Nullable Object body) {}

  public AppApi(Database database, SecretBox box, HttpClient http, Clock clock) {
    this.database = database;
    this.box = box;
    this.http = http;
    this.clock = clock;
  }

  /** Sets where the product's API is; answers a new signing secret, shown this once. */
  public Settings configure(Caller caller, String baseUri) {
    caller.requireAdmin("configure your app's API");
    EventDelivery.requireHttpUrl("baseUri", baseUri, "the base URI of your product's API, e.g. https://api.example.com/tributary");
    String secret = EventDelivery.newSigningSecret();
    String workspace = caller.workspaceId();
    Instant now = Rows.now(clock);
    database.inTransaction(handle -> {
      byte[] sealed = box.seal(secret, SECRET_COLUMN.associatedData(workspace));
      int updated = handle.createUpdate("update app_apis set base_uri = :uri, signing_secret = :secret, updated_at = :now where id = :id")
          .bind("uri", baseUri).bind("secret", sealed).bind("now", Rows.time(now)).bind("id", workspace).execute();
      if (updated == 0) {
        handle.createUpdate("insert into app_apis (id, base_uri, signing_secret, created_at, updated_at) values (:id, :uri, :secret,"
                + " :now, :now)")
            .bind("id", workspace).bind("uri", baseUri).bind("secret", sealed).bind("now", Rows.time(now)).execute();
      }
      return null;
    });
    return new Settings(baseUri, secret, now);
  }

  public Settings get(Caller caller) {
    caller.requireAdmin("read your app's API settings");
    return database.withHandle(handle -> handle.createQuery("select base_uri, updated_at from app_apis where id = :id")
            .bind("id", caller.workspaceId())
            .map((rs, ctx) -> new Settings(rs.getString("base_uri"), null, Rows.requiredInstant(rs, "updated_at"))).findOne())
        .orElseThrow(AppApi::notConfigured);
  }

  public void remove(Caller caller) {
    caller.requireAdmin("remove your app's API settings");
    database.inTransaction(handle -> handle.createUpdate("delete from app_apis where id = :id").bind("id", caller.workspaceId()).execute());
  }

  private record Target(String baseUri, String secret) {}

  private Optional<Target> target(String workspace) {
    return database.withHandle(handle -> handle.createQuery("select * from app_apis where id = :id").bind("id", workspace)
        .map((rs, ctx) -> new Target(rs.getString("base_uri"),
            box.open(rs.getBytes("signing_secret"), SECRET_COLUMN.associatedData(workspace))))
        .findOne());
  }

  /**
   * Sends a signed request to the product's API: {@code path} is appended to the base URI.
   *
   * @throws FlowNodeException when no API is configured, or the product cannot be reached
   */
  Answer request(String workspace, String method, String path, Map<String, Object> query, Map<String, String> headers,
      @Nullable Object body) {
    Target target = target(workspace).orElseThrow(AppApi::notConfigured);
    String url = target.baseUri().replaceAll("/+$", "") + (path.isEmpty() || path.startsWith("/") ? path : "/" + path)
        + queryString(query);
    String text = body == null ? "" : Json.write(body);
    long timestamp = Rows.now(clock).getEpochSecond();
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    } catch (IllegalArgumentException e) {
      throw new FlowNodeException("\"" + url + "\" is not a valid URL: " + e.getMessage() + ". Check the node's path.");
    }
    headers.forEach(request::header);
    request.header("Content-Type", "application/json")
        .header(EventDelivery.SIGNATURE_HEADER, EventDelivery.signature(target.secret(), timestamp, text))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new FlowNodeException("Your app could not be reached at " + method + " " + url + ": " + e.getMessage() + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FlowNodeException("The request to your app was interrupted.");
    }
    String answer = response.body().length() > MAX_BODY ? response.body().substring(0, MAX_BODY) : response.body();
    Object parsed;
    try {
      parsed = answer.isBlank() ? null : Json.MAPPER.readValue(answer, Object.class);
    } catch (RuntimeException e) {
      parsed = answer;
    }
    if (response.statusCode() / 100 != 2) {
      throw new FlowNodeException("Your app answered HTTP " + response.statusCode() + " to " + method + " " + url
          + (answer.isBlank() ? "." : ": " + (answer.length() > 500 ? answer.substring(0, 500) + "…" : answer)));
    }
    return new Answer(response.statusCode(), parsed);
  }

  private static String queryString(Map<String, Object> query) {
    if (query.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder("?");
    Map<String, Object> ordered = new LinkedHashMap<>(query);
    ordered.forEach((name, value) -> {
      if (value != null) {
        out.append(out.length() > 1 ? "&" : "").append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
      }
    });
    return out.toString();
  }

  private static NotFoundException notConfigured() {
    return new NotFoundException("Your app's API is not configured: an admin sets its base URI with PUT /app-api"
        + " {\"baseUri\": \"https://api.example.com/…\"}.");
  }
}
