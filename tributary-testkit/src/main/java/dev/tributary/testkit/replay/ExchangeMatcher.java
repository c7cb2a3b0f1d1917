package dev.tributary.testkit.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Pairs received requests with recorded exchanges. Each exchange answers once; the first unused
 * exchange, in fixture order, whose method, path, query, listed headers and body all match
 * answers. Identical recorded requests therefore answer in turn (pages, a 429 then a 200).
 * Thread-safe.
 */
final class ExchangeMatcher {

  private static final int CLOSEST = 3;

  private final List<Exchange> exchanges;
  private final boolean[] used;
  private final List<Exchange> usedInOrder = new ArrayList<>();
  private final List<ReceivedRequest> unmatched = new ArrayList<>();

  ExchangeMatcher(List<Exchange> exchanges) {
    this.exchanges = List.copyOf(exchanges);
    this.used = new boolean[exchanges.size()];
  }

  /** The exchange that answers {@code request}, now marked used; empty (and recorded as unmatched) if none. */
  synchronized Optional<Exchange> take(ReceivedRequest request) {
    for (int i = 0; i < exchanges.size(); i++) {
      if (!used[i] && differences(exchanges.get(i).request(), request).isEmpty()) {
        used[i] = true;
        usedInOrder.add(exchanges.get(i));
        return Optional.of(exchanges.get(i));
      }
    }
    unmatched.add(request);
    return Optional.empty();
  }

  synchronized List<Exchange> used() {
    return List.copyOf(usedInOrder);
  }

  synchronized List<Exchange> unused() {
    return IntStream.range(0, exchanges.size()).filter(i -> !used[i]).mapToObj(exchanges::get).toList();
  }

  synchronized List<ReceivedRequest> unmatched() {
    return List.copyOf(unmatched);
  }

  /** Why no exchange answered {@code request}: the closest exchanges and how each differs. */
  synchronized String explainMiss(ReceivedRequest request) {
    var text = new StringBuilder("No recorded exchange matches ").append(request).append('.');
    if (exchanges.isEmpty()) {
      return text.append(" The replay server has no exchanges.").toString();
    }
    text.append("\nClosest recorded exchanges:");
    IntStream.range(0, exchanges.size())
        .boxed()
        .sorted(Comparator.comparingInt((Integer i) -> distance(exchanges.get(i).request(), request, used[i])).thenComparing(i -> i))
        .limit(CLOSEST)
        .forEach(i -> {
          var differences = new ArrayList<>(differences(exchanges.get(i).request(), request));
          if (used[i]) {
            differences.add("already used (each exchange answers once; record it again for a repeated request)");
          }
          text.append("\n  - ").append(exchanges.get(i).label()).append(": ").append(String.join("; ", differences));
        });
    return text.append("\nRecord an exchange for this request in the fixtures, or correct the request the client sends.").toString();
  }

  /** How {@code request} differs from {@code recorded}; empty when it matches. */
  static List<String> differences(RecordedRequest recorded, ReceivedRequest request) {
    var differences = new ArrayList<String>();
    if (!recorded.method().equals(request.method())) {
      differences.add("method is " + request.method() + ", recorded " + recorded.method());
    }
    if (!recorded.path().equals(request.path())) {
      differences.add("path is " + request.path() + ", recorded " + recorded.path());
    }
    var names = new LinkedHashSet<>(recorded.query().keySet());
    names.addAll(request.query().keySet());
    for (String name : names) {
      List<String> want = recorded.query().get(name);
      List<String> got = request.query().get(name);
      if (want == null) {
        differences.add("query parameter " + name + "=" + String.join(",", got) + " is not recorded");
      } else if (got == null) {
        differences.add("query parameter " + name + " is missing, recorded " + quoted(want));
      } else if (!want.equals(got)) {
        differences.add("query parameter " + name + " is " + quoted(got) + ", recorded " + quoted(want));
      }
    }
    for (Map.Entry<String, String> header : recorded.headers().entrySet()) {
      List<String> got = request.headers().getOrDefault(header.getKey(), List.of());
      if (got.isEmpty()) {
        differences.add("header " + header.getKey() + " is missing");
      } else if (!got.contains(header.getValue())) {
        differences.add("header " + header.getKey()
            + (Http.isSecret(header.getKey()) ? " differs from the recorded value" : " is " + quoted(got) + ", recorded \"" + header.getValue() + "\""));
      }
    }
    if (recorded.body() != null && !sameBody(recorded, request.body())) {
      differences.add("body differs from the recorded one");
    }
    return differences;
  }

  private static int distance(RecordedRequest recorded, ReceivedRequest request, boolean used) {
    int distance = differences(recorded, request).size() + (used ? 1 : 0);
    if (!recorded.path().equals(request.path())) {
      distance += 10 + segmentDistance(recorded.path(), request.path());
    }
    if (!recorded.method().equals(request.method())) {
      distance += 5;
    }
    return distance;
  }

  private static int segmentDistance(String a, String b) {
    String[] left = a.split("/");
    String[] right = b.split("/");
    int differing = Math.abs(left.length - right.length);
    for (int i = 0; i < Math.min(left.length, right.length); i++) {
      differing += left[i].equals(right[i]) ? 0 : 1;
    }
    return differing;
  }

  /** JSON bodies compare as JSON (key order and spacing do not matter); others compare as text. */
  private static boolean sameBody(RecordedRequest recorded, String body) {
    String want = recorded.body();
    if (want == null || want.equals(body)) {
      return want != null;
    }
    if (Http.isJson(recorded.header(Http.CONTENT_TYPE).orElse(null))) {
      JsonNode left = json(want);
      return left != null && left.equals(json(body));
    }
    return false;
  }

  private static @Nullable JsonNode json(String text) {
    try {
      return SpecReader.JSON.readTree(text);
    } catch (JacksonException e) {
      return null;
    }
  }

  private static String quoted(List<String> values) {
    return values.size() == 1 ? "\"" + values.getFirst() + "\"" : values.stream().map(v -> "\"" + v + "\"").toList().toString();
  }
}
