package dev.tributary.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestReadsTest {

  final RequestReads reads = new RequestReads();
  final AtomicInteger count = new AtomicInteger();

  private Integer read() {
    return count.incrementAndGet();
  }

  @Test
  void memoisedReadsAKeyOnceWithinASpan() {
    try (RequestReads.Span span = reads.open()) {
      assertThat(reads.memoised("row", this::read)).isEqualTo(1);
      assertThat(reads.memoised("row", this::read)).isEqualTo(1);
      assertThat(reads.memoised("other row", this::read)).isEqualTo(2);
    }
  }

  @Test
  void outsideASpanEveryCallReads() {
    reads.memoised("row", this::read);
    reads.remember("row", 42);

    assertThat(reads.memoised("row", this::read)).isEqualTo(2);
  }

  @Test
  void closingTheSpanForgetsWhatItRead() {
    try (RequestReads.Span span = reads.open()) {
      reads.memoised("row", this::read);
    }
    try (RequestReads.Span span = reads.open()) {
      assertThat(reads.memoised("row", this::read)).isEqualTo(2);
    }
  }

  @Test
  void forgetMakesTheOpenSpanReadAgain() {
    try (RequestReads.Span span = reads.open()) {
      reads.memoised("row", this::read);
      reads.forget();

      assertThat(reads.memoised("row", this::read)).isEqualTo(2);
    }
  }

  @Test
  void aSpanOpenedInsideAnotherLeavesItsReadsToTheOuterOne() {
    try (RequestReads.Span outer = reads.open()) {
      reads.memoised("row", this::read);
      try (RequestReads.Span inner = reads.open()) {
        reads.memoised("row", this::read);
      }

      assertThat(reads.memoised("row", this::read)).isEqualTo(1);
    }
  }

  @Test
  void rememberedValuesSaveTheirRead() {
    try (RequestReads.Span span = reads.open()) {
      reads.remember("row", 42);

      assertThat(reads.memoised("row", this::read)).isEqualTo(42);
      assertThat(count).hasValue(0);
    }
  }
}
