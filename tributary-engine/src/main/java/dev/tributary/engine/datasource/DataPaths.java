package dev.tributary.engine.datasource;

import dev.tributary.error.InvalidInputException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The deprecated location paths {@code /data/<key>?a=1}: parameters from a path are text. */
final class DataPaths {

  private DataPaths() {}

  record Location(String key, Map<String, Object> parameters) {}

  static Location parse(String path) {
    String text = path.startsWith("/") ? path.substring(1) : path;
    if (!text.startsWith("data/") || text.length() <= 5) {
      throw InvalidInputException.forField("path", "Invalid path \"" + path + "\": write /data/<collection key>, with"
          + " parameters as a query string (/data/issues?projectId=7), or use collectionKey and collectionParameters.");
    }
    String rest = text.substring(5);
    int query = rest.indexOf('?');
    String key = query < 0 ? rest : rest.substring(0, query);
    Map<String, Object> parameters = new LinkedHashMap<>();
    if (query >= 0) {
      for (String pair : rest.substring(query + 1).split("&")) {
        if (!pair.isEmpty()) {
          String[] parts = pair.split("=", 2);
          parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
              parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
      }
    }
    return new Location(URLDecoder.decode(key, StandardCharsets.UTF_8), parameters);
  }

  static @Nullable String format(@Nullable String key, Map<String, Object> parameters) {
    if (key == null) {
      return null;
    }
    StringBuilder path = new StringBuilder("/data/").append(URLEncoder.encode(key, StandardCharsets.UTF_8));
    String separator = "?";
    for (Map.Entry<String, Object> entry : parameters.entrySet()) {
      if (entry.getValue() != null) {
        path.append(separator).append(URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(String.valueOf(entry.getValue()), StandardCharsets.UTF_8));
        separator = "&";
      }
    }
    return path.toString();
  }
}
