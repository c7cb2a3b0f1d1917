package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.testing.RawRows;
import dev.tributary.server.testing.RunningServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OAuth 2.0 end to end, browserless: an authorization server written for the test (authorize
 * with PKCE, token with the code, refresh and client credentials grants, and a protected API),
 * two declarative connectors that use it, and the real Tributary server in between.
 */
class OAuthIT {

  static HttpServer auth;
  static RunningServer server;
  static String admin;
  static String customer;
  static final Map<String, String> challenges = new ConcurrentHashMap<>();
  static final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
  static final Set<String> validTokens = ConcurrentHashMap.newKeySet();
  static final List<String> grants = new CopyOnWriteArrayList<>();
  static final AtomicInteger issued = new AtomicInteger();
  static volatile int expiresIn = 3600;

  @BeforeAll
  static void start(@org.junit.jupiter.api.io.TempDir Path connectors) throws Exception {
    auth = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    auth.createContext("/authorize", OAuthIT::authorize);
    auth.createContext("/token", OAuthIT::token);
    auth.createContext("/api/items", OAuthIT::items);
    auth.start();
    String base = "http://127.0.0.1:" + auth.getAddress().getPort();
    writeConnector(connectors.resolve("oauth-app"), "oauth-app", base, "{type: oauth2, authorizeUri: " + base + "/authorize, tokenUri: "
        + base + "/token, scopes: [read, write], clientAuthLocation: headers}");
    writeConnector(connectors.resolve("service-app"), "service-app", base, "{type: client-credentials, tokenUri: " + base
        + "/token, clientAuthLocation: body}");
    server = RunningServer.withConnectorsDir(connectors);
    admin = server.adminToken();
    customer = server.customerToken("acme");
    for (String key : List.of("oauth-app", "service-app")) {
      server.post("/integrations", admin, "{\"key\":\"" + key + "\",\"connectorKey\":\"" + key + "\",\"parameters\":{"
          + "\"clientId\":\"client-1\",\"clientSecret\":\"client-secret-1\",\"allowLocalNetwork\":true}}");
    }
  }

  @AfterAll
  static void stop() {
    server.close();
    auth.stop(0);
  }

  @BeforeEach
  void reset() {
    expiresIn = 3600;
  }

  static void writeConnector(Path folder, String key, String base, String authYaml) throws IOException {
    Files.createDirectories(folder.resolve("data/root"));
    Files.createDirectories(folder.resolve("data/items"));
    Files.writeString(folder.resolve("connector.yaml"), "key: " + key + "\nname: " + key + "\nversion: 1.0.0\nbaseUri: " + base
        + "\nlocal: true\nauth: " + authYaml + "\nroot: root\n");
    Files.writeString(folder.resolve("data/root/spec.yaml"), "type: directory\nname: Root\nlocations: [{key: items, name: Items}]\n");
    Files.writeString(folder.resolve("data/items/spec.yaml"),
        "type: collection\nname: Items\nfieldsSchema: {type: object, properties: {name: {type: string}}}\nmethods: {list: {}}\n");
    Files.writeString(folder.resolve("data/items/list.rest.yaml"), "path: /api/items\nresponseMapping: {records: {$var: $.response.data}}\n");
  }

  // ---- the authorization server ----

