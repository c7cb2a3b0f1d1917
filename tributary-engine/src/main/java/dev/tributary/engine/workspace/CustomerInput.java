package dev.tributary.engine.workspace;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a client may set on a customer. On create, {@code internalId} is required; on update, a
 * null value leaves the stored one unchanged (PATCH) or resets it (PUT).
 */
public record CustomerInput(
    @Nullable String internalId, @Nullable String name, @Nullable Map<String, Object> fields) {}
