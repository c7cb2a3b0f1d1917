package dev.tributary.engine.events;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory that the full scans running at one time share for their snapshots in memory. A scan
 * reserves what its copy takes as it loads it; one that would go past the budget does without a
 * copy (it reads the database instead) rather than the node running out of memory when many large
 * collections are scanned at once.
 */
final class MemoryBudget {

  /** The share of the largest heap the JVM may use that scans may hold together: a quarter. */
  static final int HEAP_SHARE_DIVISOR = 4;

  private final long bytes;
  private final AtomicLong reserved = new AtomicLong();

  MemoryBudget(long bytes) {
    this.bytes = bytes;
  }

  /** A quarter of the heap the JVM may grow to. */
  static MemoryBudget shareOfHeap() {
    return new MemoryBudget(Runtime.getRuntime().maxMemory() / HEAP_SHARE_DIVISOR);
  }

  /** A reservation of nothing yet, which {@link Reservation#cover} extends. */
  Reservation open() {
    return new Reservation();
  }

  long reserved() {
    return reserved.get();
  }

  /** One scan's share of the budget; closing it gives the share back. */
  final class Reservation implements AutoCloseable {

    private long held;

    /** Reserves enough to hold {@code total} bytes in all; false (and no more reserved) if the budget has not that much left. */
    boolean cover(long total) {
      long more = total - held;
      if (more <= 0) {
        return true;
      }
      long now;
      do {
        now = reserved.get();
        if (now + more > bytes) {
          return false;
        }
      } while (!reserved.compareAndSet(now, now + more));
      held = total;
      return true;
    }

    /**
     * Hands what this reservation holds to {@code other}, of the same budget, which gives it back
     * when it closes; this one then holds nothing.
     */
    void handTo(Reservation other) {
      if (other.budget() != MemoryBudget.this) {
        throw new IllegalArgumentException("a reservation of another budget");
      }
      other.held += held;
      held = 0;
    }

    private MemoryBudget budget() {
      return MemoryBudget.this;
    }

    @Override
    public void close() {
      reserved.addAndGet(-held);
      held = 0;
    }
  }
}
