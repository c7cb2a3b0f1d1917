package dev.tributary.engine.flow;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A flow: universal ({@code integrationId} null), or an integration's — its own, or the
 * customised copy of a universal flow ({@code universalFlowId} set). An integration without a copy
 * runs the universal flow as it is.
 *
 * @param nodes the nodes by key, in the order they were given
 */
public record Flow(
    String id,
    String key,
    String name,
    @Nullable String integrationId,
    @Nullable String universalFlowId,
    Map<String, FlowNode> nodes,
    Instant createdAt,
    Instant updatedAt) {

  public Flow {
    nodes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodes));
  }

  public boolean isUniversal() {
    return integrationId == null;
  }

  /** An integration's copy of a universal flow, changed by an admin. */
  public boolean isCustomized() {
    return universalFlowId != null;
  }
}
