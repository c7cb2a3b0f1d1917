package dev.tributary.connector;

import org.jspecify.annotations.Nullable;

/**
 * Records newest first by update time (each with {@code updatedTime}); the events engine pages
 * until it reaches records it has seen.
 */
public interface PullLatestRecords {

  RecordPage pullLatest(ConnectorContext context, @Nullable String cursor);
}
