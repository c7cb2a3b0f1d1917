package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.events.EventSubscription;
import dev.tributary.connector.DataRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The full-scan load run at a tiny size on the embedded store, from the HTTP app and from a SQL
 * table: it scans, finds exactly the changes made (the run itself fails otherwise) and reports
 * its figures.
 */
class FullScanBenchmarkTest {

  @Test
  void aSmallRunReportsEveryChangeOnceInEachRoundAndTheirFigures() throws Exception {
    FullScanBenchmark.Result result;
    try (ScanSource source = ScanSource.open("http", null)) {
      result = FullScanBenchmark.run(source, BenchDatabase.H2, 1_000, 0, Duration.ZERO, 2); // each round checks its own events
    }

    assertThat(result.baselineShares()).matches("\\d+ % / \\d+ %");
    assertThat(result.compareShares()).matches("\\d+ % / \\d+ %");
    assertThat(result.created()).isEqualTo(10);
    assertThat(result.updated()).isEqualTo(10);
    assertThat(result.deleted()).isEqualTo(10);
    assertThat(result.rawRate()).isPositive();
    assertThat(result.compareRate()).isPositive();
    assertThat(result.row()).startsWith("| http | h2 | 1,000 |").contains("| 10 / 10 / 10 |");
  }

  @Test
  void aSmallRunFromASqlTableReportsEveryChangeOnceAndItsFigures() throws Exception {
    FullScanBenchmark.Result result;
    try (ScanSource source = ScanSource.open("sql", null)) {
      result = FullScanBenchmark.run(source, BenchDatabase.H2, 2_500, 300); // pages of 1000: the last one is partial
    }

    assertThat(result.created()).isEqualTo(25);
    assertThat(result.updated()).isEqualTo(25);
    assertThat(result.deleted()).isEqualTo(25);
    assertThat(result.rawRate()).isPositive();
    assertThat(result.compareRate()).isPositive();
    assertThat(result.row()).startsWith("| sql | h2 | 2,500 |").contains("| 25 / 25 / 25 |");
  }

  @Test
  void aSqlRunFailsWhenTheEventsAreNotTheChangesMade() throws Exception {
    try (SqlScanSource sql = new SqlScanSource()) {
      ScanSource oneChangeTooMany = new ExtraChange(sql, "UPDATE " + sql.schema() + ".contacts_main SET city = 'Elsewhere' WHERE id = 5");

      assertThatThrownBy(() -> FullScanBenchmark.run(oneChangeTooMany, BenchDatabase.H2, 1_000, 0))
          .isInstanceOf(IllegalStateException.class).hasMessage("updated: expected 10, got 11");
    }
  }

  @Test
  void theSqlRawScanReadsEveryRowOnceInPagesOfTheGivenSize() {
    try (SqlScanSource sql = new SqlScanSource(100)) {
      ScanSource.Collection collection = sql.collection("main", 200); // exactly two pages: the second has no next
      assertThat(collection.rawScan()).isEqualTo(200);
      assertThat(sql.raw().page("contacts_main", 99L, 100).records()).hasSize(100).first().extracting(r -> r.get("id"))
          .isEqualTo(100L);
      assertThat(sql.raw().page("contacts_main", 99L, 100).more()).isFalse();
      collection.mutate();
      assertThat(collection.rawScan()).isEqualTo(200 - 2 + 2);
      assertThat(collection.expected().records()).isEqualTo(200);
    }
  }

  @Test
  void theSqlRawScanHashesTheFieldsTheConnectorGives() throws Exception {
    try (SqlScanSource sql = new SqlScanSource(); BenchEngine engine = sql.engine(BenchDatabase.H2)) {
      sql.collection("main", 300).mutate(); // changed rows too
      Map<String, Object> table = Map.of("schema", sql.schema(), "table", "contacts_main", "pageSize", 1000);

      List<Map<String, Object>> connector = engine.tributary().connectionData()
          .list(engine.customer(), engine.connection(), "table", table, Map.of(), null).records().stream()
          .map(DataRecord::fields).toList();

      assertThat(connector).hasSize(300 - 3 + 3).isEqualTo(sql.raw().page("contacts_main", null, 1000).records());
      assertThat(connector.get(1)).containsEntry("id", 1L).containsEntry("stage", "changed")
          .containsEntry("updated_at", "2026-06-01T12:00:00Z").containsEntry("tags", List.of("t1", "t1"))
          .containsEntry("score", 1L).containsEntry("active", true);
    }
  }

  @Test
  void theAppListsExactlyTheChangesItCounts() {
    PagedSource.Dataset dataset = new PagedSource.Dataset(250);
    dataset.mutate();

    assertThat(dataset.records()).isEqualTo(250 - 3 + 2);
    assertThat(dataset.changed()).isEqualTo(3);
    assertThat(dataset.page(0, 1000)).contains("\"id\":\"251\"").doesNotContain("\"id\":\"102\"").endsWith("\"next\":null}");
    assertThat(dataset.page(0, 10)).endsWith("\"next\":\"11\"}"); // record 2 is gone, so ten records span eleven slots
  }

  /** A source whose collections change one row more than they count. */
  private record ExtraChange(SqlScanSource sql, String statement) implements ScanSource {

    @Override
    public String name() {
      return sql.name();
    }

    @Override
    public BenchEngine engine(BenchDatabase database) throws IOException {
      return sql.engine(database);
    }

    @Override
    public Collection collection(String name, long records) {
      Collection collection = sql.collection(name, records);
      return new Collection() {
        @Override
        public long rawScan() {
          return collection.rawScan();
        }

        @Override
        public EventSubscription subscribe(BenchEngine engine) {
          return collection.subscribe(engine);
        }

        @Override
        public void mutate() {
          collection.mutate();
          sql.execute(statement);
        }

        @Override
        public PagedSource.Dataset expected() {
          return collection.expected();
        }
      };
    }

    @Override
    public void close() {
      sql.close();
    }
  }
}
