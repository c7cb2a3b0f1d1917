package dev.tributary.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FixturesTest {

  private static List<Exchange> parse(String yaml) {
    return Fixtures.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void singleExchangeFileReadsEveryPart() {
    var exchange = parse("""
        vendor: jira
        name: one issue
        operation: getIssue
        request:
          method: get
          path: /rest/api/3/issue/EX-1
          query: {fields: summary, expand: [names, schema]}
          headers: {Authorization: Basic abc}
        response:
          status: 200
          headers: {Content-Type: application/json}
          body: {id: "10002", key: EX-1}
        """).getFirst();

    assertThat(exchange.fixture()).isEqualTo("test.yaml");
    assertThat(exchange.index()).isEqualTo(1);
    assertThat(exchange.name()).isEqualTo("one issue");
    assertThat(exchange.vendor()).isEqualTo("jira");
    assertThat(exchange.operation()).isEqualTo("getIssue");
    assertThat(exchange.request().method()).isEqualTo("GET");
    assertThat(exchange.request().query()).isEqualTo(Map.of("fields", List.of("summary"), "expand", List.of("names", "schema")));
    assertThat(exchange.request().header("authorization")).contains("Basic abc");
    assertThat(exchange.response().body()).isEqualTo("{\"id\":\"10002\",\"key\":\"EX-1\"}");
    assertThat(exchange.label()).isEqualTo("test.yaml#1 \"one issue\" (GET /rest/api/3/issue/EX-1?fields=summary&expand=names&expand=schema → 200)");
  }

  @Test
  void exchangesListInheritsTheFileVendorUnlessAnExchangeNamesItsOwn() {
    var exchanges = parse("""
        vendor: jira
        exchanges:
          - request: {method: GET, path: /rest/api/3/myself}
            response: {status: 401}
          - vendor: github
            request: {method: GET, path: /user}
            response: {status: 304}
        """);

    assertThat(exchanges).extracting(Exchange::vendor).containsExactly("jira", "github");
    assertThat(exchanges).extracting(Exchange::index).containsExactly(1, 2);
    assertThat(exchanges.getFirst().response().body()).isNull();
  }

  @Test
  void structuredBodyIsJsonAndImpliesJsonContentType() {
    var response = parse("""
        vendor: github
        request: {method: GET, path: /user}
        response: {status: 200, body: [1, "two", {three: 3}]}
        """).getFirst().response();

    assertThat(response.body()).isEqualTo("[1,\"two\",{\"three\":3}]");
    assertThat(response.header("content-type")).contains("application/json");
  }

  @Test
  void textBodyIsSentAsWrittenWithTheListedContentType() {
    var response = parse("""
        vendor: github
        request: {method: GET, path: /user}
        response:
          status: 200
          headers: {Content-Type: text/plain}
          body: |
            hello
        """).getFirst().response();

    assertThat(response.body()).isEqualTo("hello\n");
    assertThat(response.header("Content-Type")).contains("text/plain");
  }

  @Test
  void unknownKeyIsRefusedSoThatATypoDoesNotVanish() {
    assertThatThrownBy(() -> parse("""
        vendor: jira
        exchanges:
          - request: {method: GET, path: /rest/api/3/myself, querry: {a: 1}}
            response: {status: 200}
        """))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Fixture test.yaml, exchange 1: 'request' has an unknown key 'querry'; allowed: body, headers,"
            + " method, path, query. See docs/testkit.md for the format.");
  }

  @Test
  void exchangeWithoutVendorIsRefusedListingTheKnownVendors() {
    assertThatThrownBy(() -> parse("""
        request: {method: GET, path: /x}
        response: {status: 200}
        """))
        .hasMessageStartingWith("Fixture test.yaml, exchange 1: names no vendor. Add 'vendor: <name>' (one of asana, clickup,");
  }

  @Test
  void pathWithQueryStringIsRefused() {
    assertThatThrownBy(() -> parse("""
        vendor: jira
        request: {method: GET, path: "/rest/api/3/project/search?startAt=0"}
        response: {status: 200}
        """))
        .hasMessage("Fixture test.yaml, exchange 1: request.path \"/rest/api/3/project/search?startAt=0\" must start"
            + " with / and have no query string; put parameters under request.query. See docs/testkit.md for the format.");
  }

  @Test
  void missingStatusIsRefused() {
    assertThatThrownBy(() -> parse("""
        vendor: jira
        request: {method: GET, path: /x}
        response: {body: {}}
        """))
        .hasMessageContaining("exchange 1: response.status must be an HTTP status code such as 200");
  }

  @Test
  void directoryContributesItsFixtureFilesInNameOrder(@TempDir Path dir) throws Exception {
    String fixture = "vendor: jira\nrequest: {method: GET, path: /%s}\nresponse: {status: 200}\n";
    Files.writeString(dir.resolve("b.yaml"), fixture.formatted("b"));
    Files.writeString(dir.resolve("a.json"), "{\"vendor\": \"jira\", \"request\": {\"method\": \"GET\", \"path\": \"/a\"}, \"response\": {\"status\": 200}}");
    Files.writeString(dir.resolve("notes.txt"), "not a fixture");

    assertThat(Fixtures.load(dir)).extracting(e -> e.request().path()).containsExactly("/a", "/b");
  }

  @Test
  void classpathDirectoryIsLabelledByResourceName() {
    assertThat(Fixtures.fromClasspath("fixtures/jira"))
        .extracting(Exchange::fixture)
        .contains("fixtures/jira/issue.yaml", "fixtures/jira/project-search.yaml");
  }

  @Test
  void missingClasspathResourceSaysWhereToPutIt() {
    assertThatThrownBy(() -> Fixtures.fromClasspath("fixtures/nope.yaml"))
        .hasMessage("No fixture \"fixtures/nope.yaml\" on the classpath. Put it under src/test/resources/fixtures/nope.yaml.");
  }
}
