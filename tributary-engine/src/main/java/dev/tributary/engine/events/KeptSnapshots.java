package dev.tributary.engine.events;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The snapshots in memory that full scans left on this node ({@link SnapshotHashes#settle}), each
 * kept for the next scan of its subscription, which then starts without reading the snapshot from
 * the database (at 100,000 records, a fifth of a scan that finds few changes).
 *
 * <p>A copy is kept with the version its scan wrote to the subscription's row at its end, and
 * serves only a scan that finds that version there still: any other writer of the snapshot (a scan
 * on another node, a pull of the newest records, a new baseline) clears or replaces it first. Kept
 * copies hold their share of the {@link MemoryBudget} that running scans share, and give it up,
 * least recently used first, when a running scan needs it.
 */
final class KeptSnapshots {

  /** A copy kept for {@code version} of its subscription's snapshot, holding {@code reservation}. */
  record Kept(String version, SnapshotHashes snapshot, MemoryBudget.Reservation reservation) {}

  /** By subscription id, the least recently kept or taken first. */
  private final Map<String, Kept> bySubscription = new LinkedHashMap<>();

  /** Keeps {@code kept} for the subscription, giving back the memory of any copy kept for it before. */
  synchronized void put(String subscriptionId, Kept kept) {
    Kept before = bySubscription.put(subscriptionId, kept);
    if (before != null) {
      before.reservation().close();
    }
  }

  /** Takes the subscription's copy out, for its scan to use or drop; null if none is kept. */
  synchronized @Nullable Kept take(String subscriptionId) {
    return bySubscription.remove(subscriptionId);
  }

  /** Drops the subscription's copy (its subscription is gone or starts over). */
  void forget(String subscriptionId) {
    Kept kept = take(subscriptionId);
    if (kept != null) {
      kept.reservation().close();
    }
  }

  /** Drops the copy kept longest ago, giving back its memory; false if none is kept. */
  synchronized boolean dropEldest() {
    Iterator<Kept> eldest = bySubscription.values().iterator();
    if (!eldest.hasNext()) {
      return false;
    }
    Kept kept = eldest.next();
    eldest.remove();
    kept.reservation().close();
    return true;
  }

  /** How many copies are kept. */
  synchronized int size() {
    return bySubscription.size();
  }
}
