package dev.tributary.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/** Moves times in and out of {@code timestamp with time zone} columns the same way on H2 and PG. */
public final class Rows {

  private Rows() {}

  /** A value to bind to a {@code timestamp with time zone} parameter. */
  public static @Nullable OffsetDateTime time(@Nullable Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  public static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  public static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
    Instant value = instant(rs, column);
    if (value == null) {
      throw new IllegalStateException("column " + column + " is null");
    }
    return value;
  }

  /** Now, at the millisecond precision both databases keep. */
  public static Instant now(java.time.Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  /** True when {@code e} is a unique-constraint violation (SQLSTATE 23505 on both databases). */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
