package dev.tributary.connectors.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One small HikariCP pool per connection settings (host, database, user and password). The SPI
 * tells a connector nothing when a connection is dropped, so a pool that has not been used for
 * {@link #RETIRE_AFTER} is closed at the next use of any pool; in between it holds no database
 * connection, because idle connections are closed after {@link #IDLE_TIMEOUT}. Changed
 * credentials give new settings, and so a new pool; the old one retires the same way.
 */
final class Pools implements AutoCloseable {

  static final Duration RETIRE_AFTER = Duration.ofMinutes(10);
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
  static final int MAX_CONNECTIONS = 3;

  private record Entry(HikariDataSource pool, AtomicLong lastUsed) {}

  private final Map<String, Entry> pools = new ConcurrentHashMap<>();
  private final Clock clock;

  Pools(Clock clock) {
    this.clock = clock;
  }

  /** The pool of these settings, opened on first use. */
  HikariDataSource pool(ConnectionSettings settings) {
    long now = clock.millis();
    retireIdle(now);
    Entry entry = pools.computeIfAbsent(settings.poolKey(), key -> new Entry(open(settings, key), new AtomicLong(now)));
    entry.lastUsed().set(now);
    return entry.pool();
  }

  /** How many pools are open. */
  int size() {
    return pools.size();
  }

  private void retireIdle(long now) {
    pools.forEach((key, entry) -> {
      if (now - entry.lastUsed().get() > RETIRE_AFTER.toMillis() && pools.remove(key, entry)) {
        entry.pool().close();
      }
    });
  }

  private static HikariDataSource open(ConnectionSettings settings, String key) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("sql-" + key.substring(0, 12));
    config.setDriverClassName(settings.dialect().driverClass());
    config.setJdbcUrl(settings.jdbcUrl());
    config.setUsername(settings.username());
    config.setPassword(settings.password());
    config.setMaximumPoolSize(MAX_CONNECTIONS);
    config.setMinimumIdle(0);
    config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    // Do not connect when the pool is made: a refused login is answered by the call that needed it.
    config.setInitializationFailTimeout(-1);
    config.setConnectionInitSql(settings.dialect().sessionSetup());
    return new HikariDataSource(config);
  }

  @Override
  public void close() {
    pools.values().forEach(entry -> entry.pool().close());
    pools.clear();
  }
}
