package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

  @Test
  void reservationsShareTheBudgetAndGiveTheirShareBackWhenClosed() {
    MemoryBudget budget = new MemoryBudget(100);
    try (MemoryBudget.Reservation first = budget.open()) {
      assertThat(first.cover(60)).isTrue();
      assertThat(first.cover(40)).isTrue(); // already covered: reserves nothing more
      assertThat(budget.reserved()).isEqualTo(60);
      try (MemoryBudget.Reservation second = budget.open()) {
        assertThat(second.cover(41)).isFalse();
        assertThat(budget.reserved()).isEqualTo(60); // a refused reservation takes nothing
        assertThat(second.cover(40)).isTrue();
        assertThat(budget.reserved()).isEqualTo(100);
      }
      assertThat(budget.reserved()).isEqualTo(60);
      assertThat(first.cover(100)).isTrue(); // grows by the difference
      assertThat(budget.reserved()).isEqualTo(100);
    }
    assertThat(budget.reserved()).isZero();
  }

  @Test
  void theDefaultBudgetIsAQuarterOfTheHeap() {
    MemoryBudget budget = MemoryBudget.shareOfHeap();
    long quarter = Runtime.getRuntime().maxMemory() / 4;
    try (MemoryBudget.Reservation reservation = budget.open()) {
      assertThat(reservation.cover(quarter)).isTrue();
      assertThat(reservation.cover(quarter + 1)).isFalse();
    }
  }
}
