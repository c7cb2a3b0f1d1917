package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The snapshot's hashes must stay the same from one version to the next, or every record would read as changed. */
class RecordHashesTest {

  private static Map<String, Object> fields() {
    Map<String, Object> address = new LinkedHashMap<>();
    address.put("zip", "10115");
    address.put("city", "Berlin");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", "Ann");
    fields.put("address", address);
    fields.put("downloadUrl", "https://example.org/x?sig=1");
    fields.put("tags", List.of("b", "a"));
    return fields;
  }

  @Test
  void hashIsTheFirstHalfOfTheSha256OfTheFieldsAsJsonWithSortedKeysAtEveryLevel() {
    assertThat(RecordHashes.of(fields(), Set.of())).hasSize(32).isEqualTo(RecordHashes.ofText(
        "{\"address\":{\"city\":\"Berlin\",\"zip\":\"10115\"},\"downloadUrl\":\"https://example.org/x?sig=1\",\"name\":\"Ann\","
            + "\"tags\":[\"b\",\"a\"]}").substring(0, 32));
  }

  @Test
  void hashLeavesOutIgnoredFieldsWithoutChangingTheRecord() {
    Map<String, Object> fields = fields();

    assertThat(RecordHashes.of(fields, Set.of("downloadUrl", "unknown"))).isEqualTo(RecordHashes.ofText(
        "{\"address\":{\"city\":\"Berlin\",\"zip\":\"10115\"},\"name\":\"Ann\",\"tags\":[\"b\",\"a\"]}").substring(0, 32));
    assertThat(fields).containsKey("downloadUrl");
  }

  @Test
  void hashIsTheOneTheSortingMapperGivesForEveryKindOfJsonValue() throws Exception {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("z", null);
    nested.put("b", List.of(Map.of("y", 1, "x", 2.5), "text", true));
    nested.put("a", new java.math.BigDecimal("12.3400"));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("long", 9_007_199_254_740_993L);
    fields.put("double", 1e-7);
    fields.put("big", new java.math.BigInteger("123456789012345678901234567890"));
    fields.put("text", "Zoë \"quoted\" back\\slash \n\t\u0001 ✓ 😀");
    fields.put("float", 1.5f);
    fields.put("short", (short) 7);
    fields.put("nothing", null);
    fields.put("empty", Map.of());
    fields.put("nested", nested);
    fields.put("instant", java.time.Instant.parse("2026-01-02T03:04:05Z"));
    fields.put("ignored", "x");
    Map<String, Object> wide = new LinkedHashMap<>(); // more keys than are sorted in place, in reverse order
    for (int i = 40; i > 0; i--) {
      wide.put("k" + i, i % 2 == 0 ? i : Map.of("q", i, "p", "v" + i));
    }
    fields.put("wide", wide);
    var sorted = tools.jackson.databind.json.JsonMapper.builder()
        .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();
    Map<String, Object> kept = new java.util.TreeMap<>(fields);
    kept.remove("ignored");
    String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(sorted.writeValueAsBytes(kept)), 0, RecordHashes.HASH_BYTES); // the digest's first 128 bits

    assertThat(RecordHashes.of(fields, Set.of("ignored"))).isEqualTo(expected);
  }

  /**
   * A scan hashes a page's records with one hasher, which reuses the sorted order of the keys while
   * the records have the same keys in the same order: every record must still hash as it would alone,
   * whatever its keys and their order.
   */
  @Test
  void aHasherGivesEachRecordOfAPageTheHashItHasAlone() throws Exception {
    String name = "name";
    String email = "email";
    String viewed = "viewed";
    List<Map<String, Object>> page = List.of(
        ordered(name, "Ann", email, "ann@example.org", viewed, "today"),
        ordered(name, "Bob", email, "bob@example.org", viewed, "yesterday"), // the same key objects, in the same order
        ordered(email, "cy@example.org", name, "Cy", viewed, "today"), // the same keys in another order
        ordered(name, "Dee", email, null), // fewer keys
        ordered(name, "Eve", email, "eve@example.org", viewed, "now", "zone", Map.of("b", 1, "a", List.of(2))), // more keys
        ordered(),
        ordered(new String(name.toCharArray()), "Ann", email, "ann@example.org", viewed, "today"), // equal keys, other objects
        ordered(name, "Ann", email, "ann@example.org", viewed, "today"));

    List<String> hashes = new java.util.ArrayList<>();
    try (RecordHashes.Hasher hasher = new RecordHashes.Hasher(Set.of(viewed))) {
      page.forEach(fields -> hashes.add(hasher.hash(fields)));
    }

    for (int i = 0; i < page.size(); i++) {
      Map<String, Object> kept = new java.util.TreeMap<>(page.get(i));
      kept.remove(viewed);
      assertThat(hashes.get(i)).as("record %d", i).isEqualTo(java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(SORTED.writeValueAsBytes(kept)), 0, RecordHashes.HASH_BYTES));
    }
    assertThat(hashes.get(6)).isEqualTo(hashes.get(0)).isEqualTo(hashes.get(7));
    assertThat(hashes.get(1)).isNotEqualTo(hashes.get(0));
  }

  private static final tools.jackson.databind.json.JsonMapper SORTED = tools.jackson.databind.json.JsonMapper.builder()
      .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  /** A map of these keys and values, in this order. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Test
  void ignoredFieldsTheRecordDoesNotHaveLeaveTheHashAsWithoutThem() {
    assertThat(RecordHashes.of(fields(), Set.of("lastViewed"))).isEqualTo(RecordHashes.of(fields(), Set.of()));
  }
}
