package dev.tributary.engine.datasource;

import dev.tributary.error.InvalidInputException;
import org.jspecify.annotations.Nullable;

/**
 * Names an instance: by {@code id}, or by its data source ({@code dataSourceKey} or {@code
 * dataSourceId}), its {@code connectionId} (a connection id, or for a customer the integration's
 * key) and {@code instanceKey} (empty for the default instance).
 */
public record InstanceSelector(
    @Nullable String id, @Nullable String dataSource, @Nullable String connection, String instanceKey) {

  public InstanceSelector {
    instanceKey = instanceKey == null ? "" : instanceKey;
  }

  public static InstanceSelector of(String dataSource, String connection, @Nullable String instanceKey) {
    return new InstanceSelector(null, dataSource, connection, instanceKey == null ? "" : instanceKey);
  }

  public static InstanceSelector byId(String id) {
    return new InstanceSelector(id, null, null, "");
  }

  void requireComplete() {
    if (id == null && (dataSource == null || connection == null)) {
      throw new InvalidInputException("Name the data source instance by \"id\", or by \"dataSourceKey\" (or"
          + " \"dataSourceId\") and \"connectionId\", with \"instanceKey\" when there are several.");
    }
  }
}
