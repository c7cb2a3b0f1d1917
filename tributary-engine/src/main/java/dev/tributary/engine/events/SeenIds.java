package dev.tributary.engine.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * The records of the snapshot a full scan has seen, when it does not hold the snapshot itself: a
 * set of record ids kept as 128-bit fingerprints (the first half of each id's SHA-256), two
 * {@code long}s in one array, about 32 bytes an id. Two ids would have to share a fingerprint for
 * a deletion to go unreported, a chance of about 2<sup>-128</sup> per pair, as remote as two
 * records sharing a snapshot hash.
 *
 * <p>Holds at most a bound of ids; past it the scan stamps rows in the database instead.
 */
final class SeenIds {

  private final int bound;
  private final MessageDigest sha256;
  /** Fingerprints by open addressing, two words per slot; a slot of two zero words is empty. */
  private long[] slots = new long[2 * 64];
  private int size;
  private boolean stamping;

  SeenIds(int bound) {
    this.bound = bound;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Adds ids the scan found in the snapshot; true when the set has just outgrown its bound (stamp from now on). */
  boolean add(Collection<String> ids) {
    if (stamping) {
      return false;
    }
    for (String id : ids) {
      put(id);
    }
    stamping = size > bound;
    return stamping;
  }

  boolean contains(String id) {
    long[] fingerprint = fingerprint(id);
    int slot = slotOf(fingerprint[0], fingerprint[1]);
    return slots[slot] != 0 || slots[slot + 1] != 0;
  }

  /** Forgets every id (once the scan stamps the rows it saw instead). */
  void clear() {
    slots = new long[2 * 64];
    size = 0;
  }

  boolean stamping() {
    return stamping;
  }

  int size() {
    return size;
  }

  private void put(String id) {
    if ((size + 1) * 2 > slots.length / 2) {
      grow();
    }
    long[] fingerprint = fingerprint(id);
    int slot = slotOf(fingerprint[0], fingerprint[1]);
    if (slots[slot] == 0 && slots[slot + 1] == 0) {
      slots[slot] = fingerprint[0];
      slots[slot + 1] = fingerprint[1];
      size++;
    }
  }

  /** The index of the slot holding the fingerprint, or of the empty slot where it belongs. */
  private int slotOf(long high, long low) {
    int mask = slots.length / 2 - 1;
    int slot = (int) (high ^ (high >>> 32)) & mask;
    while ((slots[2 * slot] != 0 || slots[2 * slot + 1] != 0) && (slots[2 * slot] != high || slots[2 * slot + 1] != low)) {
      slot = (slot + 1) & mask;
    }
    return 2 * slot;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0 || old[i + 1] != 0) {
        int slot = slotOf(old[i], old[i + 1]);
        slots[slot] = old[i];
        slots[slot + 1] = old[i + 1];
      }
    }
  }

  /** The first 128 bits of the id's SHA-256, never both words zero (that marks an empty slot). */
  private long[] fingerprint(String id) {
    byte[] digest = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (digest[i] & 0xff);
      low = (low << 8) | (digest[8 + i] & 0xff);
    }
    return high == 0 && low == 0 ? new long[] {0, 1} : new long[] {high, low};
  }
}
