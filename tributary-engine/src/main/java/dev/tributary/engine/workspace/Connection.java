package dev.tributary.engine.workspace;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One customer's authenticated account in one integration. Its credentials and connector
 * parameters are kept encrypted and read with {@link ConnectionService#secrets}.
 *
 * @param state the element state ({@code READY} unless something needs the customer)
 * @param error why the connection is not ready and what to do, or null when it is
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
    @Nullable Instant archivedAt,
    @Nullable String error) {

  public static final String READY = "READY";
  /** The customer must act (e.g. reconnect because the app rejected the credentials). */
  public static final String CLIENT_ACTION_REQUIRED = "CLIENT_ACTION_REQUIRED";
}
