package dev.tributary.engine.datasource;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A data source for one connection (and {@code instanceKey}). What the customer chose is stored;
 * without a choice the instance follows its data source's default collection.
 *
 * @param dataSourceId the integration-level data source (an integration's own, or the child of a
 *     universal one)
 * @param collectionKey the customer's choice, or null to follow the default
 */
public record DataSourceInstance(
    String id,
    String dataSourceId,
    String connectionId,
    String customerId,
    String instanceKey,
    @Nullable String collectionKey,
    Map<String, Object> collectionParameters,
    @Nullable Integer pullUpdatesIntervalSeconds,
    @Nullable Integer fullSyncIntervalSeconds,
    boolean isCustomized,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt) {

  public DataSourceInstance {
    collectionParameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(collectionParameters));
  }
}
