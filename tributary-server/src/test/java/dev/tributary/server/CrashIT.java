package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.server.auth.TokenIssuer;
import dev.tributary.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The event guarantees hold when the server process is killed with SIGKILL: a full scan cut short
 * neither loses nor repeats a change and reports no false deletion, and the pull the dead process
 * left running neither blocks the next one nor stays "running".
 */
class CrashIT {

  static final String WORKSPACE_KEY = "crash-workspace";
  static final String WORKSPACE_SECRET = "crash-secret-0123456789-0123456789-0123456789-0123456789-abcdef";
  static final int PAGE = 20;

  @TempDir Path dataDir;
  @TempDir Path connectorsDir;

  final TokenIssuer issuer = new TokenIssuer(WORKSPACE_KEY, WORKSPACE_SECRET);
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  final AppWithPages app = new AppWithPages();
  @Nullable Process server;
  int port;

  @AfterEach
  void stop() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly().waitFor();
    }
    app.http.stop(0);
  }

  @Test
  void aFullScanKilledOnItsThirdPageLosesAndRepeatsNothingAndReportsNoFalseDeletion() throws Exception {
    for (int i = 1; i <= 100; i++) {
      app.put(id(i), "record " + i);
    }
    writeConnector();
    port = freePort();
    startServer();
    String admin = issuer.admin(Instant.now(), Duration.ofHours(1));
    String customer = issuer.customer("acme", null, null, Instant.now(), Duration.ofHours(1));
    assertThat(call("POST", "/integrations", admin, "{\"key\":\"crash-app\",\"connectorKey\":\"crash-app\","
        + "\"parameters\":{\"allowLocalNetwork\":true}}").statusCode()).isEqualTo(201);
    String connection = json(call("POST", "/connections", customer, "{\"integrationKey\":\"crash-app\",\"credentials\":{}}"))
        .path("id").asString();
    JsonNode subscribed = json(call("POST", "/external-event-subscriptions", customer,
        "{\"connectionId\":\"" + connection + "\",\"collectionKey\":\"items\"}"));
    String subscription = subscribed.path("id").asString();
    assertThat(subscribed.path("implementationType").asString()).as(subscribed.toString()).isEqualTo("full-scan");
    await().atMost(Duration.ofSeconds(30)).until(() -> pulls(customer, subscription).findValuesAsString("status").contains("succeeded"));

    app.put(id(10), "changed on page 1");
    app.put(id(50), "changed on page 3");
    app.put(id(90), "changed on page 5");
    app.remove(id(5));
    app.remove(id(95));
    app.put(id(101), "new");
    app.put(id(102), "new");

    app.blockThirdPage();
    CompletableFuture<HttpResponse<String>> cut = CompletableFuture.supplyAsync(
        () -> call("POST", "/external-event-subscriptions/" + subscription + "/pull-events", customer, "{}"));
    assertThat(app.thirdPageAsked.await(30, TimeUnit.SECONDS)).as("the scan reached its third page").isTrue();
    // The scan reads ahead of what it compares: kill it once the two pages read before the third have committed.
    await().atMost(Duration.ofSeconds(30)).until(() -> pulls(customer, subscription).findValuesAsString("pages").contains("2"));
    server.destroyForcibly().waitFor();
    app.release.countDown();
    assertThat(cut).failsWithin(Duration.ofSeconds(30));

    startServer();
    assertThat(events(customer, subscription)).as(() -> "what the pages before the kill committed; the app was asked " + app.asked)
        .containsExactly("data-record-updated " + id(10));
    JsonNode interrupted = pulls(customer, subscription).get(1);
    assertThat(interrupted.path("status").asString()).as(interrupted.toString()).isEqualTo("failed");
    assertThat(interrupted.toString()).contains("Interrupted: the server stopped during this pull");

    JsonNode again = json(call("POST", "/external-event-subscriptions/" + subscription + "/pull-events", customer, "{}"));
    assertThat(again.path("status").asString()).as(again.toString()).isEqualTo("succeeded");
    JsonNode once = json(call("POST", "/external-event-subscriptions/" + subscription + "/pull-events", customer, "{}"));
    assertThat(once.path("events").asInt()).as(once.toString()).isZero();

    assertThat(events(customer, subscription)).containsExactlyInAnyOrder(
        "data-record-updated " + id(10), "data-record-updated " + id(50), "data-record-updated " + id(90),
        "data-record-created " + id(101), "data-record-created " + id(102),
        "data-record-deleted " + id(5), "data-record-deleted " + id(95));
  }

  @Test
  void aBatchInFlightWhenTheServerIsKilledIsSentAgainAndNoEventIsLost() throws Exception {
    for (int i = 1; i <= 30; i++) {
      app.put(id(i), "record " + i);
    }
    writeConnector();
    port = freePort();
    startServer();
    String admin = issuer.admin(Instant.now(), Duration.ofHours(1));
    String customer = issuer.customer("acme", null, null, Instant.now(), Duration.ofHours(1));
    call("POST", "/integrations", admin, "{\"key\":\"crash-app\",\"connectorKey\":\"crash-app\","
        + "\"parameters\":{\"allowLocalNetwork\":true}}");
    String connection = json(call("POST", "/connections", customer, "{\"integrationKey\":\"crash-app\",\"credentials\":{}}"))
        .path("id").asString();
    String subscription = json(call("POST", "/external-event-subscriptions", customer,
        "{\"connectionId\":\"" + connection + "\",\"collectionKey\":\"items\"}")).path("id").asString();
    await().atMost(Duration.ofSeconds(30)).until(() -> pulls(customer, subscription).findValuesAsString("status").contains("succeeded"));
    var sink = new Sink();
    try {
      json(call("PUT", "/event-delivery/webhook", admin, "{\"url\":\"http://127.0.0.1:" + sink.http.getAddress().getPort() + "/events\"}"));
      app.put(id(3), "changed");
      app.remove(id(7));
      app.put(id(31), "new");
      assertThat(json(call("POST", "/external-event-subscriptions/" + subscription + "/pull-events", customer, "{}"))
          .path("events").asInt()).isEqualTo(3);
      List<String> logged = new ArrayList<>();
      json(call("GET", "/events?subscriptionId=" + subscription, customer, null)).path("items")
          .forEach(event -> logged.add(event.path("id").asString()));

      assertThat(sink.firstBatchHeld.await(30, TimeUnit.SECONDS)).as("the first batch reached the sink").isTrue();
      server.destroyForcibly().waitFor();
      sink.release.countDown();
      startServer();

      await().atMost(Duration.ofSeconds(30)).until(() -> sink.batches.size() >= 2);
      // Delivery may start while the pull still commits its pages: the batch in flight is the log's beginning.
      assertThat(sink.batches.getFirst()).as("the batch in flight").isNotEmpty();
      assertThat(logged).as("the log").startsWith(sink.batches.getFirst().toArray(String[]::new));
      List<String> afterRestart = sink.batches.subList(1, sink.batches.size()).stream().flatMap(List::stream).toList();
      assertThat(afterRestart).as("sent again after the restart, in order, with the same ids").isEqualTo(logged);
    } finally {
      sink.http.stop(0);
    }
  }

  // ---- the server process

  private void startServer() throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path jar = Path.of("target", "tributary.jar").toAbsolutePath();
    assertThat(jar).as("failsafe runs after package, which builds the jar").exists();
    var builder = new ProcessBuilder(java.toString(), "-Xmx256m", "-jar", jar.toString(), "serve", "--port", String.valueOf(port),
        "--host", "127.0.0.1", "--data-dir", dataDir.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("server.log").toFile()));
    builder.environment().put("TRIBUTARY_WORKSPACE_KEY", WORKSPACE_KEY);
    builder.environment().put("TRIBUTARY_WORKSPACE_SECRET", WORKSPACE_SECRET);
    builder.environment().put("TRIBUTARY_CONNECTORS_DIR", connectorsDir.toString());
    server = builder.start();
    Process started = server;
    await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(200)).until(() -> {
      assertThat(started.isAlive()).as(() -> "the server stopped: " + log()).isTrue();
      try {
        return call("GET", "/health", null, null).statusCode() == 200;
      } catch (UncheckedIOException e) {
        return false;
      }
    });
  }

  private String log() {
    try {
      return Files.readString(dataDir.resolve("server.log"));
    } catch (IOException e) {
      return e.toString();
    }
  }

  private HttpResponse<String> call(String method, String path, @Nullable String token, @Nullable String body) {
    var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    return Json.MAPPER.readTree(response.body());
  }

  private JsonNode pulls(String customer, String subscription) {
    return json(call("GET", "/external-event-pulls?subscriptionId=" + subscription, customer, null)).path("items");
  }

  /** Every event of the subscription in the log, as "type recordId", reading page after page. */
  private List<String> events(String customer, String subscription) {
    List<String> found = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page = json(call("GET", "/external-event-log-records?subscriptionId=" + subscription
          + (cursor.isEmpty() ? "" : "&cursor=" + cursor), customer, null));
      page.path("items").forEach(event -> found.add(event.path("type").asString() + " " + event.path("recordId").asString()));
      cursor = page.path("items").isEmpty() ? "" : page.path("cursor").asString("");
    } while (!cursor.isEmpty());
    return found;
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String id(int n) {
    return "r%03d".formatted(n);
  }

  private void writeConnector() throws IOException {
    Path folder = connectorsDir.resolve("crash-app");
    Files.createDirectories(folder.resolve("data/root"));
    Files.createDirectories(folder.resolve("data/items"));
    Files.writeString(folder.resolve("connector.yaml"), "key: crash-app\nname: Crash app\nversion: 1.0.0\nbaseUri: http://127.0.0.1:"
        + app.http.getAddress().getPort() + "\nlocal: true\nauth: {type: none}\nroot: root\n");
    Files.writeString(folder.resolve("data/root/spec.yaml"), "type: directory\nname: Root\nlocations: [{key: items, name: Items}]\n");
    Files.writeString(folder.resolve("data/items/spec.yaml"), "type: collection\nname: Items\n"
        + "fieldsSchema: {type: object, properties: {id: {type: string}, name: {type: string}}}\nmethods: {list: {}}\n");
    Files.writeString(folder.resolve("data/items/list.rest.yaml"), "path: /items\n"
        + "pagination: {type: cursor, pageSize: " + PAGE + ", cursorParameter: after}\n"
        + "responseMapping:\n  records: {$var: $.response.data.items}\n  cursor: {$var: $.response.data.next_cursor}\n");
  }

  /** A webhook receiver that holds its answer to the first batch until released, and keeps every batch's event ids. */
  static final class Sink {
    final HttpServer http;
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch firstBatchHeld = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    Sink() throws IOException {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      http.setExecutor(Executors.newCachedThreadPool());
      http.createContext("/events", this::receive);
      http.start();
    }

    private void receive(HttpExchange exchange) throws IOException {
      List<String> ids = new ArrayList<>();
      Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()).forEach(event -> ids.add(event.path("id").asString()));
      batches.add(ids);
      if (batches.size() == 1) {
        firstBatchHeld.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      try {
        exchange.sendResponseHeaders(200, -1);
      } catch (IOException e) {
        // the server was killed while this batch was held: nobody reads the answer
      }
      exchange.close();
    }
  }

  /**
   * An app listing its records in id order, {@value #PAGE} a page, the next page after a cursor (the
   * last id of the page before). Armed, it holds its answer to the third page of a listing until released.
   */
  static final class AppWithPages {
    final HttpServer http;
    final TreeMap<String, String> records = new TreeMap<>();
    final Map<String, Integer> pageNumbers = new ConcurrentHashMap<>();
    final List<String> asked = new CopyOnWriteArrayList<>();
    volatile boolean blocking;
    final CountDownLatch thirdPageAsked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    AppWithPages() {
      try {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      http.setExecutor(Executors.newCachedThreadPool());
      http.createContext("/items", this::list);
      http.start();
    }

    synchronized void put(String id, String name) {
      records.put(id, name);
    }

    synchronized void remove(String id) {
      records.remove(id);
    }

    void blockThirdPage() {
      blocking = true;
    }

    private void list(HttpExchange exchange) throws IOException {
      String query = exchange.getRequestURI().getQuery();
      String after = query != null && query.contains("after=") ? query.replaceAll(".*after=([^&]*).*", "$1") : "";
      asked.add(exchange.getRequestURI().toString());
      int page = after.isEmpty() ? 1 : pageNumbers.getOrDefault(after, 0) + 1;
      if (blocking && page == 3) {
        thirdPageAsked.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        blocking = false;
      }
      List<Map<String, String>> items = new ArrayList<>();
      String next;
      synchronized (this) {
        var rest = records.tailMap(after, false);
        for (var record : rest.entrySet()) {
          if (items.size() == PAGE) {
            break;
          }
          items.add(Map.of("id", record.getKey(), "name", record.getValue()));
        }
        next = items.size() == PAGE && rest.size() > PAGE ? items.getLast().get("id") : null;
        if (next != null) {
          pageNumbers.put(next, page);
        }
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("items", items);
      body.put("next_cursor", next);
      byte[] bytes = Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      try {
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      } catch (IOException e) {
        // the server was killed while this page was held: nobody reads the answer
      }
      exchange.close();
    }
  }
}
