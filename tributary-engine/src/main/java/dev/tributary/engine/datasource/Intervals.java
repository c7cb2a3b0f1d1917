package dev.tributary.engine.datasource;

import dev.tributary.error.InvalidInputException;
import org.jspecify.annotations.Nullable;

/** The pull and full-sync intervals: at least a minute each. */
final class Intervals {

  private Intervals() {}

  static @Nullable Integer check(String field, @Nullable Integer seconds) {
    if (seconds != null && seconds < DataSource.MIN_INTERVAL_SECONDS) {
      throw InvalidInputException.forField(field, "Invalid " + field + " " + seconds + ": must be at least "
          + DataSource.MIN_INTERVAL_SECONDS + " seconds. Leave it out to use the default ("
          + (field.startsWith("pull") ? DataSource.DEFAULT_PULL_UPDATES_INTERVAL_SECONDS : DataSource.DEFAULT_FULL_SYNC_INTERVAL_SECONDS)
          + " seconds).");
    }
    return seconds;
  }
}
