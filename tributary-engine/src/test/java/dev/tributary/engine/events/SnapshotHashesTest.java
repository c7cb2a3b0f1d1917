package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SnapshotHashesTest {

  private static String hash(int n) {
    return RecordHashes.of(Map.of("n", n), java.util.Set.of());
  }

  @Test
  void holdsEveryRecordThroughGrowingAndGivesItsHashBackDigitForDigit() {
    SnapshotHashes snapshot = new SnapshotHashes();
    IntStream.range(0, 5_000).forEach(n -> assertThat(snapshot.addOlder("r" + n, hash(n))).isTrue());

    assertThat(snapshot.size()).isEqualTo(5_000);
    IntStream.range(0, 5_000).forEach(n -> assertThat(snapshot.hashOf("r" + n)).isEqualTo(hash(n)));
    assertThat(snapshot.hashOf("r5000")).isNull();
  }

  @Test
  void marksTheOlderRecordsAPageHoldsAsSeenAndGivesTheRestInIdOrder() {
    SnapshotHashes snapshot = new SnapshotHashes();
    for (String id : List.of("c", "a", "d", "b")) {
      snapshot.addOlder(id, hash(id.charAt(0)));
    }
    Map<String, String> known = new HashMap<>();
    snapshot.lookUp(new String[] {"b", "new", "d"}, known);

    assertThat(known).containsOnly(Map.entry("b", hash('b')), Map.entry("d", hash('d')));
    assertThat(snapshot.seen()).containsExactlyInAnyOrder("b", "d");
    assertThat(snapshot.olderNotSeen()).containsExactly("a", "c");
  }

  @Test
  void aRecordTheScanAddedIsKnownToLaterPagesButNeverCountsAsSeenOrGone() {
    SnapshotHashes snapshot = new SnapshotHashes();
    snapshot.addOlder("old", hash(1));
    Map<String, String> inserted = new LinkedHashMap<>(Map.of("new", hash(2)));
    snapshot.wrote(inserted, Map.of("old", hash(3)));

    Map<String, String> known = new HashMap<>();
    snapshot.lookUp(new String[] {"new"}, known);

    assertThat(known).containsOnly(Map.entry("new", hash(2)));
    assertThat(snapshot.hashOf("old")).isEqualTo(hash(3));
    assertThat(snapshot.seen()).isEmpty();
    assertThat(snapshot.olderNotSeen()).containsExactly("old");
    assertThat(snapshot.size()).isEqualTo(2);
  }

  @Test
  void answersWhetherARecordIsAsBeforeTheScanWhateverTheScanChangedSince() {
    SnapshotHashes snapshot = new SnapshotHashes();
    snapshot.addOlder("a", hash(1));
    snapshot.wrote(Map.of("b", hash(2)), Map.of("a", hash(3)));

    assertThat(snapshot.unchangedSinceStart("a", hash(1))).isTrue();
    assertThat(snapshot.unchangedSinceStart("a", hash(3))).isFalse();
    assertThat(snapshot.unchangedSinceStart("b", hash(2))).isFalse(); // not in the snapshot before the scan
    assertThat(snapshot.unchangedSinceStart("a", "not a hash")).isFalse();
    assertThat(snapshot.hashOf("a")).isEqualTo(hash(3));
  }

  @Test
  void keepingOnlyTheSnapshotFromBeforeTheScanForgetsWhatTheScanDid() {
    SnapshotHashes snapshot = new SnapshotHashes(2);
    snapshot.addOlder("a", hash(1));
    snapshot.addOlder("b", hash(2));
    snapshot.lookUp(new String[] {"a"}, new HashMap<>());
    snapshot.wrote(Map.of("new", hash(3)), Map.of("b", hash(4)));

    snapshot.keepOnlyBefore();

    assertThat(snapshot.size()).isEqualTo(2);
    assertThat(snapshot.hashOf("new")).isNull();
    assertThat(snapshot.hashOf("b")).isEqualTo(hash(2));
    assertThat(snapshot.seen()).isEmpty();
    assertThat(snapshot.unchangedSinceStart("b", hash(2))).isTrue();
  }

  @Test
  void refusesAHashOfAnotherFormAndKeepsNothingOfIt() {
    SnapshotHashes snapshot = new SnapshotHashes();

    assertThat(snapshot.addOlder("short", "abc")).isFalse();
    assertThat(snapshot.addOlder("upper", hash(1).toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(snapshot.size()).isZero();
    assertThat(snapshot.hashOf("short")).isNull();
  }
}
