package dev.tributary.engine.element;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A layered element: universal ({@code integrationId} null), or for one integration (created
 * directly, or the child of a universal element: {@code universalId} set).
 *
 * @param spec what the feature keeps on the element (a field mapping's values, an action's type
 *     and config), as JSON
 * @param isCustomized an admin changed this integration's child: it no longer follows the universal
 *     element until reset
 */
public record Element(
    String id,
    String key,
    String name,
    @Nullable String integrationId,
    @Nullable String universalId,
    Map<String, Object> spec,
    boolean isCustomized,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt) {

  public Element {
    spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
  }

  public boolean isUniversal() {
    return integrationId == null;
  }

  Element with(String key, String name, Map<String, Object> spec, boolean customized, Instant now, @Nullable Instant archivedAt) {
    return new Element(id, key, name, integrationId, universalId, spec, customized, createdAt, now, archivedAt);
  }
}
