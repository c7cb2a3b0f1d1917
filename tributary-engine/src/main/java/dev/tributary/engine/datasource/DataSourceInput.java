package dev.tributary.engine.datasource;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What an admin sets on a data source. {@code integration} (id or key) makes it specific to one
 * integration; without it, it is universal.
 */
public record DataSourceInput(
    @Nullable String key,
    @Nullable String name,
    @Nullable String integration,
    @Nullable String udm,
    @Nullable String collectionKey,
    @Nullable Map<String, Object> collectionParameters,
    @Nullable Integer pullUpdatesIntervalSeconds,
    @Nullable Integer fullSyncIntervalSeconds) {}
