package dev.tributary.engine.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** {@code RecordMapping.time} reads the usual date-times by hand: it must give what the JDK's parsers give. */
class RecordMappingTimeTest {

  /** What the JDK's parsers make of the text: an offset date-time, else an instant, else nothing. */
  private static @Nullable Instant jdk(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  @Test
  void readsTheUsualFormsAsTheJdkDoes() {
    for (String text : new String[] {"2025-01-01T00:00:00Z", "2026-06-01T12:00:00Z", "2024-02-29T23:59:59.5Z",
        "2024-02-29T23:59:59.123456789Z", "1970-01-01T00:00:00.000001+18:00", "0001-12-31T01:02:03-18:00",
        "2025-03-30T02:30:00+01:00", "2025-10-26T02:30:00-09:30", "9999-12-31T23:59:59.999999999-00:00"}) {
      assertThat(RecordMapping.time(text)).as(text).isNotNull().isEqualTo(jdk(text));
    }
  }

  @Test
  void leavesEveryOtherTextToTheJdk() {
    for (String text : new String[] {"2025-01-01t00:00:00z", "2025-01-01T00:00Z", "2025-01-01T00:00:00.Z",
        "2025-01-01T00:00:00.1234567890Z", "2025-01-01T00:00:00+01", "2025-01-01T00:00:00+0100",
        "2025-01-01T00:00:00+01:00:30", "2025-01-01T00:00:00+18:01", "2025-01-01T00:00:00+19:00",
        "2025-02-29T00:00:00Z", "2025-04-31T00:00:00Z", "2025-13-01T00:00:00Z", "2025-00-01T00:00:00Z",
        "2025-01-01T24:00:00Z", "2025-01-01T23:60:00Z", "2025-01-01T23:59:60Z", "+12025-01-01T00:00:00Z",
        "2025-01-01", "2025-01-01T00:00:00", "2025-01-01T00:00:00 Z", "2025-01-01T00:00:00Z[UTC]",
        "2025-01-01T00:00:00.5+01:00", "２０２５-01-01T00:00:00Z", "not a date", ""}) {
      assertThat(RecordMapping.time(text)).as(text).isEqualTo(jdk(text));
    }
    assertThat(RecordMapping.time(null)).isNull();
  }

  @Property(tries = 2000)
  void agreesWithTheJdkOnGeneratedDateTimes(@ForAll("dateTimes") String text) {
    assertThat(RecordMapping.time(text)).as(text).isEqualTo(jdk(text));
  }

  @Provide
  Arbitrary<String> dateTimes() {
    Arbitrary<String> date = Combinators.combine(Arbitraries.integers().between(0, 9999),
        Arbitraries.integers().between(0, 13), Arbitraries.integers().between(0, 32))
        .as((year, month, day) -> "%04d-%02d-%02d".formatted(year, month, day));
    Arbitrary<String> time = Combinators.combine(Arbitraries.integers().between(0, 24),
        Arbitraries.integers().between(0, 60), Arbitraries.integers().between(0, 60))
        .as((hour, minute, second) -> "T%02d:%02d:%02d".formatted(hour, minute, second));
    Arbitrary<String> fraction = Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(11)
        .map(digits -> digits.isEmpty() ? "" : "." + digits);
    Arbitrary<String> offset = Arbitraries.oneOf(Arbitraries.of("Z", "z", "", "+01", "-0530"),
        Combinators.combine(Arbitraries.of('+', '-'), Arbitraries.integers().between(0, 19),
            Arbitraries.integers().between(0, 60)).as((sign, hours, minutes) -> "%c%02d:%02d".formatted(sign, hours, minutes)));
    return Combinators.combine(date, time, fraction, offset).as((d, t, f, o) -> d + t + f + o);
  }
}
