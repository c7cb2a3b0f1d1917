package dev.tributary.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to the app. {@code path} is relative to the connection's base URI (or absolute, e.g.
 * a next-page URL the app returned); {@code body} is sent as JSON unless it is a String.
 */
public record ApiRequest(
    String method, String path, Map<String, Object> query, Map<String, String> headers, @Nullable Object body) {

  public ApiRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  public static ApiRequest get(String path) {
    return new ApiRequest("GET", path, Map.of(), Map.of(), null);
  }

  public ApiRequest withQuery(Map<String, Object> query) {
    return new ApiRequest(method, path, query, headers, body);
  }
}
