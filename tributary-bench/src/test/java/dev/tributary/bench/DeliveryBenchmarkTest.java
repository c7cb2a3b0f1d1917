package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The delivery load run at a tiny size: every event reaches the sink once, in order, correctly
 * signed (the run fails otherwise), in batches, and on PostgreSQL the rows it wrote are counted.
 */
class DeliveryBenchmarkTest {

  @Test
  void aSmallRunDeliversEveryEventInBatchesOfAHundred() throws Exception {
    DeliveryBenchmark.Result result = DeliveryBenchmark.run(BenchDatabase.H2, 250);

    assertThat(result.events()).isEqualTo(250);
    assertThat(result.calls()).isEqualTo(3);
    assertThat(result.rawRate()).isPositive();
    assertThat(result.deliveryRate()).isPositive();
    assertThat(result.rowsWritten()).isEmpty();
    assertThat(result.row()).startsWith("| h2 | 250 |").contains("| n/a | n/a |");
  }

  @Test
  void onPostgresqlTheRowsWrittenWhileDeliveringAreCounted() throws Exception {
    DeliveryBenchmark.Result result = DeliveryBenchmark.run(BenchDatabase.POSTGRESQL, 300);

    // At least the cursor moved once per batch; far fewer rows than events.
    assertThat(result.rowsWritten()).isPresent();
    assertThat(result.rowsWritten().getAsLong()).isBetween(3L, 299L);
  }
}
