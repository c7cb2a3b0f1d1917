package dev.tributary.engine.connector;

import dev.tributary.connector.AddressPolicy;
import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.ConnectorException.Kind;
import dev.tributary.engine.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ApiClient} of one connection, over the JDK HTTP client: authenticates each request,
 * draws from the connection's {@link RateBudget}, refuses internal addresses ({@link
 * AddressPolicy}), retries network errors and 5xx with exponential backoff and jitter, honours
 * {@code Retry-After} on 429 and 503, and caps the size of an answer. Apps that signal an exhausted
 * quota with {@code x-ratelimit-remaining: 0} and {@code x-ratelimit-reset}, on a 429 or a 403
 * (GitHub), are waited for until the reset the same way; apps that count requests in a window
 * ({@code x-rate-limit-<scope>-remaining: 0} with {@code x-rate-limit-<scope>-interval-ms}, Trello)
 * are waited for one whole window.
 */
final class HttpApiClient implements ApiClient {

  /**
   * @param maxAttempts tries per request, the first included
   * @param maxWait the longest single wait (backoff or Retry-After) the client accepts; a longer
   *     Retry-After ends the request with RATE_LIMITED carrying the time to retry
   */
  record Settings(
      URI baseUri,
      AuthDefinition auth,
      Map<String, Object> credentials,
      Map<String, String> headers,
      Duration timeout,
      AddressPolicy addresses,
      int maxAttempts,
      Duration baseBackoff,
      Duration maxWait,
      long maxResponseBytes) {

    static final int DEFAULT_MAX_ATTEMPTS = 4;
    static final Duration DEFAULT_BASE_BACKOFF = Duration.ofMillis(500);
    static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
    static final long DEFAULT_MAX_RESPONSE_BYTES = 30L * 1024 * 1024;
  }

  private static final long EPOCH_THRESHOLD = 1_000_000_000L;
  private static final java.util.regex.Pattern WINDOW_REMAINING =
      java.util.regex.Pattern.compile("(?i)x-rate-limit-[a-z0-9-]+-remaining");

  private final HttpClient http;
  private final Settings settings;
  private final RateBudget budget;
  private final Sleeper sleeper;

  HttpApiClient(HttpClient http, Settings settings, RateBudget budget, Sleeper sleeper) {
    this.http = http;
    this.settings = settings;
    this.budget = budget;
    this.sleeper = sleeper;
  }

