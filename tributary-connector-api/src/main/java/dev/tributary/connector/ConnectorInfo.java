package dev.tributary.connector;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a connector is: its stable key (e.g. {@code redmine}), display name and semantic version.
 */
public record ConnectorInfo(String key, String name, String version, @Nullable String description) {
  public ConnectorInfo {
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
  }
}
