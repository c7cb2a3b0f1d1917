package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.http.Api;
import dev.tributary.server.testing.RunningServer;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** /openapi.json describes every route the server answers; /metrics and /health work. */
class OperationsIT {

  static RunningServer server;

  @BeforeAll
  static void start() {
    server = RunningServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void apiDescriptionListsEveryRouteWithItsMethod() {
    JsonNode paths = server.get("/openapi.json", null).json().path("paths");

    assertThat(server.server().api().routes()).isNotEmpty().allSatisfy(route ->
        assertThat(paths.path(route.path()).has(route.method().name().toLowerCase(Locale.ROOT)))
            .as(route.method() + " " + route.path()).isTrue());
    assertThat(paths.propertyNames()).contains("/health", "/metrics", "/openapi.json", "/integrations",
        "/integrations/{integration}", "/customers", "/customers/{customer}", "/connections", "/connections/{connection}");
  }

  @Test
  void everyDescribedRouteIsAnsweredByTheServer() {
    JsonNode paths = server.get("/openapi.json", null).json().path("paths");
    String admin = server.adminToken();
    for (String path : paths.propertyNames()) {
      for (String method : paths.path(path).propertyNames()) {
        String concrete = path.replaceAll("\\{[^}]+}", "does-not-exist");
        var answer = server.send(method.toUpperCase(Locale.ROOT), concrete, admin, method.equals("get") || method.equals("delete") ? null : "{}");
        assertThat(answer.type()).as(method + " " + path).isNotIn("route-not-found", "method-not-allowed", "internal");
      }
    }
  }

  @Test
  void requestBodiesAreDescribedWithTheSchemasThatCheckThem() {
    JsonNode create = server.get("/openapi.json", null).json().path("paths").path("/integrations").path("post");
    JsonNode schema = create.path("requestBody").path("content").path("application/json").path("schema");
    assertThat(schema.path("required")).extracting(JsonNode::asString).containsExactlyInAnyOrder("key", "connectorKey");
    assertThat(create.path("security").get(0).has("bearer")).isTrue();
  }

  @Test
  void metricsNeedAnAdminAndCountRequestsByRouteTemplate() {
    server.get("/integrations/some-id", server.adminToken());

    assertThat(server.get("/metrics", null).status()).isEqualTo(401);
    var metrics = server.get("/metrics", server.adminToken());
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(metrics.body()).contains("http_server_requests_seconds_count{method=\"GET\",route=\"/integrations/{integration}\",status=\"404\"}")
        .contains("jvm_memory_used_bytes");
  }

  @Test
  void everyRequestIsLoggedWithItsRequestId() {
    var logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.tributary.access");
    var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
    appender.start();
    logger.addAppender(appender);
    var previousLevel = logger.getLevel();
    logger.setLevel(ch.qos.logback.classic.Level.INFO);
    try {
      var answer = server.get("/integrations/nope", server.adminToken());
      String requestId = answer.headers().firstValue("X-Request-Id").orElseThrow();

      assertThat(appender.list).anySatisfy(event -> {
        assertThat(event.getMDCPropertyMap()).containsEntry("requestId", requestId);
        assertThat(event.getFormattedMessage()).isEqualTo("GET /integrations/nope -> 404 in "
            + event.getFormattedMessage().replaceAll(".* in (\\d+) ms.*", "$1") + " ms (route /integrations/{integration})");
      });
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(previousLevel);
    }
  }

  @Test
  void healthReportsTheDatabase() {
    var health = server.get("/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("checks").path("database").asString()).isEqualTo("ok");
  }

  @Test
  void routeSummariesAreWrittenForPeople() {
    assertThat(server.server().api().routes()).extracting(Api.Route::summary).allMatch(summary -> !summary.isBlank());
  }
}
