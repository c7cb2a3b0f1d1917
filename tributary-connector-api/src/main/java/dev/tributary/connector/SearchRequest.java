package dev.tributary.connector;

import org.jspecify.annotations.Nullable;

/** {@code search}: a free-text query and the cursor of the previous page (null first). */
public record SearchRequest(String query, @Nullable String cursor) {}
