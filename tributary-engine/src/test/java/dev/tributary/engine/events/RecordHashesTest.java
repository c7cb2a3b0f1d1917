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
  void hashIsTheSha256OfTheFieldsAsJsonWithSortedKeysAtEveryLevel() {
    assertThat(RecordHashes.of(fields(), Set.of())).isEqualTo(RecordHashes.ofText(
        "{\"address\":{\"city\":\"Berlin\",\"zip\":\"10115\"},\"downloadUrl\":\"https://example.org/x?sig=1\",\"name\":\"Ann\","
            + "\"tags\":[\"b\",\"a\"]}"));
  }

  @Test
  void hashLeavesOutIgnoredFieldsWithoutChangingTheRecord() {
    Map<String, Object> fields = fields();

    assertThat(RecordHashes.of(fields, Set.of("downloadUrl", "unknown"))).isEqualTo(RecordHashes.ofText(
        "{\"address\":{\"city\":\"Berlin\",\"zip\":\"10115\"},\"name\":\"Ann\",\"tags\":[\"b\",\"a\"]}"));
    assertThat(fields).containsKey("downloadUrl");
  }

  @Test
  void ignoredFieldsTheRecordDoesNotHaveLeaveTheHashAsWithoutThem() {
    assertThat(RecordHashes.of(fields(), Set.of("lastViewed"))).isEqualTo(RecordHashes.of(fields(), Set.of()));
  }
}