  @Override
  public ApiResponse send(ApiRequest request) {
    URI uri = uri(request);
    settings.addresses().check(uri);
    HttpRequest httpRequest = build(request, uri);
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt >= settings.maxAttempts();
      try {
        budget.acquire(sleeper);
        HttpResponse<BoundedBody.Body> response = http.send(httpRequest, BoundedBody.handler(settings.maxResponseBytes()));
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return new ApiResponse(status, response.headers().map(), read(response));
        }
        Object body = read(response);
        if (status == 429 || status == 503 || (status == 403 && quotaExhausted(response))) {
          Duration retryAfter = retryAfter(response).or(() -> quotaReset(response))
              .or(() -> spentWindow(response)).orElse(backoff(attempt));
          if (last || retryAfter.compareTo(settings.maxWait()) > 0) {
            throw new ConnectorException(Kind.RATE_LIMITED, status, "The app at " + uri.getHost() + " is limiting"
                + " requests (HTTP " + status + "). Try again after " + retryAfter.toSeconds() + " s.", retryAfter, null);
          }
          sleeper.sleep(retryAfter);
          continue;
        }
        if (status >= 500) {
          if (last) {
            throw new ConnectorException(Kind.APP_FAILED, status, "The app at " + uri.getHost() + " failed (HTTP "
                + status + ") " + settings.maxAttempts() + " times" + snippet(body) + ". Try again later.");
          }
          sleeper.sleep(backoff(attempt));
          continue;
        }
        throw refusal(status, uri, request, body);
      } catch (IOException e) {
        if (last) {
          throw new ConnectorException(Kind.UNREACHABLE, 0, "Cannot reach the app at " + uri.getHost() + " ("
              + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ") after "
              + settings.maxAttempts() + " attempts. Check the connection's base URL and that the app is up.", null, e);
        }
        sleepQuietly(backoff(attempt));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectorException(Kind.UNREACHABLE, 0, "Interrupted while calling " + uri.getHost() + ".", null, e);
      }
    }
  }

  private void sleepQuietly(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(Kind.UNREACHABLE, 0, "Interrupted while waiting to retry.", null, e);
    }
  }

  private ConnectorException refusal(int status, URI uri, ApiRequest request, @Nullable Object body) {
    String what = request.method() + " " + uri.getPath();
    return switch (status) {
      case 401 -> new ConnectorException(Kind.CREDENTIALS_REJECTED, 401, "The app rejected the connection's"
          + " credentials (HTTP 401 on " + what + "). Reconnect with valid credentials.");
      case 403 -> new ConnectorException(Kind.FORBIDDEN, 403, "The app refused " + what + " (HTTP 403)" + snippet(body)
          + ". The connected account lacks a permission for this.");
      case 404 -> new ConnectorException(Kind.NOT_FOUND, 404, "The app has no " + uri.getPath() + " (HTTP 404).");
      default -> new ConnectorException(Kind.REJECTED, status, "The app rejected " + what + " (HTTP " + status + ")"
          + snippet(body) + ".");
    };
  }

  private Duration backoff(int attempt) {
    long base = settings.baseBackoff().toMillis() << Math.min(attempt - 1, 10);
    long capped = Math.min(base, settings.maxWait().toMillis());
    // Full jitter: spreads retries of many connections over the whole window.
    return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
  }

  private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
    return response.headers().firstValue("Retry-After").flatMap(value -> {
      try {
        return java.util.Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(value.strip()))));
      } catch (NumberFormatException e) {
        try {
          Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
          Duration wait = Duration.between(Instant.now(), at);
          return java.util.Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException ignored) {
          return java.util.Optional.empty();
        }
      }
    });
  }

  /** {@code x-ratelimit-remaining: 0}: the app's quota is spent (a 403 then means "wait", not "forbidden"). */
  private static boolean quotaExhausted(HttpResponse<?> response) {
    return response.headers().firstValue("x-ratelimit-remaining").map(String::strip).filter("0"::equals).isPresent();
  }

  /**
   * The wait until {@code x-ratelimit-reset} when the quota is spent. Apps give the reset as epoch
   * seconds (GitHub) or as seconds from now (Pipedrive); values below {@value #EPOCH_THRESHOLD}
   * (2001-09-09) can only be the latter.
   */
  private static java.util.Optional<Duration> quotaReset(HttpResponse<?> response) {
    if (!quotaExhausted(response)) {
      return java.util.Optional.empty();
    }
    return response.headers().firstValue("x-ratelimit-reset").flatMap(value -> {
      try {
        long reset = Long.parseLong(value.strip());
        Duration wait = reset < EPOCH_THRESHOLD ? Duration.ofSeconds(reset)
            : Duration.between(Instant.now(), Instant.ofEpochSecond(reset));
        return java.util.Optional.of(wait.isNegative() ? Duration.ZERO : wait.plusSeconds(1));
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    });
  }

  /**
   * The wait for an app that counts requests in a fixed window and sends, per scope (Trello: {@code
   * api-token}, {@code api-key}), {@code x-rate-limit-<scope>-remaining} and {@code
   * x-rate-limit-<scope>-interval-ms}. The answer does not say when the window started, so the wait
   * is one whole window of the longest spent scope: the quota is whole again after it.
   */
  private static java.util.Optional<Duration> spentWindow(HttpResponse<?> response) {
    Map<String, List<String>> headers = response.headers().map();
    return headers.entrySet().stream()
        .filter(header -> WINDOW_REMAINING.matcher(header.getKey()).matches())
        .filter(header -> header.getValue().stream().map(String::strip).anyMatch("0"::equals))
        .map(header -> response.headers().firstValue(
            header.getKey().substring(0, header.getKey().length() - "remaining".length()) + "interval-ms"))
        .flatMap(java.util.Optional::stream)
        .flatMap(value -> {
          try {
            return java.util.stream.Stream.of(Duration.ofMillis(Math.max(0, Long.parseLong(value.strip()))));
          } catch (NumberFormatException e) {
            return java.util.stream.Stream.empty();
          }
        })
        .max(Duration::compareTo);
  }

  private URI uri(ApiRequest request) {
    String path = request.path();
    String base = settings.baseUri().toString();
    String target = path.startsWith("http://") || path.startsWith("https://") ? path
        : (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    StringBuilder query = new StringBuilder();
    request.query().forEach((name, value) -> appendQuery(query, name, value));
    if (settings.auth() instanceof AuthDefinition.ApiKey key && key.in().equals("query")) {
      appendQuery(query, key.name(), credential(key.credentialField()));
    }
    if (query.length() > 0) {
      target += (target.contains("?") ? "&" : "?") + query;
    }
    try {
      return URI.create(target);
    } catch (IllegalArgumentException e) {
      throw new ConnectorException(Kind.REJECTED, 0, "Invalid request URL \"" + target + "\": " + e.getMessage()
          + ". Check the connection's base URL.");
    }
  }

  private static void appendQuery(StringBuilder query, String name, @Nullable Object value) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> values) {
      values.forEach(item -> appendQuery(query, name, item));
      return;
    }
    if (query.length() > 0) {
      query.append('&');
    }
    query.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
  }

  private HttpRequest build(ApiRequest request, URI uri) {
    var builder = HttpRequest.newBuilder(uri).timeout(settings.timeout()).header("Accept", "application/json");
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      // Plain HTTP/1.1 without offering an upgrade to HTTP/2 (h2c), which apps do not take and
      // which costs headers on every request; over https the protocol is agreed in the handshake.
      builder.version(HttpClient.Version.HTTP_1_1);
    }
    settings.headers().forEach(builder::header);
    request.headers().forEach(builder::header);
    switch (settings.auth()) {
      case AuthDefinition.ApiKey key when key.in().equals("header") ->
          builder.header(key.name(), (key.prefix() == null ? "" : key.prefix()) + credential(key.credentialField()));
      case AuthDefinition.Basic basic -> builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (credential(basic.usernameField()) + ":" + credential(basic.passwordField())).getBytes(StandardCharsets.UTF_8)));
      case AuthDefinition.Bearer bearer -> builder.header("Authorization", "Bearer " + credential(bearer.tokenField()));
      case AuthDefinition.OAuth2 ignored -> builder.header("Authorization", "Bearer " + credential("accessToken"));
      default -> { }
    }
    Object body = request.body();
    HttpRequest.BodyPublisher publisher;
    if (body == null) {
      publisher = HttpRequest.BodyPublishers.noBody();
    } else if (body instanceof String text) {
      publisher = HttpRequest.BodyPublishers.ofString(text);
    } else {
      builder.header("Content-Type", "application/json");
      publisher = HttpRequest.BodyPublishers.ofString(Json.write(body));
    }
    return builder.method(request.method().toUpperCase(java.util.Locale.ROOT), publisher).build();
  }

  private String credential(String field) {
    Object value = settings.credentials().get(field);
    if (value == null) {
      throw new ConnectorException(Kind.CREDENTIALS_REJECTED, 0, "The connection has no \"" + field
          + "\" credential. Reconnect and provide it.");
    }
    return String.valueOf(value);
  }

  private @Nullable Object read(HttpResponse<BoundedBody.Body> response) {
    if (response.body().tooLarge()) {
      throw new ConnectorException(Kind.REJECTED, response.statusCode(), "The app's answer is larger than "
          + settings.maxResponseBytes() / (1024 * 1024) + " MB. Ask for smaller pages.");
    }
    byte[] bytes = response.body().bytes();
    if (bytes.length == 0) {
      return null;
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.contains("json") || bytes[0] == '{' || bytes[0] == '[') {
      try {
        return Json.MAPPER.readValue(bytes, Object.class); // from the bytes: no copy of the page as text
      } catch (RuntimeException e) {
        return jsonOrText(new String(bytes, StandardCharsets.UTF_8)); // e.g. not valid UTF-8
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Object jsonOrText(String text) {
    try {
      return Json.MAPPER.readValue(text, Object.class);
    } catch (RuntimeException e) {
      return text;
    }
  }

  /** A short excerpt of the app's error body, with any of the connection's secrets blanked out. */
  private String snippet(@Nullable Object body) {
    if (body == null) {
      return "";
    }
    String text = body instanceof String s ? s : Json.write(body);
    for (Object secret : settings.credentials().values()) {
      if (secret instanceof String value && value.length() >= 4) {
        text = text.replace(value, "[redacted]");
      }
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
  }

  /** The response as a map for response mappings: {@code {data, headers, statusCode}}. */
  static Map<String, Object> asVariables(ApiResponse response) {
    var headers = new java.util.LinkedHashMap<String, Object>();
    response.headers().forEach((name, values) -> headers.put(name, values.size() == 1 ? values.getFirst() : List.copyOf(values)));
    var variables = new java.util.LinkedHashMap<String, Object>();
    variables.put("data", response.data());
    variables.put("headers", headers);
    variables.put("statusCode", response.statusCode());
    return variables;
  }
}
