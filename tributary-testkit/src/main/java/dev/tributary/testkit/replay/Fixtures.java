package dev.tributary.testkit.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads recorded exchanges from fixture files (YAML or JSON, format in {@code docs/testkit.md}).
 * Only reads and checks the format; {@link FixtureValidator} checks them against the vendor.
 *
 * <pre>{@code
 * List<Exchange> exchanges = Fixtures.fromClasspath("fixtures/github/issues.yaml");
 * }</pre>
 */
public final class Fixtures {

  private static final Set<String> FILE_KEYS = Set.of("vendor", "exchanges", "name", "operation", "request", "response");
  private static final Set<String> EXCHANGE_KEYS = Set.of("vendor", "name", "operation", "request", "response");
  private static final Set<String> REQUEST_KEYS = Set.of("method", "path", "query", "headers", "body");
  private static final Set<String> RESPONSE_KEYS = Set.of("status", "headers", "body");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE");

  private Fixtures() {}

  /**
   * Reads the exchanges of each file, in order; a directory contributes its {@code .yaml}, {@code
   * .yml} and {@code .json} files (not subdirectories) sorted by name.
   *
   * @throws IllegalArgumentException if a file is not a fixture, naming the file, the exchange and
   *     the offending key
   * @throws UncheckedIOException if a file cannot be read
   */
  public static List<Exchange> load(Path... files) {
    var exchanges = new ArrayList<Exchange>();
    for (Path file : files) {
      for (Path each : expand(file)) {
        exchanges.addAll(read(each, each.toString()));
      }
    }
    return List.copyOf(exchanges);
  }

