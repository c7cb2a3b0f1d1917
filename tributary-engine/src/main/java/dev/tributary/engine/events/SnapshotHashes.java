package dev.tributary.engine.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A full scan's copy of the snapshot in memory: record id → hash, and which of the records held
 * before the scan it has seen. Built for a scan's whole length, so it holds as few objects as it
 * can: the ids, and every hash as four {@code long}s in one array (open-addressing tables rather
 * than a map of strings, which kept five objects per record alive through the scan for the
 * collector to copy and mark again and again).
 *
 * <p>The snapshot as it stood before the scan is loaded first and never changes afterwards, so the
 * threads that hash pages may ask {@link #unchangedSinceStart} while the scan compares earlier
 * pages. Everything else (what the scan saw, added and changed) belongs to the thread comparing
 * pages. Hashes are the 64 hexadecimal digits of a SHA-256 ({@link RecordHashes}); a snapshot
 * holding a hash of another form is not loaded at all.
 */
final class SnapshotHashes {

  /** The snapshot before the scan; filled by {@link #addOlder}, then read-only. */
  private final Table before;
  /** The records of {@link #before} the scan saw, by their slot. */
  private final BitSet seen = new BitSet();
  /** New hashes of records of {@link #before}. */
  private final Map<String, String> changed = new HashMap<>();
  /** The records this scan added. */
  private Table added = new Table(0);

  SnapshotHashes() {
    this(0);
  }

  /**
   * A snapshot sized for {@code expected} records before the scan: its table is allocated once
   * rather than grown (each growth of a large table is an allocation G1 makes outside the young
   * generation, and starts a concurrent marking cycle).
   */
  SnapshotHashes(int expected) {
    before = new Table(expected);
  }

  int size() {
    return before.size + added.size;
  }

  /** Adds a record of the snapshot as it stood before the scan; false if the hash is not 64 hexadecimal digits. */
  boolean addOlder(String id, String hash) {
    return before.put(id, hash);
  }

  /**
   * Whether the snapshot held {@code id} with {@code hash} before the scan. Safe from any thread once
   * loading is done: it reads only what the scan does not change.
   */
  boolean unchangedSinceStart(String id, String hash) {
    int slot = before.slotOf(id);
    return before.holds(slot) && before.hashEquals(slot, hash);
  }

  /** Marks {@code id} seen, if the snapshot held it before the scan. */
  void markSeen(String id) {
    int slot = before.slotOf(id);
    if (before.holds(slot)) {
      seen.set(slot);
    }
  }

  /**
   * The stored hash of each of {@code ids} the snapshot holds now, put into {@code known}; each that
   * was in the snapshot before the scan is marked seen.
   */
  void lookUp(String[] pageIds, Map<String, String> known) {
    for (String id : pageIds) {
      String hash = current(id, true);
      if (hash != null) {
        known.put(id, hash);
      }
    }
  }

  /** The stored hash of {@code id} now, or null; {@code markSeen} marks it seen if the snapshot held it before the scan. */
  private @Nullable String current(String id, boolean markSeen) {
    int slot = before.slotOf(id);
    if (before.holds(slot)) {
      if (markSeen) {
        seen.set(slot);
      }
      String now = changed.get(id);
      return now != null ? now : before.hashAt(slot);
    }
    int addedSlot = added.slotOf(id);
    return added.holds(addedSlot) ? added.hashAt(addedSlot) : null;
  }

  /** What a page wrote: records added to the snapshot, and new hashes of records it held. */
  void wrote(Map<String, String> inserted, Map<String, String> newHashes) {
    inserted.forEach(this::add);
    newHashes.forEach((id, hash) -> {
      if (before.holds(before.slotOf(id))) {
        changed.put(id, hash);
      } else {
        add(id, hash);
      }
    });
  }

  private void add(String id, String hash) {
    if (!added.put(id, hash)) {
      throw new IllegalStateException("a record hash of another form than the scan's own: " + hash);
    }
  }

  /** The records held before the scan that it has seen, in no order. */
  List<String> seen() {
    return before.ids(seen, true);
  }

  /** The records held before the scan that it has not seen, in id order. */
  List<String> olderNotSeen() {
    List<String> gone = before.ids(seen, false);
    gone.sort(null);
    return gone;
  }

  /**
   * Forgets everything but the snapshot from before the scan (at most the scan's bound of records):
   * the scan outgrew the bound and reads the database from now on, and {@link #unchangedSinceStart}
   * is all it still asks.
   */
  void keepOnlyBefore() {
    added = new Table(0);
    changed.clear();
    seen.clear();
  }

  /** For tests: the stored hash of {@code id} now, or null. */
  @Nullable String hashOf(String id) {
    return current(id, false);
  }

  /** Record id → hash by open addressing (linear probing, at most half full), each hash as four words. */
  private static final class Table {

    private static final int WORDS = 4;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private String[] ids;
    private long[] hashes;
    private int size;

    /** A table that holds {@code expected} ids without growing. */
    Table(int expected) {
      int capacity = Integer.highestOneBit(Math.max(8, expected) * 2 + 1) * 2; // a power of two, more than twice expected
      ids = new String[capacity];
      hashes = new long[capacity * WORDS];
    }

    /** Adds or replaces {@code id}'s hash; false (nothing changed) if it is not 64 lower-case hexadecimal digits. */
    boolean put(String id, String hash) {
      if (!isHash(hash)) {
        return false;
      }
      if ((size + 1) * 2 > ids.length) {
        grow();
      }
      int slot = slotOf(id);
      if (ids[slot] == null) {
        ids[slot] = id;
        size++;
      }
      for (int word = 0; word < WORDS; word++) {
        hashes[slot * WORDS + word] = word(hash, word);
      }
      return true;
    }

    /** The slot holding {@code id}, or the empty slot where it belongs. */
    int slotOf(String id) {
      int mask = ids.length - 1;
      int hash = id.hashCode();
      int slot = (hash ^ (hash >>> 16)) & mask;
      while (ids[slot] != null && !ids[slot].equals(id)) {
        slot = (slot + 1) & mask;
      }
      return slot;
    }

    boolean holds(int slot) {
      return ids[slot] != null;
    }

    boolean hashEquals(int slot, String hash) {
      if (!isHash(hash)) {
        return false;
      }
      for (int word = 0; word < WORDS; word++) {
        if (hashes[slot * WORDS + word] != word(hash, word)) {
          return false;
        }
      }
      return true;
    }

    String hashAt(int slot) {
      byte[] digits = new byte[WORDS * 16];
      for (int word = 0; word < WORDS; word++) {
        long value = hashes[slot * WORDS + word];
        for (int digit = 0; digit < 16; digit++) {
          digits[word * 16 + digit] = (byte) HEX[(int) (value >>> (60 - 4 * digit)) & 0xf];
        }
      }
      return new String(digits, StandardCharsets.ISO_8859_1);
    }

    /** The ids whose slot is (or, with {@code in} false, is not) in {@code slots}. */
    List<String> ids(BitSet slots, boolean in) {
      List<String> found = new ArrayList<>();
      for (int slot = 0; slot < ids.length; slot++) {
        if (ids[slot] != null && slots.get(slot) == in) {
          found.add(ids[slot]);
        }
      }
      return found;
    }

    private void grow() {
      String[] oldIds = ids;
      long[] oldHashes = hashes;
      ids = new String[oldIds.length * 2];
      hashes = new long[ids.length * WORDS];
      for (int old = 0; old < oldIds.length; old++) {
        if (oldIds[old] != null) {
          int slot = slotOf(oldIds[old]);
          ids[slot] = oldIds[old];
          System.arraycopy(oldHashes, old * WORDS, hashes, slot * WORDS, WORDS);
        }
      }
    }

    /** The value of each lower-case hexadecimal digit, by character; -1 for any other character below 128. */
    private static final byte[] DIGITS = new byte[128];

    static {
      java.util.Arrays.fill(DIGITS, (byte) -1);
      for (int i = 0; i < HEX.length; i++) {
        DIGITS[HEX[i]] = (byte) i;
      }
    }

    /** Whether {@code hash} is 64 lower-case hexadecimal digits. */
    private static boolean isHash(String hash) {
      if (hash.length() != WORDS * 16) {
        return false;
      }
      for (int i = 0; i < hash.length(); i++) {
        char c = hash.charAt(i);
        if (c >= 128 || DIGITS[c] < 0) {
          return false;
        }
      }
      return true;
    }

    /** The {@code word}th sixteen digits of a hash that {@link #isHash} accepted, as a number. */
    private static long word(String hash, int word) {
      long value = 0;
      for (int i = word * 16; i < word * 16 + 16; i++) {
        value = (value << 4) | DIGITS[hash.charAt(i)];
      }
      return value;
    }
  }
}
