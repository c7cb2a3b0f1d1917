package dev.tributary.engine.formula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class JsonataRunnerTest {

  @Test
  void aCallThatOutlastsTheTimeLimitEndsAsAFormulaErrorAndTheCallerGetsControlBack() {
    var release = new CountDownLatch(1);
    try {
      assertThatThrownBy(() -> JsonataRunner.run("$.x.$jsonata", "$pad('x', 1e9)", () -> {
            release.await(); // a built-in call the library cannot stop between steps
            return null;
          }))
          .isInstanceOf(FormulaException.class)
          .hasMessage("Formula error at $.x.$jsonata: the JSONata expression \"$pad('x', 1e9)\" ran longer than 1000 ms. Simplify it.");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aFailingExpressionCarriesTheLibrarysMessage() {
    assertThatThrownBy(() -> JsonataRunner.run("$", "boom", () -> {
          throw new IllegalArgumentException("bad token");
        }))
        .hasMessage("Formula error at $: the JSONata expression \"boom\" failed: bad token");
  }

  @Test
  void aResultComesBackAsItIs() {
    assertThat(JsonataRunner.run("$", "1 + 1", () -> 2)).isEqualTo(2);
  }
}
