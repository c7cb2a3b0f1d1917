package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.testing.MutableClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The tables kept between reads: fresh for ten seconds, per database and table parameters. */
class TableCacheTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final TableCache cache = new TableCache(clock);
  final Table people = new Table("app", "people", false, List.of(), List.of());
  final TableCache.Key key = TableCache.Key.of("db-1", TableParameters.from(Map.of("schema", "app", "table", "people")));

  @Test
  void aTableIsKeptWhileFreshThenReadAgain() {
    assertThat(cache.get(key)).isNull();
    cache.put(key, people);

    clock.advance(TableCache.FRESH.minus(Duration.ofMillis(1)));
    assertThat(cache.get(key)).isSameAs(people);
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.get(key)).isNull();
  }

  @Test
  void anotherDatabaseOrOtherParametersNameAnotherEntry() {
    cache.put(key, people);

    assertThat(cache.get(TableCache.Key.of("db-2", TableParameters.from(Map.of("schema", "app", "table", "people")))))
        .isNull();
    assertThat(cache.get(TableCache.Key.of("db-1", TableParameters.from(Map.of("schema", "app", "table", "people",
        "keyColumns", List.of("email")))))).isNull();
    assertThat(cache.get(TableCache.Key.of("db-1", TableParameters.from(Map.of("schema", "app", "table", "people",
        "pageSize", 10))))).isSameAs(people); // the page size does not change the table
  }

  @Test
  void aFullCacheDropsItsExpiredEntriesFirst() {
    for (int i = 0; i < TableCache.MAX_ENTRIES - 1; i++) {
      cache.put(new TableCache.Key("db-" + i, null, "t", List.of(), null), people);
    }
    clock.advance(TableCache.FRESH);
    cache.put(key, people);
    TableCache.Key recent = new TableCache.Key("db-recent", null, "t", List.of(), null);
    cache.put(recent, people);

    assertThat(cache.get(key)).isSameAs(people);
    assertThat(cache.get(recent)).isSameAs(people);
  }

  @Test
  void onlyAMissingColumnOrTableMakesAKeptTableStale() {
    assertThat(TableCache.isStale(new SQLException("column \"email\" does not exist", "42703"))).isTrue();
    assertThat(TableCache.isStale(new SQLException("relation \"people\" does not exist", "42P01"))).isTrue();
    assertThat(TableCache.isStale(new SQLException("Unknown column 'email'", "42S22"))).isTrue();
    assertThat(TableCache.isStale(new SQLException("permission denied", "42501"))).isFalse();
    assertThat(TableCache.isStale(new SQLException("no state"))).isFalse();
  }
}
