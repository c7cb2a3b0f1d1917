package dev.tributary.bench;

import java.lang.management.ManagementFactory;

/** The machine's one-minute load average, recorded with every result: the machine is shared. */
final class LoadAverage {

  private LoadAverage() {}

  static double now() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
