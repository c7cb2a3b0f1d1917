package dev.tributary.engine.workspace;

import java.time.Instant;

/** One tenant of Tributary: the SaaS product that embeds it. Its secret is kept apart. */
public record Workspace(String id, String key, String name, Instant createdAt, Instant updatedAt) {}
