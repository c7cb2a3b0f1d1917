package dev.tributary.engine.datasource;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A data source: universal ({@code integrationId} null; optionally bound to a {@code udm}), or for
 * one integration (created directly, or as the child a universal data source applied to that
 * integration: {@code universalDataSourceId} set).
 *
 * @param collectionKey the collection it points to in its integration (null for universal ones,
 *     and for children whose connector maps no collection to the UDM)
 * @param isCustomized an admin changed this integration's child: it no longer follows the
 *     universal data source until reset
 */
public record DataSource(
    String id,
    String key,
    String name,
    @Nullable String integrationId,
    @Nullable String universalDataSourceId,
    @Nullable String udm,
    @Nullable String collectionKey,
    Map<String, Object> collectionParameters,
    @Nullable Integer pullUpdatesIntervalSeconds,
    @Nullable Integer fullSyncIntervalSeconds,
    boolean isCustomized,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt) {

  public static final int DEFAULT_PULL_UPDATES_INTERVAL_SECONDS = 300;
  public static final int DEFAULT_FULL_SYNC_INTERVAL_SECONDS = 10_800;
  public static final int MIN_INTERVAL_SECONDS = 60;

  public DataSource {
    collectionParameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(collectionParameters));
  }

  public boolean isUniversal() {
    return integrationId == null;
  }
}
