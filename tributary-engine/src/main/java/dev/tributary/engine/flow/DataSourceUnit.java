package dev.tributary.engine.flow;

import dev.tributary.engine.datasource.DataSource;
import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.InvalidInputException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A node's {@code config.dataSource} (the reference's DataSourceUnitConfig), resolved for a flow
 * instance's connection: {@code {key}} names a shared data source, whose instance for the
 * connection (and the flow instance's {@code instanceKey}) decides the collection — the customer's
 * choice reaches every flow at once; {@code {collectionKey, collectionParameters?}} names a
 * collection inline.
 */
record DataSourceUnit(String connectionId, String collectionKey, Map<String, Object> parameters, @Nullable String udm,
    int pullUpdatesIntervalSeconds, int fullSyncIntervalSeconds) {

  @SuppressWarnings("unchecked")
  static DataSourceUnit resolve(DataSourceInstanceService instances, Caller owner, FlowInstance instance, String nodeKey,
      @Nullable Object unit) {
    if (!(unit instanceof Map<?, ?> config)) {
      throw InvalidInputException.forField("nodes." + nodeKey + ".config.dataSource", "Node \"" + nodeKey + "\" needs"
          + " config.dataSource: {\"key\": <data source key>} or {\"collectionKey\": …, \"collectionParameters\": {…}}.");
    }
    if (config.get("key") instanceof String key) {
      ResolvedCollection resolved = instances.resolve(owner, InstanceSelector.of(key, instance.connectionId(), instance.instanceKey()));
      return new DataSourceUnit(resolved.connectionId(), resolved.collectionKey(), resolved.collectionParameters(), resolved.udm(),
          interval(config.get("pullUpdatesIntervalSeconds"), resolved.pullUpdatesIntervalSeconds()),
          interval(config.get("fullSyncIntervalSeconds"), resolved.fullSyncIntervalSeconds()));
    }
    if (config.get("collectionKey") instanceof String collectionKey) {
      Map<String, Object> parameters = config.get("collectionParameters") instanceof Map<?, ?> given
          ? (Map<String, Object>) given : Map.of();
      return new DataSourceUnit(instance.connectionId(), collectionKey, parameters,
          config.get("udm") instanceof String udm ? udm : null,
          interval(config.get("pullUpdatesIntervalSeconds"), DataSource.DEFAULT_PULL_UPDATES_INTERVAL_SECONDS),
          interval(config.get("fullSyncIntervalSeconds"), DataSource.DEFAULT_FULL_SYNC_INTERVAL_SECONDS));
    }
    throw InvalidInputException.forField("nodes." + nodeKey + ".config.dataSource", "Node \"" + nodeKey + "\": config.dataSource"
        + " names no data source. Give {\"key\": <data source key>} (shared) or {\"collectionKey\": …} (inline).");
  }

  private static int interval(@Nullable Object given, int fallback) {
    return given instanceof Number number ? Math.max(DataSource.MIN_INTERVAL_SECONDS, number.intValue()) : fallback;
  }
}
