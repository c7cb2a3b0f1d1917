package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.http.Api;
import dev.tributary.server.testing.RunningServer;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Random methods, paths, query strings and bodies never make the server answer 5xx. */
class ApiFuzzIT {

  static RunningServer server;
  static List<Api.Route> routes;
  static String admin;
  static String customer;

  @BeforeContainer
  static void start() {
    server = RunningServer.start();
    routes = server.server().api().routes();
    admin = server.adminToken();
    customer = server.customerToken("fuzzer");
    server.post("/integrations", admin, "{\"key\":\"jira\",\"connectorKey\":\"jira\"}");
  }

  @AfterContainer
  static void stop() {
    server.close();
  }

  record Request(String method, String path, String token, String body) {}

  @Provide
  Arbitrary<Request> requests() {
    Arbitrary<String> method = Arbitraries.of("GET", "POST", "PUT", "PATCH", "DELETE");
    Arbitrary<String> segment = Arbitraries.oneOf(
        Arbitraries.of("jira", "fuzzer", "%00", "..", "%2e%2e", "x".repeat(300), "null", "0"),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(20)
            .map(s -> java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)));
    Arbitrary<String> path = Combinators.combine(Arbitraries.of(routes).map(Api.Route::path), segment)
        .as((template, value) -> template.replaceAll("\\{[^}]+}", value));
    Arbitrary<String> query = Arbitraries.of("", "?limit=0", "?limit=-1", "?limit=abc", "?cursor=%25%25%25", "?cursor=%00",
        "?cursor=aWQ6", "?includeSecrets=yes", "?includeSecrets=true", "?limit=99999999999999");
    Arbitrary<String> json = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        Arbitraries.of("{}", "[]", "null", "1", "\"s\"", "{\"key\":null}", "{\"integrationKey\":\"jira\"}",
            "{\"internalId\":\"\"}", "{\"name\":\"" + "n".repeat(300) + "\"}", "{\"credentials\":[]}",
            "{\"key\":\"k\",\"connectorKey\":\"c\",\"parameters\":{\"a\":{\"b\":[1,2,{\"c\":null}]}}}",
            "{\"integrationId\":\"jira\",\"customerId\":\"fuzzer\",\"isTest\":\"yes\"}", "{\"fields\":{\"\\u0000\":1}}"),
        Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40).map(s -> "{\"name\":\"" + s.replace("\\", "").replace("\"", "") + "\"}"));
    Arbitrary<String> token = Arbitraries.of(admin, customer, "garbage");
    return Combinators.combine(method, path, query, token, json)
        .as((m, p, q, t, b) -> new Request(m, p + q, t, b));
  }

  @Property(tries = 400)
  void noRequestMakesTheServerFail(@ForAll("requests") Request request) {
    var answer = server.sendOnNewConnection(request.method(), request.path(), request.token(),
        request.method().equals("GET") || request.method().equals("DELETE") ? null : request.body());

    assertThat(answer.status()).as("%s %s %s", request.method(), request.path(), request.body()).isLessThan(500);
    if (answer.status() >= 400) {
      assertThat(answer.json().path("message").asString()).as(answer.body()).isNotBlank();
    }
  }
}
