package dev.tributary.engine.workspace;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A connector enabled in a workspace. Its connector parameters (OAuth client id and secret, …)
 * are kept encrypted and read with {@link IntegrationService#parameters}.
 */
public record Integration(
    String id,
    String key,
    String name,
    String connectorKey,
    @Nullable String connectorVersion,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant archivedAt) {}
