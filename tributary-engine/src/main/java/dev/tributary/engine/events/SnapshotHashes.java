package dev.tributary.engine.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A full scan's copy of the snapshot in memory: record id → hash, and which of the records held
 * before the scan it has seen. Built for a scan's whole length, so it holds no object per record:
 * each table is three arrays, the ids' UTF-8 bytes one after another, each slot's place in them,
 * and each slot's hash as two {@code long}s (a map of strings kept five objects per record alive
 * through the scan, for the collector to copy and mark again and again). About 30 bytes a record
 * and the id's length; {@link #bytes} says how much.
 *
 * <p>The table answers whether a record's hash is the one it holds, which is all a scan asks, and
 * does not give that hash back: {@link #lookUp} says {@link #ANOTHER_HASH} where it differs.
 *
 * <p>The snapshot as it stood before the scan is loaded first (or is what the scan before left, see
 * {@link #settle}) and does not change during the scan, so the
 * threads that hash pages may ask {@link #unchangedSinceStart} while the scan compares earlier
 * pages. Everything else (what the scan saw, added and changed) belongs to the thread comparing
 * pages. Hashes are {@value RecordHashes#HASH_DIGITS} hexadecimal digits; a snapshot holding a hash of
 * another form is not loaded at all.
 */
final class SnapshotHashes {

  /** What {@link #lookUp} gives for a record whose stored hash is not the listed one; equal to no hash. */
  static final String ANOTHER_HASH = "(another hash)";

  /** The snapshot before the scan; filled by {@link #addOlder} (or by the scan before, see {@link #settle}), then read-only. */
  private Table before;
  /** The records of {@link #before} the scan saw, by their slot. */
  private final BitSet seen = new BitSet();
  private int seenCount;
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

  /** How many records the snapshot held before the scan. */
  int sizeBefore() {
    return before.size;
  }

  /** How many records the scan added to the snapshot or changed in it, as this copy keeps them. */
  int written() {
    return added.size + changed.size();
  }

  /** How many records held before the scan it has seen. */
  int seenCount() {
    return seenCount;
  }

  /** About how many bytes a copy of {@code expected} records takes as it is loaded. */
  static long bytesFor(int expected) {
    return Table.bytesFor(expected) + Table.capacityFor(expected) / 8;
  }

  /** About what a changed hash costs in {@link #changed}: a map entry, and the id and hash as strings. */
  private static final long CHANGED_ENTRY_BYTES = 200;

  /** About how many bytes of memory this copy holds. */
  long bytes() {
    return before.bytes() + added.bytes() + seen.size() / 8 + changed.size() * CHANGED_ENTRY_BYTES;
  }

  /** Adds a record of the snapshot as it stood before the scan; false if the hash is not of {@link RecordHashes}' form. */
  boolean addOlder(String id, String hash) {
    return before.put(utf8(id), hash);
  }

  /**
   * Whether the snapshot held {@code id} with {@code hash} before the scan. Safe from any thread once
   * loading is done: it reads only what the scan does not change.
   */
  boolean unchangedSinceStart(String id, String hash) {
    return slotIfUnchanged(id, hash) >= 0;
  }

  /**
   * Where the snapshot held {@code id} with {@code hash} before the scan, for {@link #markSeenAt};
   * -1 if it did not. Safe from any thread once loading is done, as {@link #unchangedSinceStart}.
   */
  int slotIfUnchanged(String id, String hash) {
    int slot = before.slotOf(utf8(id));
    return before.holds(slot) && before.hashEquals(slot, hash) ? slot : -1;
  }

  /** Marks {@code id} seen, if the snapshot held it before the scan. */
  void markSeen(String id) {
    markSeenAt(before.slotOf(utf8(id)));
  }

  /** Marks the record at {@code slot} seen (a slot {@link #slotIfUnchanged} gave, or an empty one: nothing). */
  void markSeenAt(int slot) {
    if (before.holds(slot) && !seen.get(slot)) {
      seen.set(slot);
      seenCount++;
    }
  }

  /**
   * What the snapshot holds now for each record of a page ({@code ids} with their listed {@code
   * hashes}), put into {@code known} by id: the listed hash where the stored one is the same, the
   * stored hash where the scan changed it, {@link #ANOTHER_HASH} where it differs otherwise, and
   * nothing for a record it does not hold. A record listed twice is looked up for its first
   * listing. Each record the snapshot held before the scan is marked seen.
   */
  void lookUp(List<String> ids, List<String> hashes, Map<String, String> known) {
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (known.containsKey(id)) {
        continue;
      }
      String hash = hashes.get(i);
      byte[] key = utf8(id);
      int slot = before.slotOf(key);
      if (before.holds(slot)) {
        markSeenAt(slot);
        String now = changed.get(id);
        known.put(id, now != null ? now : before.hashEquals(slot, hash) ? hash : ANOTHER_HASH);
        continue;
      }
      int addedSlot = added.slotOf(key);
      if (added.holds(addedSlot)) {
        known.put(id, added.hashEquals(addedSlot, hash) ? hash : ANOTHER_HASH);
      }
    }
  }

  /** What a page wrote: records added to the snapshot, and new hashes of records it held. */
  void wrote(Map<String, String> inserted, Map<String, String> newHashes) {
    inserted.forEach(this::add);
    newHashes.forEach((id, hash) -> {
      if (before.holds(before.slotOf(utf8(id)))) {
        changed.put(id, hash);
      } else {
        add(id, hash);
      }
    });
  }

  private void add(String id, String hash) {
    if (!added.put(utf8(id), hash)) {
      throw new IllegalStateException("a record hash of another form than the scan's own: " + hash);
    }
  }

  /** The records held before the scan that it has not seen, in id order. */
  List<String> olderNotSeen() {
    List<String> gone = before.ids(seen, false);
    gone.sort(null);
    return gone;
  }

  /**
   * Makes this copy the snapshot as the scan left it, for the next scan to start from without
   * reading the database: the records {@code gone} (those {@link #olderNotSeen} gave, which the scan
   * removed) are dropped, the changed hashes and the added records taken in, and nothing is marked
   * seen. Only for a scan that wrote nothing it did not keep here (no {@link #forgetWritten}), and
   * only once its pages are all compared: the threads hashing pages read the snapshot from before
   * the scan without a lock. Returns this copy, or null when dropping records has left too much of
   * its memory unused (more than half its ids' bytes): the next scan then loads a compact copy.
   */
  @Nullable SnapshotHashes settle(List<String> gone) {
    if (forgotten) {
      throw new IllegalStateException("this copy forgot what the scan wrote: it is not the snapshot the scan left");
    }
    gone.forEach(id -> before.remove(utf8(id)));
    changed.forEach((id, hash) -> before.put(utf8(id), hash));
    Table larger = before.size >= added.size ? before : added;
    larger.putAll(larger == before ? added : before);
    before = larger;
    added = new Table(0);
    changed.clear();
    seen.clear();
    seenCount = 0;
    return before.wasted() * 2 > before.idBytes() ? null : this;
  }

  /** Whether {@link #forgetWritten} was called: the copy no longer knows what the scan wrote. */
  private boolean forgotten;

  /**
   * Forgets what the scan added and changed, keeping the snapshot from before the scan and which
   * of its records the scan saw: the scan wrote more than it keeps in memory and reads the
   * database from now on; {@link #unchangedSinceStart}, {@link #markSeen} and {@link
   * #olderNotSeen} still serve it.
   */
  void forgetWritten() {
    forgotten = true;
    added = new Table(0);
    changed.clear();
  }

  /** For tests: whether the snapshot holds {@code id} now with {@code hash}. */
  boolean holds(String id, String hash) {
    byte[] key = utf8(id);
    int slot = before.slotOf(key);
    if (before.holds(slot)) {
      String now = changed.get(id);
      return now != null ? now.equals(hash) : before.hashEquals(slot, hash);
    }
    int addedSlot = added.slotOf(key);
    return added.holds(addedSlot) && added.hashEquals(addedSlot, hash);
  }

  /** For tests: whether the snapshot holds {@code id} now. */
  boolean holds(String id) {
    byte[] key = utf8(id);
    return before.holds(before.slotOf(key)) || added.holds(added.slotOf(key));
  }

  private static byte[] utf8(String id) {
    return id.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Record id → the first 128 bits of its hash, by open addressing (linear probing, at most
   * {@value #LOAD_PERCENT} % full). The ids are kept as their UTF-8 bytes in one array, each
   * preceded by its length (seven bits a byte, the last byte below 128); a slot holds where its id
   * begins in that array, plus one (0: the slot is empty).
   */
  private static final class Table {

    private static final int WORDS = 2;
    private static final int LOAD_PERCENT = 70;

    private int[] places;
    private long[] hashes;
    private byte[] ids;
    private int idsLength;
    private int size;
    private long wasted;

    /** A table that holds {@code expected} ids without growing its slots. */
    Table(int expected) {
      int capacity = capacityFor(expected);
      places = new int[capacity];
      hashes = new long[capacity * WORDS];
      ids = new byte[idBytesFor(expected)];
    }

    static int capacityFor(int expected) {
      return (int) Math.max(8, Math.min(Integer.MAX_VALUE / WORDS - 8, expected * 100L / LOAD_PERCENT + 1));
    }

    /** Room for ids of up to fifteen bytes (more takes growing). */
    private static int idBytesFor(int expected) {
      return (int) Math.max(64, Math.min(Integer.MAX_VALUE - 8, expected * 16L));
    }

    static long bytesFor(int expected) {
      return capacityFor(expected) * (4L + 8L * WORDS) + idBytesFor(expected);
    }

    long bytes() {
      return places.length * (4L + 8L * WORDS) + ids.length;
    }

    /** Adds or replaces {@code id}'s hash; false (nothing changed) if it is not of {@link RecordHashes}' form. */
    boolean put(byte[] id, String hash) {
      if (!isHash(hash)) {
        return false;
      }
      int slot = slotAdding(id);
      for (int word = 0; word < WORDS; word++) {
        hashes[slot * WORDS + word] = word(hash, word);
      }
      return true;
    }

    /**
     * Removes {@code id}, if held, moving back the ids after it in its run of full slots that may
     * take its place (deletion in linear probing, with no marker left behind). Its bytes stay in
     * {@link #ids}, unused: {@link #wasted} counts them.
     */
    void remove(byte[] id) {
      int hole = slotOf(id);
      if (places[hole] == 0) {
        return;
      }
      int place = places[hole] - 1;
      int length = lengthAt(place);
      wasted += lengthBytes(length) + length;
      places[hole] = 0;
      size--;
      for (int next = hole + 1 == places.length ? 0 : hole + 1; places[next] != 0;
          next = next + 1 == places.length ? 0 : next + 1) {
        int home = home(hashCodeAt(places[next] - 1));
        // The id at next may move to the hole unless its home lies cyclically after the hole, up to next.
        boolean staysPut = hole <= next ? home > hole && home <= next : home > hole || home <= next;
        if (!staysPut) {
          places[hole] = places[next];
          System.arraycopy(hashes, next * WORDS, hashes, hole * WORDS, WORDS);
          places[next] = 0;
          hole = next;
        }
      }
    }

    /** The slot holding {@code id}, which is added (its hash still to be set) if not held, growing the table first if need be. */
    private int slotAdding(byte[] id) {
      if ((size + 1) * 100L > (long) places.length * LOAD_PERCENT) {
        grow();
      }
      int slot = slotOf(id);
      if (places[slot] == 0) {
        places[slot] = append(id) + 1;
        size++;
      }
      return slot;
    }

    /** Adds every id of {@code other} with its hash (replacing the hash of an id held already). */
    void putAll(Table other) {
      for (int slot = 0; slot < other.places.length; slot++) {
        if (other.places[slot] != 0) {
          int place = other.places[slot] - 1;
          int length = other.lengthAt(place);
          int start = place + lengthBytes(length);
          int at = slotAdding(Arrays.copyOfRange(other.ids, start, start + length));
          System.arraycopy(other.hashes, slot * WORDS, hashes, at * WORDS, WORDS);
        }
      }
    }

    /** Bytes of {@link #ids} that removed ids left unused. */
    long wasted() {
      return wasted;
    }

    /** Bytes of {@link #ids} in use, by the ids held and those removed. */
    long idBytes() {
      return idsLength;
    }

    /** The slot holding {@code id}, or the empty slot where it belongs. */
    int slotOf(byte[] id) {
      int slot = home(Arrays.hashCode(id));
      while (places[slot] != 0 && !idAt(places[slot] - 1, id)) {
        slot = slot + 1 == places.length ? 0 : slot + 1;
      }
      return slot;
    }

    boolean holds(int slot) {
      return places[slot] != 0;
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

    /** The ids whose slot is (or, with {@code in} false, is not) in {@code slots}. */
    List<String> ids(BitSet slots, boolean in) {
      List<String> found = new ArrayList<>();
      for (int slot = 0; slot < places.length; slot++) {
        if (places[slot] != 0 && slots.get(slot) == in) {
          int place = places[slot] - 1;
          int length = lengthAt(place);
          int start = place + lengthBytes(length);
          found.add(new String(ids, start, length, StandardCharsets.UTF_8));
        }
      }
      return found;
    }

    /** The slot where a key of this hash code starts looking: the code mixed (MurmurHash3's finish), scaled to the slots. */
    private int home(int code) {
      int h = code;
      h ^= h >>> 16;
      h *= 0x85ebca6b;
      h ^= h >>> 13;
      h *= 0xc2b2ae35;
      h ^= h >>> 16;
      return (int) (((h & 0xffffffffL) * places.length) >>> 32);
    }

    /** The hash code of the id stored at {@code place}: {@link Arrays#hashCode(byte[])} of its bytes. */
    private int hashCodeAt(int place) {
      int length = lengthAt(place);
      int start = place + lengthBytes(length);
      int code = 1;
      for (int i = start; i < start + length; i++) {
        code = 31 * code + ids[i];
      }
      return code;
    }

    /** Whether the id stored at {@code place} is {@code id}. */
    private boolean idAt(int place, byte[] id) {
      int length = lengthAt(place);
      int start = place + lengthBytes(length);
      return length == id.length && Arrays.equals(ids, start, start + length, id, 0, length);
    }

    private int lengthAt(int place) {
      int length = 0;
      int shift = 0;
      int b;
      do {
        b = ids[place++];
        length |= (b & 0x7f) << shift;
        shift += 7;
      } while (b < 0);
      return length;
    }

    private static int lengthBytes(int length) {
      int bytes = 1;
      for (int rest = length >>> 7; rest != 0; rest >>>= 7) {
        bytes++;
      }
      return bytes;
    }

    /** Appends {@code id} with its length; returns where it begins. */
    private int append(byte[] id) {
      int needed = lengthBytes(id.length) + id.length;
      if (idsLength + needed > ids.length) {
        ids = Arrays.copyOf(ids, Math.max(idsLength + needed, (int) Math.min(Integer.MAX_VALUE - 8, ids.length * 3L / 2)));
      }
      int place = idsLength;
      int rest = id.length;
      while (rest >= 0x80) {
        ids[idsLength++] = (byte) (rest & 0x7f | 0x80);
        rest >>>= 7;
      }
      ids[idsLength++] = (byte) rest;
      System.arraycopy(id, 0, ids, idsLength, id.length);
      idsLength += id.length;
      return place;
    }

    private void grow() {
      int[] oldPlaces = places;
      long[] oldHashes = hashes;
      places = new int[oldPlaces.length * 2];
      hashes = new long[places.length * WORDS];
      for (int old = 0; old < oldPlaces.length; old++) {
        if (oldPlaces[old] != 0) {
          int slot = home(hashCodeAt(oldPlaces[old] - 1));
          while (places[slot] != 0) {
            slot = slot + 1 == places.length ? 0 : slot + 1;
          }
          places[slot] = oldPlaces[old];
          System.arraycopy(oldHashes, old * WORDS, hashes, slot * WORDS, WORDS);
        }
      }
    }

    /** The value of each lower-case hexadecimal digit, by character; -1 for any other character below 128. */
    private static final byte[] DIGITS = new byte[128];

    static {
      Arrays.fill(DIGITS, (byte) -1);
      String hex = "0123456789abcdef";
      for (int i = 0; i < hex.length(); i++) {
        DIGITS[hex.charAt(i)] = (byte) i;
      }
    }

    /** Whether {@code hash} is {@value RecordHashes#HASH_DIGITS} lower-case hexadecimal digits. */
    private static boolean isHash(String hash) {
      if (hash.length() != RecordHashes.HASH_DIGITS) {
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