  static Map<String, String> form(String text) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : text.split("&")) {
      if (!pair.isEmpty()) {
        String[] parts = pair.split("=", 2);
        values.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
      }
    }
    return values;
  }

  static void answer(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  static void authorize(HttpExchange exchange) throws IOException {
    Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
    String code = "code-" + issued.incrementAndGet();
    challenges.put(code, query.get("code_challenge") + " " + query.get("redirect_uri") + " " + query.get("scope"));
    exchange.getResponseHeaders().add("Location", query.get("redirect_uri") + "?code=" + code + "&state=" + query.get("state"));
    exchange.sendResponseHeaders(302, -1);
    exchange.close();
  }

  static void token(HttpExchange exchange) throws IOException {
    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String basic = exchange.getRequestHeaders().getFirst("Authorization");
    String client = basic != null ? new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)
        : form.get("client_id") + ":" + form.get("client_secret");
    if (!"client-1:client-secret-1".equals(client)) {
      answer(exchange, 401, Map.of("error", "invalid_client"));
      return;
    }
    String grant = form.get("grant_type");
    grants.add(grant + (basic != null ? " (header)" : " (body)"));
    switch (grant) {
      case "authorization_code" -> {
        String recorded = challenges.remove(form.get("code"));
        if (recorded == null || !recorded.split(" ")[0].equals(s256(form.get("code_verifier")))
            || !recorded.split(" ")[1].equals(form.get("redirect_uri"))) {
          answer(exchange, 400, Map.of("error", "invalid_grant", "error_description", "code, verifier or redirect_uri do not match"));
          return;
        }
        answer(exchange, 200, tokens(true));
      }
      case "refresh_token" -> {
        if (refreshTokens.remove(form.get("refresh_token")) == null) {
          answer(exchange, 400, Map.of("error", "invalid_grant"));
          return;
        }
        answer(exchange, 200, tokens(true));
      }
      case "client_credentials" -> answer(exchange, 200, tokens(false));
      default -> answer(exchange, 400, Map.of("error", "unsupported_grant_type"));
    }
  }

  static Map<String, Object> tokens(boolean withRefresh) {
    int n = issued.incrementAndGet();
    String access = "access-" + n;
    validTokens.add(access);
    Map<String, Object> answer = new LinkedHashMap<>(Map.of("access_token", access, "token_type", "Bearer", "expires_in", expiresIn));
    if (withRefresh) {
      String refresh = "refresh-" + n;
      refreshTokens.put(refresh, access);
      answer.put("refresh_token", refresh);
    }
    return answer;
  }

  static void items(HttpExchange exchange) throws IOException {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization == null || !validTokens.contains(authorization.replace("Bearer ", ""))) {
      answer(exchange, 401, Map.of("error", "invalid_token"));
      return;
    }
    answer(exchange, 200, List.of(Map.of("id", 1, "name", "First"), Map.of("id", 2, "name", "Second")));
  }

  static String s256(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- the flow, as a browser would drive it ----

  /** Starts, follows the authorization URL without a browser, and calls the callback; returns the callback's answer. */
  static RunningServer.Answer connect(String body) throws Exception {
    var started = server.post("/integrations/oauth-app/connect", customer, body);
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    String authorizationUrl = started.json().path("authorizationUrl").asString();
    assertThat(authorizationUrl).contains("code_challenge_method=S256").contains("scope=read%20write").contains("client_id=client-1");
    HttpResponse<String> redirect = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
        .send(HttpRequest.newBuilder(URI.create(authorizationUrl)).build(), HttpResponse.BodyHandlers.ofString());
    URI callback = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    return server.get(callback.getPath() + "?" + callback.getRawQuery(), null);
  }

  @Test
  void theCodeFlowCreatesAConnectionWhoseEncryptedTokensReachTheApi() throws Exception {
    var done = connect("{}");
    assertThat(done.status()).as(done.body()).isEqualTo(200);
    String connection = done.json().path("connectionId").asString();

    var items = server.post("/connections/" + connection + "/data/items/list", customer, "{}");
    assertThat(items.status()).as(items.body()).isEqualTo(200);
    assertThat(items.json().path("records").size()).isEqualTo(2);
    assertThat(grants).contains("authorization_code (header)");

    String credentials = server.get("/connections/" + connection + "?includeSecrets=true", admin).json().path("credentials").toString();
    String accessToken = Json.readObject(credentials).get("accessToken").toString();
    assertThat(RawRows.dump(server.tributary().database(), "connections")).doesNotContain(accessToken);
    assertThat(server.get("/connections/" + connection, customer).body()).doesNotContain(accessToken);
  }

  @Test
  void aStateWorksOnceAndAnUnknownOneIsRefused() throws Exception {
    var started = server.post("/integrations/oauth-app/connect", customer, "{}");
    HttpResponse<String> redirect = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
        .send(HttpRequest.newBuilder(URI.create(started.json().path("authorizationUrl").asString())).build(), HttpResponse.BodyHandlers.ofString());
    URI callback = URI.create(redirect.headers().firstValue("Location").orElseThrow());
    String path = callback.getPath() + "?" + callback.getRawQuery();

    assertThat(server.get(path, null).status()).isEqualTo(200);
    var replay = server.get(path, null);
    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.json().path("message").asString()).contains("unknown or was already completed");
    assertThat(server.get("/oauth/callback?code=x&state=forged", null).status()).isEqualTo(400);
    assertThat(server.get("/oauth/callback?error=access_denied", null).json().path("message").asString())
        .contains("did not authorize the connection (access_denied)");
  }

  @Test
  void aTokenAboutToExpireIsRefreshedBeforeTheRequest() throws Exception {
    expiresIn = 30; // under the renewal margin
    String connection = connect("{}").json().path("connectionId").asString();
    expiresIn = 3600;
    int refreshes = (int) grants.stream().filter(g -> g.startsWith("refresh_token")).count();

    assertThat(server.post("/connections/" + connection + "/data/items/list", customer, "{}").status()).isEqualTo(200);
    assertThat(grants.stream().filter(g -> g.startsWith("refresh_token")).count()).isEqualTo(refreshes + 1);
  }

  @Test
  void aRevokedTokenIsRefreshedOnceAndTheRequestRetried() throws Exception {
    String connection = connect("{}").json().path("connectionId").asString();
    validTokens.clear(); // the app forgot every token it issued

    var items = server.post("/connections/" + connection + "/data/items/list", customer, "{}");
    assertThat(items.status()).as(items.body()).isEqualTo(200);
  }

  @Test
  void aFailedRefreshAsksTheCustomerToReconnect() throws Exception {
    String connection = connect("{}").json().path("connectionId").asString();
    validTokens.clear();
    refreshTokens.clear(); // and every refresh token

    var items = server.post("/connections/" + connection + "/data/items/list", customer, "{}");
    assertThat(items.status()).isEqualTo(424);
    JsonNode after = server.get("/connections/" + connection, customer).json();
    assertThat(after.path("state").asString()).isEqualTo("CLIENT_ACTION_REQUIRED");
    assertThat(after.path("errors").get(0).path("message").asString()).contains("connect again");

    var renewed = connect("{\"connectionId\":\"" + connection + "\",\"redirectUri\":\"https://saas.example.com/done\"}");
    assertThat(renewed.status()).isEqualTo(302);
    assertThat(renewed.headers().firstValue("Location").orElseThrow()).isEqualTo("https://saas.example.com/done?connectionId=" + connection);
    assertThat(server.get("/connections/" + connection, customer).json().path("state").asString()).isEqualTo("READY");
  }

  @Test
  void clientCredentialsFetchATokenOnceAndReuseIt() {
    String connection = server.post("/connections", customer, "{\"integrationKey\":\"service-app\"}").json().path("id").asString();
    long before = grants.stream().filter(g -> g.startsWith("client_credentials")).count();

    assertThat(server.post("/connections/" + connection + "/data/items/list", customer, "{}").status()).isEqualTo(200);
    assertThat(server.post("/connections/" + connection + "/data/items/list", customer, "{}").status()).isEqualTo(200);
    assertThat(grants.stream().filter(g -> g.startsWith("client_credentials")).count()).isEqualTo(before + 1);
    assertThat(grants).contains("client_credentials (body)");
  }
}
