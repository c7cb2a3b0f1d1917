package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.testing.RunningServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input gets a 4xx JSON answer that names the value, the rule and what to do. */
class BadInputIT {

  static RunningServer server;
  static String admin;

  @BeforeAll
  static void start() {
    server = RunningServer.start(ServerSettings.defaults().withMaxRequestSize(4096));
    admin = server.adminToken();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void malformedJsonSaysWhere() {
    var answer = server.post("/integrations", admin, "{\"key\": \"jira\",");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.type()).isEqualTo("invalid-input");
    assertThat(answer.json().path("message").asString()).startsWith("The request body is not valid JSON (line 1, column");
  }

  @Test
  void wrongTypesMissingAndUnknownFieldsAreEachNamed() {
    var answer = server.post("/integrations", admin, "{\"connectorKey\": 5, \"nmae\": \"Jira\"}");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("details").propertyNames()).containsExactlyInAnyOrder("key", "connectorKey", "nmae");
    assertThat(answer.json().path("details").path("key").get(0).asString()).isEqualTo("A value is required.");
    assertThat(answer.json().path("details").path("connectorKey").get(0).asString()).contains("string expected");
    assertThat(answer.json().path("message").asString()).startsWith("Invalid request body (3 fields need attention).");
  }

  @Test
  void invalidKeyNamesTheValueAndTheRule() {
    var answer = server.post("/integrations", admin, "{\"key\": \"bad key\", \"connectorKey\": \"jira\"}");
    assertThat(answer.json().path("details").path("key").get(0).asString())
        .isEqualTo("Invalid value \"bad key\": must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$ (keys are 1 to 100"
            + " letters, digits, '-', '_' or '.').");
  }

  @Test
  void emptyBodyIsRefused() {
    var answer = server.send("POST", "/customers", admin, "");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.json().path("message").asString()).startsWith("The request body is empty.");
  }

  @Test
  void bodyOverTheSizeLimitIsRefusedWith413() {
    var answer = server.post("/customers", admin, "{\"internalId\": \"" + "x".repeat(5000) + "\"}");
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.type()).isEqualTo("payload-too-large");
    assertThat(answer.json().path("message").asString()).contains("limit of 4096 bytes");
  }

  @Test
  void unknownSelectorIsNotFound() {
    var answer = server.get("/integrations/nope", admin);
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().path("message").asString()).isEqualTo("No integration \"nope\" in this workspace. List"
        + " integrations with GET /integrations, or create one with POST /integrations.");
  }

  @Test
  void limitOutOfRangeAndBadFlagAreRefused() {
    var limit = server.get("/customers?limit=5000", admin);
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.json().path("details").path("limit")).isNotEmpty();
    var flag = server.get("/integrations?limit=x", admin);
    assertThat(flag.status()).isEqualTo(400);
    var secrets = server.get("/connections/x?includeSecrets=maybe", admin);
    assertThat(secrets.status()).isIn(400, 404);
  }

  @Test
  void unknownRouteAndWrongMethodAnswerJson() {
    assertThat(server.get("/no-such-thing", admin).type()).isEqualTo("route-not-found");
    assertThat(server.send("DELETE", "/health", null, null).type()).isEqualTo("method-not-allowed");
  }

  @Test
  void everyAnswerCarriesARequestIdAndKeepsASafeOneGiven() {
    var answer = server.get("/no-such-thing", admin);
    String id = answer.headers().firstValue("X-Request-Id").orElseThrow();
    assertThat(answer.json().path("requestId").asString()).isEqualTo(id);
  }
}
