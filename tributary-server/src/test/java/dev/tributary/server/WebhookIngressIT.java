package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.Connectors;
import dev.tributary.engine.events.EventStrategy;
import dev.tributary.engine.events.StrategyCollection;
import dev.tributary.server.testing.RunningServer;
import dev.tributary.testkit.fake.FakeConnector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An app calling a subscription's webhook address over HTTP: handshakes are answered, signed calls
 * become events, forged ones are refused without harming the connection, unknown addresses are 404.
 */
class WebhookIngressIT {

  static final HttpClient HTTP = HttpClient.newHttpClient();
  static FakeConnector app;
  static RunningServer server;
  static String customer;
  static String connection;

  @BeforeAll
  static void start() {
    app = FakeConnector.builder("hooks-app").collection("tasks", "title").build();
    var tasks = new StrategyCollection(app.collection("tasks"), EventStrategy.WEBHOOK, true);
    server = RunningServer.withConnector(Connectors.withCollection(app, tasks));
    server.post("/integrations", server.adminToken(), "{\"key\":\"hooks\",\"connectorKey\":\"hooks-app\"}");
    customer = server.customerToken("hooked");
    connection = server.post("/connections", customer, "{\"integrationKey\":\"hooks\"}").json().path("id").asString();
    tasks.create(null, Map.of("title", "First"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> call(String uri, Map<String, String> headers, String body) throws Exception {
    var request = HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAppsCallsReachTheSubscriptionThroughItsUnguessableAddress() throws Exception {
    JsonNode subscription = server.post("/external-event-subscriptions", customer,
        "{\"connectionId\":\"" + connection + "\",\"collectionKey\":\"tasks\"}").json();
    assertThat(subscription.path("implementationType").asString()).isEqualTo("webhook");
    assertThat(subscription.path("isRealTime").asBoolean()).isTrue();
    assertThat(subscription.path("requiresPull").asBoolean()).isFalse();
    String uri = subscription.path("webhookUri").asString();
    assertThat(uri).matches("http://localhost:\\d+/webhooks/[A-Za-z0-9_-]{43}");
    String id = subscription.path("id").asString();

    HttpResponse<String> handshake = call(uri, Map.of("X-Hook-Secret", "s3"), "");
    assertThat(handshake.statusCode()).isEqualTo(200);
    assertThat(handshake.headers().firstValue("X-Hook-Secret")).contains("s3");

    app.collection("tasks").update(null, "1", Map.of("title", "Pushed"));
    assertThat(call(uri, Map.of("X-Signature", StrategyCollection.sign("updated 1")), "updated 1").statusCode()).isEqualTo(200);
    JsonNode events = server.get("/events?subscriptionId=" + id, customer).json().path("items");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("type").asString()).isEqualTo("data-record-updated");
    assertThat(events.get(0).path("data").path("record").path("fields").path("title").asString()).isEqualTo("Pushed");

    // The feed's cursor continues after the last event, and a long poll returns as soon as one comes.
    String cursor = server.get("/events?subscriptionId=" + id, customer).json().path("cursor").asString();
    JsonNode atTheEnd = server.get("/events?subscriptionId=" + id + "&cursor=" + cursor, customer).json();
    assertThat(atTheEnd.path("items")).isEmpty();
    assertThat(atTheEnd.path("cursor").asString()).isEqualTo(cursor);
    var waiting = java.util.concurrent.CompletableFuture.supplyAsync(() ->
        server.get("/events?subscriptionId=" + id + "&cursor=" + cursor + "&wait=30", customer).json());
    app.collection("tasks").update(null, "1", Map.of("title", "Pushed again"));
    assertThat(call(uri, Map.of("X-Signature", StrategyCollection.sign("updated 1")), "updated 1").statusCode()).isEqualTo(200);
    JsonNode arrived = waiting.get(60, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(arrived.path("items")).hasSize(1);
    assertThat(arrived.path("items").get(0).path("data").path("record").path("fields").path("title").asString()).isEqualTo("Pushed again");
    assertThat(server.get("/events?wait=31", customer).status()).isEqualTo(400);

    HttpResponse<String> forged = call(uri, Map.of("X-Signature", "forged"), "deleted 1");
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(server.get("/events?subscriptionId=" + id, customer).json().path("items")).hasSize(2);
    assertThat(server.get("/connections/" + connection, customer).json().path("state").asString()).isEqualTo("READY");

    assertThat(call(uri.substring(0, uri.lastIndexOf('/') + 1) + "not-a-subscription", Map.of(), "updated 1").statusCode())
        .isEqualTo(404);
    assertThat(server.get("/openapi.json", null).json().path("paths").has("/webhooks/{ingressId}")).isTrue();
  }
}
