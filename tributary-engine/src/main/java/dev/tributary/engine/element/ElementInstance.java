package dev.tributary.engine.element;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An element for one connection (and {@code instanceKey}).
 *
 * @param elementId the integration-level element (an integration's own, or the child of a universal one)
 * @param config what the customer set on the instance (e.g. a field mapping's overrides); empty
 *     when it follows the element
 */
public record ElementInstance(
    String id,
    String elementId,
    String connectionId,
    String customerId,
    String instanceKey,
    Map<String, Object> config,
    boolean isCustomized,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt) {

  public ElementInstance {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
  }

  ElementInstance with(Map<String, Object> config, boolean customized, Instant now, @Nullable Instant archivedAt) {
    return new ElementInstance(id, elementId, connectionId, customerId, instanceKey, config, customized, createdAt, now, archivedAt);
  }
}
