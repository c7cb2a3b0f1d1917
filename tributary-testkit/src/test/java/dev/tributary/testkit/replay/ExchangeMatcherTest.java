package dev.tributary.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class ExchangeMatcherTest {

  private static Exchange exchange(int index, String method, String path, Map<String, List<String>> query,
      Map<String, String> headers, @Nullable String body, int status) {
    return new Exchange("f.yaml", index, null, "jira", null,
        new RecordedRequest(method, path, query, headers, body), new RecordedResponse(status, Map.of(), null));
  }

  private static ReceivedRequest received(String method, String path, Map<String, List<String>> query,
      Map<String, List<String>> headers, String body) {
    return new ReceivedRequest(method, path, query, headers, body);
  }

  private static final Map<String, String> AUTH = Map.of("Authorization", "Basic abc");

  @Test
  void identicalRequestsAreAnsweredBySuccessiveExchanges() {
    var first = exchange(1, "GET", "/users", Map.of(), Map.of(), null, 429);
    var second = exchange(2, "GET", "/users", Map.of(), Map.of(), null, 200);
    var matcher = new ExchangeMatcher(List.of(first, second));
    var request = received("GET", "/users", Map.of(), Map.of(), "");

    assertThat(matcher.take(request)).contains(first);
    assertThat(matcher.take(request)).contains(second);
    assertThat(matcher.take(request)).isEmpty();
    assertThat(matcher.used()).containsExactly(first, second);
    assertThat(matcher.unmatched()).containsExactly(request);
  }

  @Test
  void queryMustMatchExactlyButHeadersOnlyAsListed() {
    var recorded = exchange(1, "GET", "/p", Map.of("a", List.of("1")), AUTH, null, 200).request();

    assertThat(ExchangeMatcher.differences(recorded, received("GET", "/p", Map.of("a", List.of("1")),
        Map.of("authorization", List.of("Basic abc"), "User-Agent", List.of("Java-http-client")), ""))).isEmpty();
    assertThat(ExchangeMatcher.differences(recorded, received("GET", "/p", Map.of("a", List.of("1"), "b", List.of("2")),
        Map.of("Authorization", List.of("Basic abc")), "")))
        .containsExactly("query parameter b=2 is not recorded");
  }

  @Test
  void differencesNameEachMismatchWithoutEchoingCredentials() {
    var query = new TreeMap<String, List<String>>(Map.of("a", List.of("1"), "c", List.of("3")));
    var recorded = exchange(1, "GET", "/p", query, AUTH, null, 200).request();

    assertThat(ExchangeMatcher.differences(recorded, received("POST", "/q", Map.of("a", List.of("2")),
        Map.of("Authorization", List.of("Basic other")), "")))
        .containsExactly(
            "method is POST, recorded GET",
            "path is /q, recorded /p",
            "query parameter a is \"2\", recorded \"1\"",
            "query parameter c is missing, recorded \"3\"",
            "header Authorization differs from the recorded value");
  }

  @Test
  void jsonBodiesMatchRegardlessOfKeyOrderAndSpacing() {
    var recorded = exchange(1, "POST", "/issue", Map.of(), Map.of("Content-Type", "application/json"),
        "{\"fields\":{\"summary\":\"Hi\",\"project\":{\"key\":\"EX\"}}}", 201).request();
    var headers = Map.of("Content-Type", List.of("application/json"));

    assertThat(ExchangeMatcher.differences(recorded, received("POST", "/issue", Map.of(), headers,
        "{ \"fields\": { \"project\": {\"key\": \"EX\"}, \"summary\": \"Hi\" } }"))).isEmpty();
    assertThat(ExchangeMatcher.differences(recorded, received("POST", "/issue", Map.of(), headers,
        "{\"fields\":{\"summary\":\"Bye\",\"project\":{\"key\":\"EX\"}}}")))
        .containsExactly("body differs from the recorded one");
  }

  @Test
  void missExplanationListsTheClosestExchangesFirst() {
    var page1 = exchange(1, "GET", "/rest/api/3/project/search", Map.of("startAt", List.of("0")), Map.of(), null, 200);
    var other = exchange(2, "GET", "/rest/api/3/myself", Map.of(), Map.of(), null, 200);
    var page2 = exchange(3, "GET", "/rest/api/3/project/search", Map.of("startAt", List.of("2")), Map.of(), null, 200);
    var matcher = new ExchangeMatcher(List.of(page1, other, page2));
    var request = received("GET", "/rest/api/3/project/search", Map.of("startAt", List.of("4")), Map.of(), "");
    matcher.take(received("GET", "/rest/api/3/project/search", Map.of("startAt", List.of("0")), Map.of(), ""));

    assertThat(matcher.explainMiss(request)).isEqualTo("""
        No recorded exchange matches GET /rest/api/3/project/search?startAt=4.
        Closest recorded exchanges:
          - f.yaml#3 (GET /rest/api/3/project/search?startAt=2 → 200): query parameter startAt is "4", recorded "2"
          - f.yaml#1 (GET /rest/api/3/project/search?startAt=0 → 200): query parameter startAt is "4", recorded "0"; \
        already used (each exchange answers once; record it again for a repeated request)
          - f.yaml#2 (GET /rest/api/3/myself → 200): path is /rest/api/3/project/search, recorded /rest/api/3/myself; \
        query parameter startAt=4 is not recorded
        Record an exchange for this request in the fixtures, or correct the request the client sends.""");
  }
}
