package dev.tributary.engine.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.connector.AddressPolicy;
import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.ConnectorException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector HTTP client against a real HTTP server on loopback. */
class HttpApiClientIT {

  record Answer(int status, Map<String, String> headers, String body) {}

  /** A header that makes the test app send its answer chunked, without a Content-Length. */
  private static final String CHUNKED = "X-Test-Chunked";

  private HttpServer server;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<HttpExchange> seen = new CopyOnWriteArrayList<>();
  private final List<String> requestHeaders = new CopyOnWriteArrayList<>();
  private final List<Duration> waits = new ArrayList<>();
  private final Sleeper recordingSleeper = waits::add;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange);
      requestHeaders.add(exchange.getRequestHeaders().getFirst("X-Api-Key") + " " + exchange.getRequestURI());
      Answer answer = answers.isEmpty() ? new Answer(200, Map.of(), "{}") : answers.poll();
      answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
      boolean chunked = answer.headers().containsKey(CHUNKED);
      exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : chunked ? 0 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpApiClient client(AddressPolicy policy, long maxResponseBytes) {
    var settings = new HttpApiClient.Settings(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api"),
        new AuthDefinition.ApiKey("header", "X-Api-Key", "apiKey", null), Map.of("apiKey", "k-secret-123"), Map.of(),
        Duration.ofSeconds(5), policy, 3, Duration.ofMillis(200), Duration.ofSeconds(60), maxResponseBytes);
    return new HttpApiClient(HttpClient.newHttpClient(), settings, new RateBudget(1000, System::nanoTime), recordingSleeper);
  }

  private HttpApiClient client() {
    return client(AddressPolicy.ALLOW_PRIVATE, 1024 * 1024);
  }

  @Test
  void sendsTheApiKeyAndQueryAndParsesJson() {
    answers.add(new Answer(200, Map.of(), "{\"issues\":[{\"id\":1}],\"total_count\":1}"));

    var query = new java.util.LinkedHashMap<String, Object>();
    query.put("limit", 25);
    query.put("status_id", "*");
    var response = client().send(ApiRequest.get("/issues.json").withQuery(query));

    assertThat(response.data()).isEqualTo(Map.of("issues", List.of(Map.of("id", 1)), "total_count", 1));
    assertThat(requestHeaders).containsExactly("k-secret-123 /api/issues.json?limit=25&status_id=*");
  }

  @Test
  void serverErrorsAreRetriedWithGrowingBackoff() {
    answers.add(new Answer(502, Map.of(), ""));
    answers.add(new Answer(500, Map.of(), ""));
    answers.add(new Answer(200, Map.of(), "{\"ok\":true}"));

    assertThat(client().send(ApiRequest.get("/x")).data()).isEqualTo(Map.of("ok", true));
    assertThat(seen).hasSize(3);
    assertThat(waits).hasSize(2);
    assertThat(waits.get(0)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
    assertThat(waits.get(1)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void rateLimitedAnswersWaitAsLongAsRetryAfterSays() {
    answers.add(new Answer(429, Map.of("Retry-After", "7"), "{\"error\":\"slow down\"}"));
    answers.add(new Answer(200, Map.of(), "{}"));

    client().send(ApiRequest.get("/x"));

    assertThat(waits).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void aForbiddenAnswerWithASpentQuotaWaitsUntilTheReset() {
    long reset = java.time.Instant.now().getEpochSecond() + 20;
    answers.add(new Answer(403, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset)),
        "{\"message\":\"API rate limit exceeded for user ID 1.\"}"));
    answers.add(new Answer(200, Map.of("x-ratelimit-remaining", "4999"), "{}"));

    client().send(ApiRequest.get("/x"));

    assertThat(seen).hasSize(2);
    assertThat(waits).singleElement().satisfies(wait -> assertThat(wait).isBetween(Duration.ofSeconds(18), Duration.ofSeconds(21)));
  }

  @Test
  void aResetGivenInSecondsFromNowIsWaitedForAsSuch() {
    answers.add(new Answer(429, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", "2"), "{\"success\":false}"));
    answers.add(new Answer(200, Map.of(), "{}"));

    client().send(ApiRequest.get("/x"));

    assertThat(waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void aSpentRequestWindowIsWaitedForWhole() {
    // Trello: over the token's 100 requests per 10 s; the key's window still has room.
    answers.add(new Answer(429, Map.of(
        "x-rate-limit-api-token-interval-ms", "10000", "x-rate-limit-api-token-max", "100",
        "x-rate-limit-api-token-remaining", "0",
        "x-rate-limit-api-key-interval-ms", "10000", "x-rate-limit-api-key-remaining", "140"),
        "{\"error\":\"API_TOKEN_LIMIT_EXCEEDED\",\"message\":\"Rate limit exceeded\"}"));
    answers.add(new Answer(200, Map.of("x-rate-limit-api-token-remaining", "99"), "{}"));

    client().send(ApiRequest.get("/x"));

    assertThat(seen).hasSize(2);
    assertThat(waits).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void aRequestWindowWithRoomLeftIsNotWaitedFor() {
    answers.add(new Answer(429, Map.of("x-rate-limit-api-token-interval-ms", "10000",
        "x-rate-limit-api-token-remaining", "3"), ""));
    answers.add(new Answer(200, Map.of(), "{}"));

    client().send(ApiRequest.get("/x"));

    assertThat(waits).singleElement().satisfies(wait -> assertThat(wait).isLessThan(Duration.ofSeconds(1)));
  }

  @Test
  void aForbiddenAnswerWithQuotaLeftIsAPermissionProblem() {
    answers.add(new Answer(403, Map.of("x-ratelimit-remaining", "4998"), "{\"message\":\"Resource not accessible by integration\"}"));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/x")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.FORBIDDEN))
        .hasMessageContaining("Resource not accessible by integration");
    assertThat(waits).isEmpty();
  }

  @Test
  void aQuotaResetBeyondTheLongestWaitEndsAsRateLimitedWithTheTime() {
    long reset = java.time.Instant.now().getEpochSecond() + 3600;
    answers.add(new Answer(429, Map.of("x-ratelimit-remaining", "0", "x-ratelimit-reset", String.valueOf(reset)), ""));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/x")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
          assertThat(e.retryAfter().orElseThrow()).isBetween(Duration.ofSeconds(3595), Duration.ofSeconds(3601));
        })
        .hasMessageContaining("is limiting requests (HTTP 429)");
    assertThat(waits).isEmpty();
  }

  @Test
  void retryAfterLongerThanTheClientWaitsEndsAsRateLimitedWithTheTime() {
    answers.add(new Answer(429, Map.of("Retry-After", "3600"), ""));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/x")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).hasValue(Duration.ofHours(1));
        })
        .hasMessageContaining("Try again after 3600 s");
    assertThat(waits).isEmpty();
  }

  @Test
  void rejectedCredentialsAreReportedWithoutRetryAndWithoutTheKey() {
    answers.add(new Answer(401, Map.of(), "{\"error\":\"invalid key k-secret-123\"}"));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/x")))
        .isInstanceOfSatisfying(ConnectorException.class,
            e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
        .hasMessageNotContaining("k-secret-123");
    assertThat(seen).hasSize(1);
  }

  @Test
  void appValidationErrorsCarryTheAppsMessageWithSecretsBlanked() {
    answers.add(new Answer(422, Map.of(), "{\"errors\":[\"Subject cannot be blank\"],\"echo\":\"k-secret-123\"}"));

    assertThatThrownBy(() -> client().send(new ApiRequest("POST", "/issues.json", Map.of(), Map.of(), Map.of("issue", Map.of()))))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
        .hasMessage("The app rejected POST /api/issues.json (HTTP 422): {\"errors\":[\"Subject cannot be blank\"],\"echo\":\"[redacted]\"}.");
  }

  @Test
  void loopbackIsRefusedUnlessTheConnectorMayUseTheLocalNetwork() {
    assertThatThrownBy(() -> client(AddressPolicy.PUBLIC_ONLY, 1024).send(ApiRequest.get("/x")))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("Refused to call 127.0.0.1 (127.0.0.1): it is an address of the server's own network");
    assertThat(seen).isEmpty();
  }

  @Test
  void internalAddressesAreRecognised() throws Exception {
    for (String internal : List.of("10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "127.0.0.1", "::1", "fd00::1", "100.64.0.1", "0.0.0.0")) {
      assertThat(AddressPolicy.isInternal(java.net.InetAddress.getByName(internal))).as(internal).isTrue();
    }
    assertThat(AddressPolicy.isInternal(java.net.InetAddress.getByName("93.184.216.34"))).isFalse();
  }

  @Test
  void answersOverTheSizeLimitAreRefused() {
    answers.add(new Answer(200, Map.of(), "{\"data\":\"" + "x".repeat(2000) + "\"}"));

    assertThatThrownBy(() -> client(AddressPolicy.ALLOW_PRIVATE, 1024).send(ApiRequest.get("/x")))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("answer is larger than");
  }

  @Test
  void anAnswerWithoutABodyIsNotRefusedForTheLengthItDeclares() {
    server.createContext("/api/head", exchange -> {
      seen.add(exchange);
      exchange.getResponseHeaders().add("Content-Length", "5000000");
      exchange.sendResponseHeaders(200, -1); // a HEAD answer: the resource's length, no body
      exchange.close();
    });

    var response = client(AddressPolicy.ALLOW_PRIVATE, 1024)
        .send(new ApiRequest("HEAD", "/head", Map.of(), Map.of(), null));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().get("content-length")).containsExactly("5000000");
    assertThat(response.data()).isNull();
  }

  @Test
  void chunkedAnswersOverTheSizeLimitAreRefusedOnceTheyPassIt() {
    answers.add(new Answer(200, Map.of(CHUNKED, "yes"), "{\"data\":\"" + "x".repeat(200_000) + "\"}"));

    assertThatThrownBy(() -> client(AddressPolicy.ALLOW_PRIVATE, 1024).send(ApiRequest.get("/x")))
        .isInstanceOf(ConnectorException.class)
        .hasMessageContaining("answer is larger than")
        .satisfies(e -> assertThat(((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.REJECTED));
    assertThat(seen).hasSize(1); // refused, not retried
  }

  @Test
  void answersOfManyBuffersArriveWholeWithOrWithoutTheirLength() {
    String large = "{\"items\":[" + "{\"id\":\"1\",\"name\":\"é ünïcode\"},".repeat(5_000) + "{\"id\":\"last\"}]}";
    answers.add(new Answer(200, Map.of(CHUNKED, "yes"), large));
    answers.add(new Answer(200, Map.of(), large));

    for (int i = 0; i < 2; i++) {
      Object data = client().send(ApiRequest.get("/x")).data();
      assertThat(data).isInstanceOf(Map.class);
      List<?> items = (List<?>) ((Map<?, ?>) data).get("items");
      assertThat(items).hasSize(5_001);
      assertThat(items.get(0)).isEqualTo(Map.of("id", "1", "name", "é ünïcode"));
      assertThat(items.get(5_000)).isEqualTo(Map.of("id", "last"));
    }
  }

  @Test
  void rateBudgetMakesTheRequestAfterTheBurstWait() throws Exception {
    long[] now = {0};
    var budget = new RateBudget(2, () -> now[0]);
    List<Duration> budgetWaits = new ArrayList<>();
    budget.acquire(budgetWaits::add);
    budget.acquire(budgetWaits::add);
    budget.acquire(budgetWaits::add);

    assertThat(budgetWaits).containsExactly(Duration.ofMillis(500));
  }
}
