package dev.tributary.engine.connector;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The request budget of one connection: a token bucket refilled at {@code requestsPerSecond}, with
 * room for one second's worth of burst. Every client of the connection draws from the same budget,
 * so pages, writes and pulls together stay under the app's limit. Thread-safe.
 */
final class RateBudget {

  private final double perNano;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  RateBudget(double requestsPerSecond, LongSupplier nanoTime) {
    this.perNano = requestsPerSecond / 1_000_000_000d;
    this.capacity = Math.max(1, requestsPerSecond);
    this.nanoTime = nanoTime;
    this.tokens = capacity;
    this.last = nanoTime.getAsLong();
  }

  /** Takes one request from the budget, waiting (through {@code sleeper}) until there is one. */
  void acquire(Sleeper sleeper) throws InterruptedException {
    Duration wait;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      tokens = Math.min(capacity, tokens + (now - last) * perNano);
      last = now;
      tokens -= 1;
      wait = tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / perNano));
    }
    if (!wait.isZero()) {
      sleeper.sleep(wait);
    }
  }
}
