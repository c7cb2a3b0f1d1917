package dev.tributary.engine.events;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's watch on one (connection, collection, parameters), shared by everything that needs
 * its events.
 *
 * @param strategy how changes are found: {@code full-scan} compares each scan with the snapshot
 * @param baselineDone the first pull recorded what existed; events start after it
 * @param error why the last pull failed, and what to do; null after a good pull
 */
public record EventSubscription(
    String id,
    String connectionId,
    String customerId,
    String collectionKey,
    Map<String, Object> parameters,
    String strategy,
    String status,
    boolean baselineDone,
    @Nullable String error,
    Instant createdAt,
    Instant updatedAt) {

  public static final String FULL_SCAN = "full-scan";
  public static final String SUBSCRIBED = "subscribed";
  public static final String ERROR = "error";
}
