package dev.tributary.engine.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tributary.error.InvalidConfigException;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The store: a pooled connection to H2 or PostgreSQL, migrated on open. Features run their SQL
 * through {@link #inTransaction} so that writes which belong together commit together.
 */
public final class Database implements AutoCloseable {

  /** H2 settings that keep its SQL dialect close to PostgreSQL's, so one migration set serves. */
  static final String H2_COMPATIBILITY = "MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";

  private final DatabaseKind kind;
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final RequestReads reads = new RequestReads();

  private Database(DatabaseKind kind, HikariDataSource dataSource) {
    this.kind = kind;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /**
   * Connects, then brings the schema up to date.
   *
   * @throws InvalidConfigException if the URL is not supported or the database cannot be reached
   */
  public static Database open(DatabaseSettings settings) {
    DatabaseKind kind = DatabaseKind.fromUrl(settings.url(), DatabaseSettings.URL_SETTING);
    var config = new HikariConfig();
    config.setJdbcUrl(kind == DatabaseKind.H2 ? withH2Compatibility(settings.url()) : settings.url());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setPoolName("tributary");
    // Fail at once with a clear message instead of retrying in the background.
    config.setInitializationFailTimeout(1);
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new InvalidConfigException(
          DatabaseSettings.URL_SETTING,
          "Cannot connect to the "
              + kind.name()
              + " database at "
              + settings.redactedUrl()
              + (settings.user() == null ? "" : " as user \"" + settings.user() + "\"")
              + ": "
              + rootMessage(e)
              + ". Check TRIBUTARY_DB_URL, TRIBUTARY_DB_USER and TRIBUTARY_DB_PASSWORD, and that"
              + " the database server is running.",
          e);
    }
    var database = new Database(kind, dataSource);
    try {
      database.migrate();
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return database;
  }

  static String withH2Compatibility(String url) {
    StringBuilder result = new StringBuilder(url);
    for (String option : H2_COMPATIBILITY.split(";")) {
      String name = option.substring(0, option.indexOf('=') + 1);
      if (!url.toUpperCase(java.util.Locale.ROOT).contains(";" + name)) {
        result.append(';').append(option);
      }
    }
    return result.toString();
  }

  /**
   * Brings the schema up to date: the migrations of every database in {@code db/migration}, and
   * PostgreSQL's own in {@code db/postgresql}, numbered after the shared one they follow ({@code
   * V25_1} after {@code V25}), so that the two never take the same version.
   */
  private void migrate() {
    Flyway.configure()
        .dataSource(dataSource)
        .locations(kind == DatabaseKind.POSTGRESQL
            ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
            : new String[] {"classpath:db/migration"})
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  public DatabaseKind kind() {
    return kind;
  }

  /** The pool, for libraries that manage their own tables (e.g. a scheduler). */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Runs {@code callback} in one transaction: all its writes commit, or none do. What this
   * thread's request had {@linkplain #reads() memoised} is read again afterwards.
   */
  public <R, X extends Exception> R inTransaction(HandleCallback<R, X> callback) throws X {
    try {
      return jdbi.inTransaction(callback);
    } finally {
      reads.forget();
    }
  }

  /** The reads memoised for the request running on each thread. */
  public RequestReads reads() {
    return reads;
  }

  /** Runs read-only work on a pooled connection, outside any explicit transaction. */
  public <R, X extends Exception> R withHandle(HandleCallback<R, X> callback) throws X {
    return jdbi.withHandle(callback);
  }

  /** True when a connection can be taken from the pool and answers a trivial query. */
  public boolean isHealthy() {
    try (Handle handle = jdbi.open()) {
      return handle.getConnection().isValid(2);
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    @Nullable String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
