package dev.tributary.bench;

import dev.tributary.engine.store.DatabaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The stores a load run can use: the embedded H2 file (the default store) or a fresh schema in the
 * PostgreSQL at {@code TRIBUTARY_BENCH_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code TRIBUTARY_BENCH_PG_USER}, default {@code
 * postgres}), dropped at the end.
 */
enum BenchDatabase {
  H2,
  POSTGRESQL;

  static final String PG_URL = env("TRIBUTARY_BENCH_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  static final String PG_USER = env("TRIBUTARY_BENCH_PG_USER", "postgres");

  /** A store, its PostgreSQL schema (null on H2), and how to remove it. */
  record Store(DatabaseSettings settings, @Nullable String schema, Runnable dropper) {
    void drop() {
      dropper.run();
    }

    /**
     * Rows inserted, updated and deleted in the store so far, from PostgreSQL's statistics; empty on
     * H2. PostgreSQL publishes a connection's counts within about ten seconds of it going idle, so
     * this waits until the sum has not moved for {@link #STATISTICS_SETTLE}.
     */
    OptionalLong rowsWritten() {
      if (schema == null) {
        return OptionalLong.empty();
      }
      long last = -1;
      long stableSince = System.nanoTime();
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        long rows = query("select coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) from pg_stat_user_tables"
            + " where schemaname = '" + schema + "'");
        if (rows != last) {
          last = rows;
          stableSince = System.nanoTime();
        } else if (System.nanoTime() - stableSince >= STATISTICS_SETTLE.toNanos()) {
          return OptionalLong.of(rows);
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while reading PostgreSQL's statistics", e);
        }
      }
      throw new IllegalStateException("PostgreSQL's row counts for " + schema + " did not settle within 2 minutes.");
    }
  }

  static final Duration STATISTICS_SETTLE = Duration.ofSeconds(12);

  static BenchDatabase parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown database \"" + name + "\": use h2 or postgresql.", e);
    }
  }

  Store fresh(Path dataDir) {
    if (this == H2) {
      return new Store(DatabaseSettings.embedded(dataDir).exclusive(), null, () -> {});
    }
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("create schema " + schema);
    return new Store(DatabaseSettings.of(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, PG_USER, null),
        schema, () -> execute("drop schema " + schema + " cascade"));
  }

  private static long query(String sql) {
    try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, null);
        ResultSet result = connection.createStatement().executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + PG_URL + " did not answer \"" + sql + "\": " + e.getMessage(), e);
    }
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, null)) {
      connection.createStatement().execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + PG_URL + " as " + PG_USER + " (" + e.getMessage()
          + "). Start it with scripts/services.sh or set TRIBUTARY_BENCH_PG_URL.", e);
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
