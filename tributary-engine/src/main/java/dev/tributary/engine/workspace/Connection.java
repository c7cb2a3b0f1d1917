package dev.tributary.engine.workspace;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One customer's authenticated account in one integration. Its credentials and connector
 * parameters are kept encrypted and read with {@link ConnectionService#secrets}.
 *
 * @param state the element state ({@code READY} unless something needs the customer)
 */
public record Connection(
    String id,
    String name,
    @Nullable String key,
    String customerId,
    String integrationId,
    String state,
    boolean isTest,
    boolean disconnected,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant lastActiveAt,
    @Nullable Instant archivedAt) {

  public static final String READY = "READY";
}
