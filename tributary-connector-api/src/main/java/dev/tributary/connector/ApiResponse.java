package dev.tributary.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The app's answer. {@code data} is the body parsed as JSON (maps, lists, strings, numbers,
 * booleans) or, when the body is not JSON, its text; null for an empty body. Header names are
 * lower-case.
 */
public record ApiResponse(int statusCode, Map<String, List<String>> headers, @Nullable Object data) {

  public ApiResponse {
    var lower = new LinkedHashMap<String, List<String>>();
    headers.forEach((name, values) -> lower.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    headers = Collections.unmodifiableMap(lower);
  }

  /** The first value of a header, by case-insensitive name. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
  }

  public boolean isSuccess() {
    return statusCode >= 200 && statusCode < 300;
  }
}
