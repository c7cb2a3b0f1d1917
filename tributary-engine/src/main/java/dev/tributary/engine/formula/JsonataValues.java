package dev.tributary.engine.formula;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Turns what the JSONata library returns into plain JSON values (maps, lists, text, numbers, booleans). */
final class JsonataValues {

  private JsonataValues() {}

  static @Nullable Object plain(@Nullable Object value) {
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((key, item) -> result.put(String.valueOf(key), plain(item)));
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>(list.size());
      list.forEach(item -> result.add(plain(item)));
      return result;
    }
    throw new IllegalArgumentException("the expression gave a " + value.getClass().getSimpleName()
        + ", which is not a JSON value (a function?)");
  }
}
