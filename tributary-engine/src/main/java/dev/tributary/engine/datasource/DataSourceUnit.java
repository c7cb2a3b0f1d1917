package dev.tributary.engine.datasource;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An action's or a flow node's {@code config.dataSource} (the reference's DataSourceUnitConfig)
 * resolved for one connection: where its records are now. Made by {@link
 * DataSourceInstanceService#resolveUnit}.
 *
 * @param parameters the collection's parameters: the data source instance's, then the unit's own
 *     {@code collectionParameters} over them
 * @param udm the Universal Data Model the records are unified to, or null
 */
public record DataSourceUnit(
    String connectionId,
    String collectionKey,
    Map<String, Object> parameters,
    @Nullable String udm,
    int pullUpdatesIntervalSeconds,
    int fullSyncIntervalSeconds) {

  public DataSourceUnit {
    parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
  }
}
