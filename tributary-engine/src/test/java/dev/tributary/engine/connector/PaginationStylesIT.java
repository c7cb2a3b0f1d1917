package dev.tributary.engine.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.DeferredRecordPage;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every pagination style of REST mappings, against an HTTP app on loopback that serves 25 items
 * in pages of 10 the way real APIs do (the test connector is {@code src/test/resources/paging-app}).
 */
class PaginationStylesIT {

  static final int ITEMS = 25;
  static HttpServer app;
  static Tributary tributary;
  static Caller customer;
  static String connection;
  static final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/", PaginationStylesIT::serve);
    app.start();
    Path connectors = Path.of(PaginationStylesIT.class.getResource("/paging-app/connector.yaml").toURI()).getParent().getParent();
    TestEngine engine = TestEngine.connect("paging-app", Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true),
        Map.of("token", "t0ken"), Map.of("baseUri", "http://127.0.0.1:" + app.getAddress().getPort()), connectors);
    tributary = engine.tributary();
    customer = engine.customer();
    connection = engine.connection();
  }

  @AfterAll
  static void stop() {
    tributary.close();
    app.stop(0);
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        String[] parts = pair.split("=", 2);
        query.put(parts[0], parts.length > 1 ? java.net.URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
      }
    }
    return query;
  }

  private static List<Map<String, Object>> items(int from, int count) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (int i = from; i < Math.min(ITEMS, from + count); i++) {
      items.add(Map.of("id", "item-" + i, "n", i));
    }
    return items;
  }

  private static void serve(HttpExchange exchange) throws IOException {
    requests.add(exchange.getRequestURI().toString());
    String base = "http://127.0.0.1:" + app.getAddress().getPort();
    Map<String, String> query = query(exchange.getRequestURI());
    Object body;
    if (!"Bearer t0ken".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
      return;
    }
    switch (exchange.getRequestURI().getPath()) {
      case "/offset" -> body = Map.of("items", items(Integer.parseInt(query.get("offset")), Integer.parseInt(query.get("limit"))), "total", ITEMS);
      case "/page" -> body = Map.of("items", items((Integer.parseInt(query.get("p")) - 1) * 10, Integer.parseInt(query.get("per_page"))));
      case "/cursor" -> {
        int from = query.containsKey("after") ? Integer.parseInt(query.get("after")) : 0;
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("items", items(from, 10));
        if (from + 10 < ITEMS) {
          page.put("next_cursor", Integer.toString(from + 10));
        }
        body = page;
      }
      case "/link" -> {
        int from = query.containsKey("start") ? Integer.parseInt(query.get("start")) : 0;
        if (from + 10 < ITEMS) {
          exchange.getResponseHeaders().add("Link", "<" + base + "/link?start=" + (from + 10) + "&per_page=10>; rel=\"next\", <"
              + base + "/link?start=20>; rel=\"last\"");
        }
        body = items(from, 10);
      }
      case "/next" -> {
        int from = query.containsKey("from") ? Integer.parseInt(query.get("from")) : 0;
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("results", items(from, 10));
        page.put("next", from + 10 < ITEMS ? base + "/next?from=" + (from + 10) : null);
        body = page;
      }
      default -> body = Map.of();
    }
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"by-offset", "by-page", "by-cursor", "by-link", "by-next-url"})
  void everyStyleReadsAllItemsInThreePages(String collection) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      RecordPage page = tributary.connectionData().list(customer, connection, collection, Map.of(), Map.of(), cursor);
      page.records().stream().map(DataRecord::id).forEach(ids::add);
      cursor = page.cursor();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(pages).isEqualTo(3);
    assertThat(ids).hasSize(ITEMS).doesNotHaveDuplicates().startsWith("item-0").endsWith("item-24");
  }

  /** As a full scan reads: every page's cursor first, through one opening, and the records mapped afterwards. */
  @ParameterizedTest
  @ValueSource(strings = {"by-offset", "by-page", "by-cursor", "by-link", "by-next-url"})
  void everyStyleGivesTheNextCursorBeforeThePageIsMapped(String collection) {
    ConnectionData.PageReader reader = tributary.connectionData().pageReader(customer, connection, collection, Map.of());
    List<DeferredRecordPage> pages = new ArrayList<>();
    String cursor = null;
    do {
      DeferredRecordPage page = reader.page(cursor);
      pages.add(page);
      cursor = page.cursor();
    } while (cursor != null && pages.size() < 10);

    assertThat(pages).hasSize(3);
    List<String> ids = pages.stream().flatMap(page -> page.resolve().records().stream()).map(DataRecord::id).toList();
    assertThat(ids).hasSize(ITEMS).doesNotHaveDuplicates().startsWith("item-0").endsWith("item-24");
  }
}
