package dev.tributary.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code list}: a filter on {@code list.filterFields}, and the cursor of the previous page (null first). */
public record ListRequest(Map<String, Object> filter, @Nullable String cursor) {
  public ListRequest {
    filter = Collections.unmodifiableMap(new LinkedHashMap<>(filter));
  }

  public static ListRequest firstPage() {
    return new ListRequest(Map.of(), null);
  }
}
