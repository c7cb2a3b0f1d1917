package dev.tributary.testkit.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A request the {@link ReplayServer} received, as listed by {@link
 * ReplayServer#unmatchedRequests()}.
 *
 * @param method the HTTP method
 * @param path the decoded path
 * @param query the decoded query parameters in order; empty when there is none
 * @param headers every header with its values, by name (case-insensitive)
 * @param body the body text; empty when the request had none
 */
public record ReceivedRequest(
    String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers, String body) {

  public ReceivedRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    Objects.requireNonNull(body, "body == null");
    var queryCopy = new LinkedHashMap<String, List<String>>();
    query.forEach((name, values) -> queryCopy.put(name, List.copyOf(values)));
    query = Collections.unmodifiableMap(queryCopy);
    var headersCopy = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> headersCopy.put(name, List.copyOf(values)));
    headers = Collections.unmodifiableMap(headersCopy);
  }

  /** {@code GET /path?a=1}, for messages. */
  @Override
  public String toString() {
    return method + " " + path + Http.queryString(query);
  }
}
