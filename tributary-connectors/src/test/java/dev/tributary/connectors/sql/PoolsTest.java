package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pools open without connecting, are shared per settings and retire when unused. */
class PoolsTest {

  static final class MovableClock extends Clock {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  static ConnectionSettings settings(String database) {
    return ConnectionSettings.from(ConnectionSettingsTest.context(Map.of("jdbcUrl", "jdbc:postgresql://db.invalid/" + database)));
  }

  @Test
  void theSameSettingsShareOnePool() {
    try (Pools pools = new Pools(new MovableClock())) {
      assertThat(pools.pool(settings("a"))).isSameAs(pools.pool(settings("a")));
      assertThat(pools.pool(settings("b"))).isNotSameAs(pools.pool(settings("a")));
      assertThat(pools.size()).isEqualTo(2);
    }
  }

  @Test
  void aPoolUnusedLongerThanTheRetirementIsClosedAtTheNextUse() {
    MovableClock clock = new MovableClock();
    try (Pools pools = new Pools(clock)) {
      HikariDataSource dropped = pools.pool(settings("dropped"));
      clock.now = clock.now.plus(Pools.RETIRE_AFTER).minusSeconds(1);
      HikariDataSource kept = pools.pool(settings("kept"));
      assertThat(dropped.isClosed()).isFalse();
      clock.now = clock.now.plus(Duration.ofSeconds(2));
      pools.pool(settings("kept"));
      assertThat(dropped.isClosed()).isTrue();
      assertThat(kept.isClosed()).isFalse();
      assertThat(pools.size()).isEqualTo(1);
    }
  }
}
