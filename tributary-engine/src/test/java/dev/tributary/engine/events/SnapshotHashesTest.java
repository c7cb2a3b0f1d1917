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
  void holdsEveryRecordThroughGrowingAndTellsWhetherItsHashIsTheOneHeld() {
    SnapshotHashes snapshot = new SnapshotHashes(); // the table of added records grows from empty
    Map<String, String> inserted = new LinkedHashMap<>();
    IntStream.range(0, 5_000).forEach(n -> inserted.put("r" + n, hash(n)));
    snapshot.wrote(inserted, Map.of());

    assertThat(snapshot.written()).isEqualTo(5_000);
    IntStream.range(0, 5_000).forEach(n -> {
      assertThat(snapshot.holds("r" + n, hash(n))).isTrue();
      assertThat(snapshot.holds("r" + n, hash(n + 1))).isFalse();
    });
    assertThat(snapshot.holds("r5000")).isFalse();
  }

  @Test
  void keepsIdsOfAnyLengthAndScriptAsTheyAre() {
    String longId = "x".repeat(300); // a length written in two bytes
    List<String> ids = List.of("", "é", "日本語", "\uD83D\uDE00", longId, "r1");
    SnapshotHashes snapshot = new SnapshotHashes(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      assertThat(snapshot.addOlder(ids.get(i), hash(i))).isTrue();
    }

    for (int i = 0; i < ids.size(); i++) {
      assertThat(snapshot.unchangedSinceStart(ids.get(i), hash(i))).isTrue();
    }
    assertThat(snapshot.holds("x".repeat(299))).isFalse();
    assertThat(snapshot.olderNotSeen()).containsExactlyElementsOf(ids.stream().sorted().toList());
  }

  @Test
  void marksTheOlderRecordsAPageHoldsAsSeenAndGivesTheRestInIdOrder() {
    SnapshotHashes snapshot = new SnapshotHashes();
    for (String id : List.of("c", "a", "d", "b")) {
      snapshot.addOlder(id, hash(id.charAt(0)));
    }
    Map<String, String> known = new HashMap<>();
    snapshot.lookUp(List.of("b", "new", "d"), List.of(hash('b'), hash(0), hash(0)), known);

    assertThat(known).containsOnly(Map.entry("b", hash('b')), Map.entry("d", SnapshotHashes.ANOTHER_HASH));
    assertThat(snapshot.seenCount()).isEqualTo(2);
    assertThat(snapshot.olderNotSeen()).containsExactly("a", "c");
  }

  @Test
  void looksUpARecordListedTwiceInAPageForItsFirstListing() {
    SnapshotHashes snapshot = new SnapshotHashes();
    snapshot.addOlder("a", hash(1));
    Map<String, String> known = new HashMap<>();

    snapshot.lookUp(List.of("a", "a"), List.of(hash(1), hash(2)), known);

    assertThat(known).containsOnly(Map.entry("a", hash(1)));
    assertThat(snapshot.seenCount()).isEqualTo(1);
  }

  @Test
  void aRecordTheScanAddedIsKnownToLaterPagesButNeverCountsAsSeenOrGone() {
    SnapshotHashes snapshot = new SnapshotHashes();
    snapshot.addOlder("old", hash(1));
    Map<String, String> inserted = new LinkedHashMap<>(Map.of("new", hash(2)));
    snapshot.wrote(inserted, Map.of("old", hash(3)));

    Map<String, String> known = new HashMap<>();
    snapshot.lookUp(List.of("new"), List.of(hash(2)), known);
    Map<String, String> changedSince = new HashMap<>();
    snapshot.lookUp(List.of("new", "old"), List.of(hash(4), hash(1)), changedSince);

    assertThat(known).containsOnly(Map.entry("new", hash(2)));
    assertThat(changedSince).containsOnly(Map.entry("new", SnapshotHashes.ANOTHER_HASH), Map.entry("old", hash(3)));
    assertThat(snapshot.holds("old", hash(3))).isTrue();
    assertThat(snapshot.seenCount()).isEqualTo(1); // old, by the second look-up
    assertThat(snapshot.olderNotSeen()).isEmpty();
    assertThat(snapshot.written()).isEqualTo(2);
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
    assertThat(snapshot.holds("a", hash(3))).isTrue();
  }

  @Test
  void forgettingWhatTheScanWroteKeepsTheSnapshotFromBeforeAndWhatWasSeen() {
    SnapshotHashes snapshot = new SnapshotHashes(2);
    snapshot.addOlder("a", hash(1));
    snapshot.addOlder("b", hash(2));
    snapshot.lookUp(List.of("a"), List.of(hash(1)), new HashMap<>());
    snapshot.wrote(Map.of("new", hash(3)), Map.of("b", hash(4)));

    snapshot.forgetWritten();

    assertThat(snapshot.written()).isZero();
    assertThat(snapshot.holds("new")).isFalse();
    assertThat(snapshot.holds("b", hash(2))).isTrue();
    assertThat(snapshot.unchangedSinceStart("b", hash(2))).isTrue();
    snapshot.markSeen("b");
    snapshot.markSeen("b"); // counted once
    snapshot.markSeen("new"); // not held before the scan: nothing to count
    assertThat(snapshot.seenCount()).isEqualTo(2);
    assertThat(snapshot.olderNotSeen()).isEmpty();
  }

  @Test
  void refusesAHashOfAnotherFormAndKeepsNothingOfIt() {
    SnapshotHashes snapshot = new SnapshotHashes();

    assertThat(snapshot.addOlder("short", "abc")).isFalse();
    assertThat(snapshot.addOlder("upper", hash(1).toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(snapshot.sizeBefore()).isZero();
    assertThat(snapshot.holds("short")).isFalse();
  }

  @Test
  void tellsHowMuchMemoryItTakesAboutThirtyBytesARecordAndItsId() {
    SnapshotHashes snapshot = new SnapshotHashes(100_000);
    IntStream.range(0, 100_000).forEach(n -> snapshot.addOlder("contact-" + n, hash(n)));

    assertThat(snapshot.bytes()).isBetween(3_000_000L, 5_000_000L);
    assertThat(SnapshotHashes.bytesFor(100_000)).isCloseTo(snapshot.bytes(), org.assertj.core.api.Assertions.within(50_000L));
  }
  // Settling a scan's copy: gone records dropped (ids moved back along their runs of full slots), changed hashes and
  // added records taken in, against a map of what the snapshot must hold, over scans that delete, change and add
  // thousands of records in a small table, so that runs of full slots wrap around its end.
  @Test
  void settlingACopyGivesTheSnapshotTheScanLeftToStartTheNextScanFrom() {
    java.util.Random random = new java.util.Random(7);
    Map<String, String> expected = new HashMap<>();
    SnapshotHashes snapshot = new SnapshotHashes(0);
    int next = 0;
    for (int scan = 0; scan < 12; scan++) {
      List<String> gone = new java.util.ArrayList<>();
      Map<String, String> changed = new LinkedHashMap<>();
      for (String id : expected.keySet()) {
        int fate = random.nextInt(10);
        if (fate < 3) {
          gone.add(id);
        } else if (fate < 5) {
          changed.put(id, hash(random.nextInt()));
        }
        if (fate >= 3) {
          snapshot.markSeen(id);
        }
      }
      Map<String, String> added = new LinkedHashMap<>();
      for (int n = random.nextInt(3_000); n > 0; n--) {
        added.put("r" + next++, hash(random.nextInt()));
      }
      snapshot.wrote(added, changed);
      assertThat(snapshot.olderNotSeen()).containsExactlyInAnyOrderElementsOf(gone);

      SnapshotHashes settled = snapshot.settle(gone);
      gone.forEach(expected::remove);
      expected.putAll(changed);
      expected.putAll(added);

      if (settled == null) { // too much of its ids' memory unused: the next scan would load a compact copy instead
        snapshot = new SnapshotHashes(expected.size());
        for (Map.Entry<String, String> row : expected.entrySet()) {
          snapshot.addOlder(row.getKey(), row.getValue());
        }
        continue;
      }
      snapshot = settled;
      assertThat(snapshot.sizeBefore()).isEqualTo(expected.size());
      assertThat(snapshot.written()).isZero();
      assertThat(snapshot.seenCount()).isZero();
      for (Map.Entry<String, String> row : expected.entrySet()) {
        assertThat(snapshot.unchangedSinceStart(row.getKey(), row.getValue())).as(row.getKey()).isTrue();
      }
      for (String id : gone) {
        assertThat(snapshot.holds(id)).as(id).isFalse();
      }
      assertThat(snapshot.olderNotSeen()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
  }

  @Test
  void aCopyThatForgotWhatTheScanWroteCannotBeSettled() {
    SnapshotHashes snapshot = new SnapshotHashes(1);
    snapshot.addOlder("a", hash(1));
    snapshot.wrote(Map.of("b", hash(2)), Map.of());
    snapshot.forgetWritten();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> snapshot.settle(List.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("forgot what the scan wrote");
  }

  @Test
  void settlingACopyMostOfWhoseRecordsAreGoneGivesNothingToKeep() {
    SnapshotHashes snapshot = new SnapshotHashes(100);
    List<String> ids = IntStream.range(0, 100).mapToObj(n -> "record-" + n).toList();
    ids.forEach(id -> snapshot.addOlder(id, hash(id.length())));

    assertThat(snapshot.settle(ids.subList(0, 60))).isNull();
  }
}
