package dev.tributary.engine.datasource;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a customer may change on an instance. Choosing another {@code collectionKey} clears the
 * parameters unless new ones are given. {@code path} ({@code /data/<key>?a=1}) is the deprecated
 * form of a collection key with parameters. {@code subscribedTo} ({@code {created, updated,
 * deleted}}) subscribes the instance to its collection's change events.
 */
public record InstanceInput(
    @Nullable String collectionKey,
    @Nullable Map<String, Object> collectionParameters,
    @Nullable String path,
    @Nullable Integer pullUpdatesIntervalSeconds,
    @Nullable Integer fullSyncIntervalSeconds,
    @Nullable Map<String, Boolean> subscribedTo) {

  public InstanceInput(@Nullable String collectionKey, @Nullable Map<String, Object> collectionParameters, @Nullable String path,
      @Nullable Integer pullUpdatesIntervalSeconds, @Nullable Integer fullSyncIntervalSeconds) {
    this(collectionKey, collectionParameters, path, pullUpdatesIntervalSeconds, fullSyncIntervalSeconds, null);
  }
}
