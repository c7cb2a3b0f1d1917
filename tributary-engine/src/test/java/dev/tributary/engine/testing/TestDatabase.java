package dev.tributary.engine.testing;

import dev.tributary.engine.store.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases every store test runs against. Each {@link #fresh()} call gives an empty store:
 * an in-memory H2 database, or a new schema in the PostgreSQL named by {@code
 * TRIBUTARY_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code
 * TRIBUTARY_TEST_PG_USER}, default {@code postgres}). PostgreSQL must be running: the test command
 * starts it, and a test never skips because it is missing. The schemas a test JVM made are dropped
 * when it exits, so that runs on a long-lived server do not pile them up.
 */
public enum TestDatabase {
  H2,
  POSTGRESQL;

  public static final String PG_URL = env("TRIBUTARY_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
  public static final String PG_USER = env("TRIBUTARY_TEST_PG_USER", "postgres");
  public static final String PG_PASSWORD = env("TRIBUTARY_TEST_PG_PASSWORD", "");

  /** The PostgreSQL schemas this JVM made, dropped when it exits. */
  private static final java.util.Set<String> SCHEMAS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropSchemas, "drop-test-schemas"));
  }

  /** Settings for a new, empty store. */
  public DatabaseSettings fresh() {
    String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return switch (this) {
      case H2 -> DatabaseSettings.of("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", null, null);
      case POSTGRESQL -> {
        try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
          connection.createStatement().execute("create schema " + name);
          SCHEMAS.add(name);
        } catch (SQLException e) {
          throw new IllegalStateException("PostgreSQL is needed by the store tests and is not reachable at "
              + PG_URL + " as " + PG_USER + " (" + e.getMessage() + "). Run the test command from README.md,"
              + " which starts it, or set TRIBUTARY_TEST_PG_URL.", e);
        }
        yield DatabaseSettings.of(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + name,
            PG_USER, PG_PASSWORD.isEmpty() ? null : PG_PASSWORD);
      }
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  private static void dropSchemas() {
    if (SCHEMAS.isEmpty()) {
      return;
    }
    java.util.List<String> schemas = java.util.List.copyOf(SCHEMAS);
    try (Connection connection = DriverManager.getConnection(PG_URL, PG_USER, PG_PASSWORD)) {
      // Ten at a time: a statement locks every table it drops, and a lock table holds some thousands.
      for (int from = 0; from < schemas.size(); from += 10) {
        connection.createStatement().execute("drop schema if exists "
            + String.join(", ", schemas.subList(from, Math.min(schemas.size(), from + 10))) + " cascade");
      }
    } catch (SQLException e) {
      System.err.println("could not drop the test schemas " + SCHEMAS + ": " + e.getMessage()); // the JVM is exiting anyway
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }
}
