package dev.tributary.engine.json;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The engine's JSON mapper (Jackson 3: ISO-8601 times, no nulls dropped unless annotated). */
public final class Json {

  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private Json() {}

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Reads a JSON object written by {@link #write}; keeps the key order. */
  public static Map<String, Object> readObject(String json) {
    return MAPPER.readValue(json, OBJECT);
  }
}