  /**
   * Reads fixtures from the test classpath, e.g. {@code "fixtures/jira/issue.yaml"}; a resource
   * that is a directory contributes its files as in {@link #load(Path...)}.
   *
   * @throws IllegalArgumentException if a resource is missing or is not a fixture
   */
  public static List<Exchange> fromClasspath(String... resources) {
    var exchanges = new ArrayList<Exchange>();
    ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(), Fixtures.class.getClassLoader());
    for (String resource : resources) {
      URL url = loader.getResource(resource);
      if (url == null) {
        throw new IllegalArgumentException(
            "No fixture \"" + resource + "\" on the classpath. Put it under src/test/resources/" + resource + ".");
      }
      if (url.getProtocol().equals("file")) {
        Path root = toPath(url);
        for (Path each : expand(root)) {
          String label = Files.isDirectory(root) ? resource + "/" + root.relativize(each) : resource;
          exchanges.addAll(read(each, label));
        }
      } else {
        try (InputStream in = url.openStream()) {
          exchanges.addAll(parse(in, resource));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read fixture " + resource + ": " + e.getMessage(), e);
        }
      }
    }
    return List.copyOf(exchanges);
  }

  private static List<Exchange> read(Path file, String label) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, label);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read fixture " + file + ": " + e.getMessage(), e);
    }
  }

  static List<Exchange> parse(InputStream in, String fixture) {
    JsonNode document;
    try {
      document = SpecReader.read(in, fixture);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("Fixture " + fixture + " is not valid YAML or JSON: " + e.getOriginalMessage(), e);
    }
    var at = new Where(fixture, 0);
    ObjectNode root = at.object(document, "the document");
    at.onlyKeys(root, FILE_KEYS, "the document");
    @Nullable String vendor = at.optionalText(root, "vendor");
    if (!root.has("exchanges")) {
      return List.of(exchange(root, vendor, new Where(fixture, 1)));
    }
    if (root.has("request") || root.has("response")) {
      throw at.error("has both 'exchanges' and a top-level 'request'/'response'; use one or the other");
    }
    var list = root.get("exchanges");
    if (!list.isArray() || list.isEmpty()) {
      throw at.error("'exchanges' must be a non-empty list");
    }
    var exchanges = new ArrayList<Exchange>();
    for (int i = 0; i < list.size(); i++) {
      var where = new Where(fixture, i + 1);
      ObjectNode node = where.object(list.get(i), "the exchange");
      where.onlyKeys(node, EXCHANGE_KEYS, "the exchange");
      exchanges.add(exchange(node, vendor, where));
    }
    return exchanges;
  }

  private static Exchange exchange(ObjectNode node, @Nullable String fileVendor, Where at) {
    String vendor = Objects.requireNonNullElse(at.optionalText(node, "vendor"), Objects.requireNonNullElse(fileVendor, ""));
    if (vendor.isEmpty()) {
      throw at.error("names no vendor. Add 'vendor: <name>' (one of " + String.join(", ", VendorSpecs.vendors()) + ")");
    }
    return new Exchange(
        at.fixture(),
        at.index(),
        at.optionalText(node, "name"),
        vendor,
        at.optionalText(node, "operation"),
        request(at.object(node.get("request"), "'request'"), at),
        response(at.object(node.get("response"), "'response'"), at));
  }

  private static RecordedRequest request(ObjectNode node, Where at) {
    at.onlyKeys(node, REQUEST_KEYS, "'request'");
    String method = at.requiredText(node, "method", "request").toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw at.error("request.method \"" + method + "\" is not an HTTP method (" + String.join(", ", METHODS) + ")");
    }
    String path = at.requiredText(node, "path", "request");
    if (!path.startsWith("/") || path.contains("?")) {
      throw at.error("request.path \"" + path + "\" must start with / and have no query string; put parameters under request.query");
    }
    var query = new LinkedHashMap<String, List<String>>();
    at.map(node, "query", "request").forEach((name, value) -> query.put(name, value.isArray()
        ? value.valueStream().map(v -> at.scalar(v, "request.query." + name)).toList()
        : List.of(at.scalar(value, "request.query." + name))));
    var headers = headers(node, "request", at);
    String body = body(node.get("body"), headers);
    return new RecordedRequest(method, path, query, headers, body);
  }

  private static RecordedResponse response(ObjectNode node, Where at) {
    at.onlyKeys(node, RESPONSE_KEYS, "'response'");
    JsonNode status = node.get("status");
    if (status == null || !status.isInt()) {
      throw at.error("response.status must be an HTTP status code such as 200");
    }
    var headers = headers(node, "response", at);
    String body = body(node.get("body"), headers);
    return new RecordedResponse(status.asInt(), headers, body);
  }

  private static Map<String, String> headers(ObjectNode node, String half, Where at) {
    var headers = new LinkedHashMap<String, String>();
    at.map(node, "headers", half).forEach((name, value) -> headers.put(name, at.scalar(value, half + ".headers." + name)));
    return headers;
  }

  /**
   * A string is the body text as written; any other value is JSON, and then the content type
   * defaults to {@code application/json}.
   */
  private static @Nullable String body(@Nullable JsonNode body, Map<String, String> headers) {
    if (body == null || body.isNull()) {
      return null;
    }
    if (body.isString()) {
      return body.asString();
    }
    if (headers.keySet().stream().noneMatch(Http.CONTENT_TYPE::equalsIgnoreCase)) {
      headers.put(Http.CONTENT_TYPE, Http.JSON);
    }
    return SpecReader.JSON.writeValueAsString(body);
  }

  private static List<Path> expand(Path file) {
    if (!Files.isDirectory(file)) {
      return List.of(file);
    }
    try (Stream<Path> files = Files.list(file)) {
      return files
          .filter(f -> Files.isRegularFile(f) && f.getFileName().toString().matches("(?i).*\\.(ya?ml|json)"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list fixtures in " + file + ": " + e.getMessage(), e);
    }
  }

  private static Path toPath(URL url) {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("Cannot read fixture " + url + ": " + e.getMessage(), e);
    }
  }

  /** Where in a fixture the parser is, for messages that name the file and the exchange. */
  private record Where(String fixture, int index) {

    IllegalArgumentException error(String problem) {
      String exchange = index == 0 ? "" : ", exchange " + index;
      return new IllegalArgumentException("Fixture " + fixture + exchange + ": " + problem + ". See docs/testkit.md for the format.");
    }

    ObjectNode object(@Nullable JsonNode node, String what) {
      if (node instanceof ObjectNode object) {
        return object;
      }
      throw error(what + " must be an object" + (node == null ? " and is missing" : ""));
    }

    void onlyKeys(ObjectNode node, Set<String> allowed, String what) {
      for (String key : node.propertyNames()) {
        if (!allowed.contains(key)) {
          throw error(what + " has an unknown key '" + key + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
        }
      }
    }

    @Nullable String optionalText(ObjectNode node, String key) {
      JsonNode value = node.get(key);
      return value == null || value.isNull() ? null : scalar(value, key);
    }

    String requiredText(ObjectNode node, String key, String half) {
      String value = optionalText(node, key);
      if (value == null || value.isBlank()) {
        throw error(half + "." + key + " is required");
      }
      return value;
    }

    Map<String, JsonNode> map(ObjectNode node, String key, String half) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return Map.of();
      }
      var entries = new LinkedHashMap<String, JsonNode>();
      object(value, half + "." + key).properties().forEach(e -> entries.put(e.getKey(), e.getValue()));
      return entries;
    }

    String scalar(JsonNode value, String what) {
      if (!value.isValueNode() || value.isNull()) {
        throw error(what + " must be a single text, number or boolean value");
      }
      return value.asString();
    }
  }
}
