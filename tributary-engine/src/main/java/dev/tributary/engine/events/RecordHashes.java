package dev.tributary.engine.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hash a full scan compares: SHA-256 of a record's fields written as JSON with sorted keys,
 * leaving out the fields the collection marks as changing without meaning (download links, "last
 * viewed" times).
 */
final class RecordHashes {

  private static final JsonMapper SORTED = JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private RecordHashes() {}

  static String of(Map<String, Object> fields, Set<String> ignoredFields) {
    // The writer sorts keys itself; a copy is only needed to leave fields out.
    Map<String, Object> kept = fields;
    if (!ignoredFields.isEmpty() && !Collections.disjoint(fields.keySet(), ignoredFields)) {
      kept = new TreeMap<>(fields);
      kept.keySet().removeAll(ignoredFields);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(SORTED.writeValueAsBytes(kept));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String ofText(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
