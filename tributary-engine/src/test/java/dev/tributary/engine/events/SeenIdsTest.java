package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SeenIdsTest {

  @Test
  void holdsEveryIdAddedThroughGrowingAndNoOther() {
    SeenIds seen = new SeenIds(100_000);
    List<String> ids = IntStream.range(0, 20_000).mapToObj(n -> "record-" + n).toList();

    assertThat(seen.add(ids)).isFalse();
    assertThat(seen.add(List.of("record-7", "record-7"))).isFalse(); // again: one id each

    assertThat(seen.size()).isEqualTo(20_000);
    assertThat(ids).allMatch(seen::contains);
    assertThat(IntStream.range(20_000, 40_000).mapToObj(n -> "record-" + n)).noneMatch(seen::contains);
    assertThat(seen.contains("")).isFalse();
  }

  @Test
  void saysOnceWhenItOutgrowsItsBoundAndTakesNothingMoreAfter() {
    SeenIds seen = new SeenIds(3);

    assertThat(seen.add(List.of("a", "b", "c"))).isFalse();
    assertThat(seen.add(List.of("d"))).isTrue();
    assertThat(seen.stamping()).isTrue();
    seen.clear();

    assertThat(seen.add(List.of("e"))).isFalse();
    assertThat(seen.contains("e")).isFalse();
    assertThat(seen.contains("a")).isFalse();
    assertThat(seen.size()).isZero();
  }
}
