package dev.tributary.connectors.dav;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for the JSON Schemas of the collections' fields and parameters. */
final class Schemas {

  private Schemas() {}

  static Map<String, Object> object(Map<String, Object> properties) {
    return Map.of("type", "object", "properties", properties);
  }

  @SafeVarargs
  static Map<String, Object> properties(Map.Entry<String, Object>... entries) {
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : entries) {
      properties.put(entry.getKey(), entry.getValue());
    }
    return properties;
  }

  static Map.Entry<String, Object> field(String name, Map<String, Object> schema) {
    return Map.entry(name, schema);
  }

  static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  static Map<String, Object> readOnly(String description) {
    return Map.of("type", "string", "readOnly", true, "description", description);
  }

  static Map<String, Object> dateTime(String description) {
    return Map.of("type", "string", "description", description + " ISO 8601: a date-time with an offset, or a date for a whole day.");
  }

  static Map<String, Object> readOnlyDateTime(String description) {
    return Map.of("type", "string", "format", "date-time", "readOnly", true, "description", description);
  }

  static Map<String, Object> integer(int min, int max, String description) {
    return Map.of("type", "integer", "minimum", min, "maximum", max, "description", description);
  }

  static Map<String, Object> oneOf(List<String> values, String description) {
    return Map.of("type", "string", "enum", values, "description", description);
  }

  static Map<String, Object> strings(String description) {
    return Map.of("type", "array", "items", Map.of("type", "string"), "description", description);
  }

  static Map<String, Object> objects(Map<String, Object> itemProperties, String description) {
    return Map.of("type", "array", "items", object(itemProperties), "description", description);
  }

  static Map<String, Object> etag() {
    return Map.of("type", "string", "description", "The version the record was read at (its ETag). Given with an update,"
        + " the update is made only if the record is still at that version; otherwise it fails with a conflict.");
  }
}
