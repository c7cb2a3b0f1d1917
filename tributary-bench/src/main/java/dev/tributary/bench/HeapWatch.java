package dev.tributary.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Heap use around one step: the peak is the sum of every heap pool's peak since {@link #reset},
 * which is at least the true peak (pools peak at different moments), so a figure under the limit
 * proves the step fits.
 */
final class HeapWatch {

  private static final long MB = 1024 * 1024;

  private HeapWatch() {}

  private static List<MemoryPoolMXBean> heapPools() {
    return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
  }

  /** Collects garbage and starts measuring peaks from here. */
  static void reset() {
    System.gc();
    heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peaks since {@link #reset}, in MB. */
  static long peakMb() {
    return heapPools().stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() / MB;
  }

  /** The heap in use after a collection, in MB. */
  static long afterGcMb() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB;
  }

  static long maxMb() {
    return Runtime.getRuntime().maxMemory() / MB;
  }

  static String collectors() {
    return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
        .collect(Collectors.joining("+"));
  }
}
