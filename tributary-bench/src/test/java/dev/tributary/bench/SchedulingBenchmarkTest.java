package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The schedule load run at a tiny size: every subscription gets its baseline (the run fails
 * otherwise), later pulls come round at the interval and are measured, and none is doubled.
 */
class SchedulingBenchmarkTest {

  @Test
  void aSmallRunPullsEverySubscriptionAgainAfterItsIntervalAndMeasuresTheLag() throws Exception {
    SchedulingBenchmark.Result result = SchedulingBenchmark.run(new SchedulingBenchmark.Settings(BenchDatabase.H2, 5, 1,
        Duration.ofSeconds(2), Duration.ofSeconds(15), 4, Duration.ofMillis(500), 3));

    assertThat(result.laterPulls()).isPositive();
    assertThat(result.doublePulls()).isZero();
    assertThat(result.lagP50()).isLessThanOrEqualTo(result.lagP99()).isLessThanOrEqualTo(result.lagMax());
    assertThat(result.row()).startsWith("| h2 | 1 | 4 | 500 | 5 | 2 | 15 |");
  }
}
