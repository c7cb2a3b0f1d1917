package dev.tributary.bench;

import dev.tributary.engine.store.DatabaseSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

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

  /** A store and how to remove it. */
  record Store(DatabaseSettings settings, Runnable dropper) {
    void drop() {
      dropper.run();
    }
  }

  static BenchDatabase parse(String name) {
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Unknown database \"" + name + "\": use h2 or postgresql.", e);
    }
  }

  Store fresh(Path dataDir) {
    if (this == H2) {
      return new Store(DatabaseSettings.embedded(dataDir).exclusive(), () -> {});
    }
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute("create schema " + schema);
    return new Store(DatabaseSettings.of(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema, PG_USER, null),
        () -> execute("drop schema " + schema + " cascade"));
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
