package dev.tributary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API run at a tiny size: each target answers what it should (checked before wrk runs), and
 * wrk's figures are read. Needs wrk on the PATH ({@code scripts/services.sh} installs it); without
 * it the test fails with the message saying how to get it, as every test of a needed server does.
 */
class ApiBenchmarkTest {

  @Test
  void aShortRunMeasuresTheSourceAndBothApiCallsAgainstTheirBounds() throws Exception {
    List<ApiBenchmark.Row> rows = ApiBenchmark.run(10, Duration.ofSeconds(1), Duration.ZERO, 2,
        EnumSet.allOf(ApiBenchmark.Pair.class));

    assertThat(rows).extracting(ApiBenchmark.Row::target).containsExactly("source: empty page",
        "API: GET /data-source-instance", "source: page of 10", "API: POST /data-source-instance/collection/list (10 records)");
    assertThat(rows).allSatisfy(row -> assertThat(row.single().requestsPerSecond()).isPositive());
    assertThat(rows.get(1).bound()).isEqualTo(rows.get(0));
    assertThat(rows.get(3).bound()).isEqualTo(rows.get(2));
  }

  @Test
  void targetsNameThePairsToMeasureAndAnUnknownOneIsRefusedByName() {
    assertThat(ApiBenchmark.Pair.parse("list")).containsExactly(ApiBenchmark.Pair.LIST);
    assertThat(ApiBenchmark.Pair.parse("instance, list")).containsExactly(ApiBenchmark.Pair.INSTANCE, ApiBenchmark.Pair.LIST);
    assertThatThrownBy(() -> ApiBenchmark.Pair.parse("instance,lists"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--targets takes instance, list or both (instance,list), not \"lists\"");
  }
}
