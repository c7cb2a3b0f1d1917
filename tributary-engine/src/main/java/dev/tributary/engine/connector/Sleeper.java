package dev.tributary.engine.connector;

import java.time.Duration;

/** Waits. The HTTP client waits through it so tests can observe waits without spending them. */
@FunctionalInterface
public interface Sleeper {

  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);

  void sleep(Duration duration) throws InterruptedException;
}
