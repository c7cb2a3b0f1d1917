package dev.tributary.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A reference to a location with its parameters, as directories list them: {@code {key,
 * parameters?, type, name, isDefault?}}.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LocationPointer(
    String key, Map<String, Object> parameters, String type, String name, @Nullable Boolean isDefault) {
  public LocationPointer {
    Objects.requireNonNull(key, "key == null");
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
  }
}
