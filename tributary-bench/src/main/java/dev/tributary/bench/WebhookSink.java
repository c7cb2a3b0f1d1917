package dev.tributary.bench;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.engine.events.EventDelivery;
import dev.tributary.engine.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A webhook receiver in the benchmark's process: checks each call's signature as a receiver would,
 * reads the batch and keeps the event ids in the order they came, and answers 204.
 */
final class WebhookSink implements AutoCloseable {

  private final HttpServer server;
  private final List<String> ids = new ArrayList<>();
  private volatile String secret = "";
  private int calls;
  private int badSignatures;

  WebhookSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/events", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String signature = exchange.getRequestHeaders().getFirst(EventDelivery.SIGNATURE_HEADER);
        List<?> events = Json.MAPPER.readValue(body, List.class);
        synchronized (this) {
          calls++;
          if (signature == null || !signature.endsWith(",v1=" + EventDelivery.sign(secret,
              signature.substring(2, signature.indexOf(',')) + "." + body))) {
            badSignatures++;
          }
          events.forEach(event -> ids.add((String) ((Map<?, ?>) event).get("id")));
        }
        exchange.sendResponseHeaders(204, -1);
      }
    });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
  }

  void secret(String signingSecret) {
    this.secret = signingSecret;
  }

  /** The ids received so far, in order, and forgets them. */
  synchronized List<String> drain() {
    List<String> received = List.copyOf(ids);
    ids.clear();
    calls = 0;
    return received;
  }

  synchronized int calls() {
    return calls;
  }

  synchronized int badSignatures() {
    return badSignatures;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
