package dev.tributary.testkit.replay;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/** Small HTTP helpers shared by fixtures, the validator and the server. */
final class Http {

  static final String CONTENT_TYPE = "Content-Type";
  static final String JSON = "application/json";

  private Http() {}

  /** {@code ?a=1&b=2&b=3}, not encoded (for messages), or empty when there is no parameter. */
  static String queryString(Map<String, List<String>> query) {
    if (query.isEmpty()) {
      return "";
    }
    var joiner = new StringJoiner("&", "?", "");
    query.forEach((name, values) -> values.forEach(value -> joiner.add(name + "=" + value)));
    return joiner.toString();
  }

  /**
   * Decodes a raw query string as browsers and the JDK's {@code URLEncoder} write it ({@code +} is a
   * space); parameters keep their order and repeated names collect their values.
   */
  static Map<String, List<String>> parseQuery(@Nullable String rawQuery) {
    var query = new LinkedHashMap<String, List<String>>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return query;
  }

  /** Whether {@code contentType} is JSON: {@code application/json} or any {@code +json} type. */
  static boolean isJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals(JSON) || mediaType.endsWith("+json");
  }

  /** Whether a header's value must not appear in messages (credentials). */
  static boolean isSecret(String headerName) {
    String name = headerName.toLowerCase(Locale.ROOT);
    return name.equals("authorization") || name.equals("cookie") || name.equals("proxy-authorization")
        || name.contains("token") || name.contains("key") || name.contains("secret");
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
