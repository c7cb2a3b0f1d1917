package dev.tributary.testkit.replay;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP server on a free loopback port that answers with recorded exchanges, for connector tests.
 *
 * <p>{@link #start} first validates every exchange against its vendor's API description and
 * refuses to start if any is invalid, so a test can only ever replay answers the vendor could have
 * given. Each request is answered by the first unused exchange whose method, path, query
 * parameters, listed headers and body match (see {@code docs/testkit.md}); identical requests are
 * answered by successive exchanges, which is how pages or a 429 followed by a 200 are recorded. A
 * request that matches nothing is answered {@value #NO_MATCH_STATUS} with a plain-text body
 * naming the closest exchanges and how each differs.
 *
 * <p>Responses carry the vendor's own URLs (a {@code Link} header, a {@code self} field) with the
 * vendor's origin (e.g. {@code https://api.github.com}) replaced by {@link #baseUri()}, so a client
 * that follows them stays on the replay server.
 *
 * <pre>{@code
 * try (var server = ReplayServer.start(Fixtures.fromClasspath("fixtures/github/issues.yaml"))) {
 *   var issues = new GitHubClient(server.baseUri(), "test-token").issues("octocat", "hello-world");
 *   assertThat(issues).hasSize(3);
 *   server.assertAllExchangesUsed();
 * }
 * }</pre>
 *
 * <p>Safe to call from any thread; requests are served on virtual threads.
 */
public final class ReplayServer implements AutoCloseable {

  /** The status of the answer to a request that matches no exchange; no vendor sends it. */
  public static final int NO_MATCH_STATUS = 599;

  /** Headers the server computes itself; a recorded value would be wrong after rewriting. */
  private static final Set<String> COMPUTED_HEADERS = caseInsensitive("Content-Length", "Transfer-Encoding", "Connection");

  private final HttpServer server;
  private final ExecutorService executor;
  private final ExchangeMatcher matcher;
  private final URI baseUri;
  private final Map<String, String> originByVendor;

  private ReplayServer(List<Exchange> exchanges, Map<String, String> originByVendor) throws IOException {
    this.matcher = new ExchangeMatcher(exchanges);
    this.originByVendor = Map.copyOf(originByVendor);
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    this.baseUri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
  }

  /**
   * Validates {@code exchanges} against the descriptions of {@link VendorSpecs#fromEnvironment()}
   * and starts serving them.
   *
   * @throws InvalidFixtureException if any exchange does not match its vendor's description; the
   *     server does not start
   * @throws AssertionError if a vendor's description is missing and {@code CI=true}; elsewhere the
   *     calling test is skipped instead (see {@link VendorSpecs})
   */
  public static ReplayServer start(List<Exchange> exchanges) {
    return start(exchanges, VendorSpecs.fromEnvironment());
  }

  /** As {@link #start(List)}, with the descriptions of {@code specs}. */
  public static ReplayServer start(List<Exchange> exchanges, VendorSpecs specs) {
    Objects.requireNonNull(exchanges, "exchanges == null");
    new FixtureValidator(specs).validate(exchanges);
    var originByVendor = new HashMap<String, String>();
    exchanges.forEach(e -> originByVendor.computeIfAbsent(e.vendor(), vendor -> specs.spec(vendor).origin()));
    try {
      return new ReplayServer(exchanges, originByVendor);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the replay server on a loopback port: " + e.getMessage(), e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash: the base URL to give the client. */
  public URI baseUri() {
    return baseUri;
  }

  /** The exchanges that answered a request, in the order they did. */
  public List<Exchange> usedExchanges() {
    return matcher.used();
  }

  /** The exchanges that have not answered yet, in fixture order. */
  public List<Exchange> unusedExchanges() {
    return matcher.unused();
  }

  /** The requests that matched no exchange (answered {@value #NO_MATCH_STATUS}), in arrival order. */
  public List<ReceivedRequest> unmatchedRequests() {
    return matcher.unmatched();
  }

  /**
   * Fails unless every exchange answered a request: a recorded exchange that was not used means the
   * client did less than the test expects (a page it did not fetch, a retry it did not make).
   *
   * @throws AssertionError naming the unused exchanges, and the requests that matched nothing
   */
  public void assertAllExchangesUsed() {
    List<Exchange> unused = matcher.unused();
    if (unused.isEmpty()) {
      return;
    }
    var text = new StringBuilder()
        .append(unused.size()).append(" of ").append(unused.size() + matcher.used().size())
        .append(" recorded exchanges were not used:");
    unused.forEach(e -> text.append("\n  - ").append(e.label()));
    List<ReceivedRequest> unmatched = matcher.unmatched();
    if (!unmatched.isEmpty()) {
      text.append("\nThese requests matched no exchange: ")
          .append(unmatched.stream().map(ReceivedRequest::toString).collect(Collectors.joining(", ")));
    }
    throw new AssertionError(text.append("\nThe client made fewer or other requests than were recorded.").toString());
  }

  /** Stops the server at once; requests in flight are cut off. */
  @Override
  public void close() {
    server.stop(0);
    executor.close();
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      try {
        ReceivedRequest request = receive(http);
        Optional<Exchange> exchange = matcher.take(request);
        if (exchange.isPresent()) {
          answer(http, exchange.get());
        } else {
          send(http, NO_MATCH_STATUS, Map.of("Content-Type", "text/plain; charset=utf-8"), matcher.explainMiss(request));
        }
      } catch (RuntimeException e) {
        // HttpServer would drop the connection without a word; say what broke instead.
        send(http, 500, Map.of("Content-Type", "text/plain; charset=utf-8"), "The replay server failed: " + e);
      }
    }
  }

  private static ReceivedRequest receive(HttpExchange http) throws IOException {
    URI uri = http.getRequestURI();
    String body = new String(http.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    return new ReceivedRequest(
        http.getRequestMethod(), uri.getPath(), Http.parseQuery(uri.getRawQuery()), http.getRequestHeaders(), body);
  }

  private void answer(HttpExchange http, Exchange exchange) throws IOException {
    String origin = originByVendor.getOrDefault(exchange.vendor(), "");
    RecordedResponse response = exchange.response();
    var headers = new HashMap<String, String>();
    response.headers().forEach((name, value) -> {
      if (!COMPUTED_HEADERS.contains(name)) {
        headers.put(name, rewrite(value, origin));
      }
    });
    @Nullable String body = response.body() == null || http.getRequestMethod().equals("HEAD") ? null : rewrite(response.body(), origin);
    send(http, response.status(), headers, body);
  }

  private String rewrite(String text, String origin) {
    return origin.isEmpty() ? text : text.replace(origin, baseUri.toString());
  }

  private static void send(HttpExchange http, int status, Map<String, String> headers, @Nullable String body) throws IOException {
    headers.forEach((name, value) -> http.getResponseHeaders().add(name, value));
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    // -1: no body at all; HttpServer reads 0 as "chunked, length unknown".
    http.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      http.getResponseBody().write(bytes);
    }
  }

  private static Set<String> caseInsensitive(String... names) {
    var set = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return set;
  }

  @Override
  public String toString() {
    return "ReplayServer[" + baseUri + ", " + matcher.used().size() + " used, " + matcher.unused().size() + " unused]";
  }
}
