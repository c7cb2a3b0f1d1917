package dev.tributary.engine.flow;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A flow for one connection (and {@code instanceKey}). Enabled when created: its data-record
 * triggers hold event subscriptions on the collections their data sources point to for this
 * connection, and every matching event launches a run. A disabled instance is launched by no
 * event, but still runs through the API.
 *
 * @param error why a trigger could not subscribe (e.g. its data source points to no collection), or null
 */
public record FlowInstance(
    String id,
    String flowKey,
    String connectionId,
    String customerId,
    String instanceKey,
    @Nullable String name,
    boolean enabled,
    @Nullable String error,
    Instant createdAt,
    Instant updatedAt) {}
