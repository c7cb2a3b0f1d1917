package dev.tributary.connectors.sql;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Tables as read from the catalog, kept for {@link #FRESH} so that the pages of a listing (and a
 * full scan's hundreds of them) do not each read the catalog again: that is three metadata queries
 * per page, several milliseconds, often more than reading the page itself. Only reads use it. A
 * read that fails because a column or table of a kept entry is gone ({@link #isStale}) drops the
 * entry and runs once more on a fresh one; a column added is seen within {@link #FRESH}.
 */
final class TableCache {

  static final Duration FRESH = Duration.ofSeconds(10);
  /** Past this many entries, the expired ones are dropped, then all if none was. */
  static final int MAX_ENTRIES = 1000;
  /** PostgreSQL's undefined_column and undefined_table; MariaDB's unknown column and unknown table. */
  private static final Set<String> GONE = Set.of("42703", "42P01", "42S22", "42S02");

  /** A table as a connection's parameters name it: the database (its pool's key) and the table parameters. */
  record Key(String database, @Nullable String schema, String table, List<String> keyColumns, @Nullable String updatedAtColumn) {

    static Key of(String database, TableParameters parameters) {
      return new Key(database, parameters.schema(), parameters.table(), parameters.keyColumns(), parameters.updatedAtColumn());
    }
  }

  private record Entry(Table table, long readAt) {}

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
  private final Clock clock;

  TableCache(Clock clock) {
    this.clock = clock;
  }

  /** The table kept for {@code key}, if it was read less than {@link #FRESH} ago. */
  @Nullable Table get(Key key) {
    Entry entry = entries.get(key);
    return entry == null || clock.millis() - entry.readAt() >= FRESH.toMillis() ? null : entry.table();
  }

  void put(Key key, Table table) {
    long now = clock.millis();
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(entry -> now - entry.readAt() >= FRESH.toMillis());
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(key, new Entry(table, now));
  }

  void remove(Key key) {
    entries.remove(key);
  }

  /** Whether the error says a column or table the query named does not exist (any more). */
  static boolean isStale(SQLException e) {
    return e.getSQLState() != null && GONE.contains(e.getSQLState());
  }
}
