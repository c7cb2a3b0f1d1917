package dev.tributary.testkit.replay;

import java.util.Objects;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/** Deliberately wrong copies of valid exchanges, for tests that check the validator rejects them. */
final class Variants {

  private Variants() {}

  /** {@code exchange} with its JSON response body changed by {@code change}. */
  static Exchange withResponseBody(Exchange exchange, Consumer<JsonNode> change) {
    JsonNode body = SpecReader.JSON.readTree(Objects.requireNonNull(exchange.response().body()));
    change.accept(body);
    var response = exchange.response();
    return new Exchange(exchange.fixture(), exchange.index(), exchange.name(), exchange.vendor(), exchange.operation(),
        exchange.request(), new RecordedResponse(response.status(), response.headers(), SpecReader.JSON.writeValueAsString(body)));
  }

  /** {@code exchange} with the request sent to {@code path} instead. */
  static Exchange withPath(Exchange exchange, String path) {
    var request = exchange.request();
    return new Exchange(exchange.fixture(), exchange.index(), exchange.name(), exchange.vendor(), exchange.operation(),
        new RecordedRequest(request.method(), path, request.query(), request.headers(), request.body()), exchange.response());
  }

  /** {@code exchange} pinned to {@code operation}. */
  static Exchange withOperation(Exchange exchange, String operation) {
    return new Exchange(exchange.fixture(), exchange.index(), exchange.name(), exchange.vendor(), operation,
        exchange.request(), exchange.response());
  }
}
