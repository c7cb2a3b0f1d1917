package dev.tributary.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/** Reading fields of a request body that its schema already checked. */
public final class Bodies {

  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private Bodies() {}

  /** A text field, or null when absent or null. */
  public static @Nullable String text(@Nullable JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  /** An object field as a map, or an empty map when absent or null. */
  public static Map<String, Object> object(@Nullable JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    return value == null || value.isNull() ? Map.of() : Json.MAPPER.convertValue(value, OBJECT);
  }

  /** An object field as a map, or null when absent or null (to tell "not given" from "empty"). */
  public static @Nullable Map<String, Object> optionalObject(@Nullable JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    return value == null || value.isNull() ? null : Json.MAPPER.convertValue(value, OBJECT);
  }

  /** An integer field, or null when absent or null. */
  public static @Nullable Integer integer(@Nullable JsonNode body, String field) {
    JsonNode value = body == null ? null : body.get(field);
    return value == null || value.isNull() ? null : value.asInt();
  }
}
