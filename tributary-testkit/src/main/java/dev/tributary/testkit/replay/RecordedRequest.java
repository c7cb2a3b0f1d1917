package dev.tributary.testkit.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The request half of a recorded {@link Exchange}, as the client sends it on the wire.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path as sent, including the vendor's base path (e.g. {@code /v1/deals})
 * @param query each query parameter with its values in order; empty when there is none
 * @param headers the headers the request must carry (matched case-insensitively by name, exactly by
 *     value); others the client sends are ignored
 * @param body the body text, or null when the request has none
 */
public record RecordedRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, String> headers,
    @Nullable String body) {

  public RecordedRequest {
    Objects.requireNonNull(method, "method == null");
    Objects.requireNonNull(path, "path == null");
    method = method.toUpperCase(Locale.ROOT);
    var copy = new LinkedHashMap<String, List<String>>();
    query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    query = Collections.unmodifiableMap(copy);
    headers = caseInsensitive(headers);
  }

  /** The value of header {@code name}, matched case-insensitively. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }

  /** {@code GET /path?a=1&b=2}, for messages. */
  @Override
  public String toString() {
    return method + " " + path + Http.queryString(query);
  }

  static Map<String, String> caseInsensitive(Map<String, String> headers) {
    var map = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    map.putAll(headers);
    return Collections.unmodifiableMap(map);
  }
}
