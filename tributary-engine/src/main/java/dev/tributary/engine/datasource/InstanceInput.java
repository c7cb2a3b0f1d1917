package dev.tributary.engine.datasource;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a customer may change on an instance. Choosing another {@code collectionKey} clears the
 * parameters unless new ones are given. {@code path} ({@code /data/<key>?a=1}) is the deprecated
 * form of a collection key with parameters.
 */
public record InstanceInput(
    @Nullable String collectionKey,
    @Nullable Map<String, Object> collectionParameters,
    @Nullable String path,
    @Nullable Integer pullUpdatesIntervalSeconds,
    @Nullable Integer fullSyncIntervalSeconds) {}
