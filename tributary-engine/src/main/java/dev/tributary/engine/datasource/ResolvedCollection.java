package dev.tributary.engine.datasource;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where an instance points now: the collection and parameters every user of the data source
 * (records, actions, flows, subscriptions) works with for this connection.
 *
 * @param udm the data source's Universal Data Model, or null
 */
public record ResolvedCollection(
    DataSourceInstance instance,
    DataSource dataSource,
    String connectionId,
    String collectionKey,
    Map<String, Object> collectionParameters,
    @Nullable String udm,
    int pullUpdatesIntervalSeconds,
    int fullSyncIntervalSeconds) {}
