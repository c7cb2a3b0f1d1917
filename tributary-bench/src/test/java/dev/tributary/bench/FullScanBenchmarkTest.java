package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The full-scan load run at a tiny size on the embedded store: it scans, finds exactly the changes
 * made (the run itself fails otherwise) and reports its figures.
 */
class FullScanBenchmarkTest {

  @Test
  void aSmallRunReportsEveryChangeOnceAndItsFigures() throws Exception {
    FullScanBenchmark.Result result = FullScanBenchmark.run(BenchDatabase.H2, 1_000, 0);

    assertThat(result.created()).isEqualTo(10);
    assertThat(result.updated()).isEqualTo(10);
    assertThat(result.deleted()).isEqualTo(10);
    assertThat(result.rawRate()).isPositive();
    assertThat(result.compareRate()).isPositive();
    assertThat(result.row()).startsWith("| h2 | 1,000 |").contains("| 10 / 10 / 10 |");
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
}
