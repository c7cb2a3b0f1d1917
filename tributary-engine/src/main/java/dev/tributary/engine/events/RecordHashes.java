package dev.tributary.engine.events;

import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hash a full scan compares: the first 128 bits of the SHA-256 of a record's fields written as
 * JSON with sorted keys, leaving out the fields the collection marks as changing without meaning
 * (download links, "last viewed" times), as {@value #HASH_DIGITS} lower-case hexadecimal digits.
 * Two versions of a record would have to agree on all 128 bits for a change to go unseen, a chance
 * of about 2<sup>-128</sup> per change (the copy of the snapshot in memory always compared only
 * those bits); the other half of the digest would only widen every snapshot row, of which a
 * baseline writes one per record.
 *
 * <p>The JSON is streamed into the digest, and the JSON values a connector gives (objects with
 * text keys, lists, text, numbers, booleans, null) are written by walking them: the bytes are the
 * ones {@code SORTED.writeValueAsBytes} wrote before (snapshots taken by earlier versions stay
 * valid), without its per-value serializer lookups and sorted copies. Any other value is written
 * by that mapper.
 */
final class RecordHashes {

  /** The bytes of the digest a record's hash keeps. */
  static final int HASH_BYTES = 16;
  /** The hexadecimal digits of a record's hash. */
  static final int HASH_DIGITS = HASH_BYTES * 2;

  /** Writes no separator between root values, so that one generator can write record after record. */
  private static final JsonMapper SORTED = JsonMapper.builder(JsonFactory.builder().rootValueSeparator((String) null).build())
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
  /** Cloned for each hasher: a clone skips the provider lookup of {@link MessageDigest#getInstance}. */
  private static final MessageDigest SHA_256 = sha256();

  private RecordHashes() {}

  static String of(Map<String, Object> fields, Set<String> ignoredFields) {
    try (Hasher hasher = new Hasher(ignoredFields)) {
      return hasher.hash(fields);
    }
  }

  /**
   * Hashes record after record (a page's) with one digest and one JSON generator. Records of one
   * collection usually have the same keys in the same order (a mapping writes them so); while they
   * do, the sorted order of the top-level keys is worked out once and reused. Not for concurrent use.
   */
  static final class Hasher implements AutoCloseable {

    private final Set<String> ignored;
    private final MessageDigest digest = newSha256();
    private final JsonGenerator json;
    /**
     * The top-level keys of the last record, in its order, and the positions to write them in (null
     * when a key is not text: the record is written as the mapper writes it).
     */
    private Object[] keys = new Object[0];
    private int @Nullable [] sorted = new int[0];
    private Object[] values = new Object[0];

    Hasher(Set<String> ignored) {
      this.ignored = ignored;
      this.json = SORTED.createGenerator(new DigestOutputStream(OutputStream.nullOutputStream(), digest));
    }

    String hash(Map<String, Object> fields) {
      if (!sameKeysAsLast(fields)) {
        sortKeys(fields);
      }
      if (sorted == null) {
        writeObject(json, fields, ignored); // a key that is not text: as the mapper writes it
      } else {
        json.writeStartObject();
        for (int position : sorted) {
          json.writeName((String) keys[position]);
          writeValue(json, values[position]);
        }
        json.writeEndObject();
      }
      json.flush();
      return HexFormat.of().formatHex(digest.digest(), 0, HASH_BYTES);
    }

    /** Whether {@code fields} has the last record's keys (the same objects) in the same order; reads its values meanwhile. */
    private boolean sameKeysAsLast(Map<String, Object> fields) {
      if (fields.size() != keys.length) {
        return false;
      }
      next = 0;
      fields.forEach(takeValue); // not entrySet(): an unmodifiable map wraps every entry it iterates in a new object
      return next == keys.length;
    }

    /** Where {@link #takeValue} puts the next value; {@code keys.length + 1} once a key differed. */
    private int next;
    private final BiConsumer<String, Object> takeValue = (key, value) -> {
      if (next < keys.length && key == keys[next]) {
        values[next++] = value;
      } else {
        next = keys.length + 1;
      }
    };

    /** Takes {@code fields}' keys and values in its order and sorts the positions of the keys not ignored. */
    private void sortKeys(Map<String, Object> fields) {
      int size = fields.size();
      keys = new Object[size];
      values = new Object[size];
      int i = 0;
      for (Map.Entry<?, Object> entry : fields.entrySet()) {
        keys[i] = entry.getKey();
        values[i++] = entry.getValue();
      }
      List<Integer> kept = new ArrayList<>(size);
      for (int k = 0; k < i; k++) {
        if (!(keys[k] instanceof String name)) {
          keys = new Object[0]; // never the same keys as the next record: sorted again, by the mapper
          sorted = null;
          return;
        }
        if (!ignored.contains(name)) {
          kept.add(k);
        }
      }
      kept.sort(Comparator.comparing(k -> (String) keys[k]));
      sorted = kept.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public void close() {
      json.close();
    }
  }

  /** Objects up to this many keys are sorted with their values in place; larger ones sort their keys and look each up. */
  private static final int SMALL_OBJECT = 16;

  /**
   * Writes an object with its keys sorted. The entries are taken in one pass; a small object's are
   * sorted by insertion, values alongside keys, rather than looked up again key by key.
   */
  private static void writeObject(JsonGenerator json, Map<?, ?> map, Set<String> ignored) {
    int size = map.size();
    String[] keys = new String[size];
    Object[] values = new Object[size];
    int count = 0;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      if (!(entry.getKey() instanceof String name)) {
        Map<Object, Object> copy = new TreeMap<>(map); // as the mapper would (and fails the same way)
        copy.keySet().removeAll(ignored);
        SORTED.writeValue(json, copy);
        return;
      }
      if (!ignored.contains(name)) {
        keys[count] = name;
        values[count++] = entry.getValue();
      }
    }
    if (count <= SMALL_OBJECT) {
      for (int i = 1; i < count; i++) {
        String key = keys[i];
        Object value = values[i];
        int at = i;
        for (; at > 0 && keys[at - 1].compareTo(key) > 0; at--) {
          keys[at] = keys[at - 1];
          values[at] = values[at - 1];
        }
        keys[at] = key;
        values[at] = value;
      }
    } else {
      Arrays.sort(keys, 0, count);
      for (int i = 0; i < count; i++) {
        values[i] = map.get(keys[i]);
      }
    }
    json.writeStartObject();
    for (int i = 0; i < count; i++) {
      json.writeName(keys[i]);
      writeValue(json, values[i]);
    }
    json.writeEndObject();
  }

  /** Writes a value; an {@code if} chain, text first, costs less than a pattern switch here (no call per value to pick the case). */
  private static void writeValue(JsonGenerator json, @Nullable Object value) {
    if (value instanceof String text) {
      json.writeString(text);
    } else if (value == null) {
      json.writeNull();
    } else if (value instanceof Map<?, ?> map) {
      writeObject(json, map, Set.of());
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object item : list) {
        writeValue(json, item);
      }
      json.writeEndArray();
    } else if (value instanceof Boolean flag) {
      json.writeBoolean(flag);
    } else if (value instanceof Integer || value instanceof Long) {
      json.writeNumber(((Number) value).longValue()); // an int is written as the same digits
    } else if (value instanceof Double number) {
      json.writeNumber(number);
    } else if (value instanceof BigDecimal number) {
      json.writeNumber(number);
    } else if (value instanceof BigInteger number) {
      json.writeNumber(number);
    } else {
      SORTED.writeValue(json, value);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      return sha256();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole SHA-256 of {@code text}, as 64 hexadecimal digits: what names a subscription's parameters, not a record's hash. */
  static String ofText(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Parameters in a canonical form, so that the same parameters always name the same subscription. */
  static String canonical(Map<String, Object> parameters) {
    Map<String, String> normalised = new TreeMap<>();
    parameters.forEach((name, value) -> {
      if (value != null) {
        normalised.put(name, String.valueOf(value));
      }
    });
    return SORTED.writeValueAsString(normalised);
  }
}
