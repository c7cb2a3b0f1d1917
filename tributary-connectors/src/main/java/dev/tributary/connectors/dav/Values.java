package dev.tributary.connectors.dav;

import dev.tributary.error.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Conversions between record field values and iCalendar/vCard values, with the errors a caller
 * sees when a field value does not fit. Date-times are written in UTC; dates stay dates (all-day).
 */
final class Values {

  private Values() {}

  /**
   * A date-time field as iCalendar wants it: a {@link LocalDate} for {@code 2025-03-01}, an
   * {@link Instant} for a date-time with an offset ({@code 2025-03-01T10:00:00Z}).
   */
  static Temporal temporal(String field, Object value) {
    String text = String.valueOf(value).strip();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text);
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw InvalidInputException.forField("fields." + field, "Invalid " + field + " \"" + text + "\": must be an ISO 8601"
          + " date-time with an offset (2025-03-01T10:00:00Z) or a date (2025-03-01) for a whole day.");
    }
  }

  /** A date or date-time from iCalendar as a field value: {@code 2025-03-01} or an instant in UTC. */
  static @Nullable String text(@Nullable Temporal temporal) {
    return switch (temporal) {
      case null -> null;
      case LocalDate date -> date.toString();
      case Instant instant -> instant.toString();
      case ZonedDateTime zoned -> zoned.toInstant().toString();
      case OffsetDateTime offset -> offset.toInstant().toString();
      // A floating time has no zone; it is read as UTC.
      case LocalDateTime local -> local.toInstant(ZoneOffset.UTC).toString();
      default -> temporal.toString();
    };
  }

  static @Nullable Instant instant(@Nullable Temporal temporal) {
    String text = text(temporal);
    return text == null ? null : text.length() == 10 ? LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC) : Instant.parse(text);
  }

  static int integer(String field, Object value, int min, int max) {
    int number;
    try {
      number = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? n.intValue()
          : Integer.parseInt(String.valueOf(value).strip());
    } catch (NumberFormatException e) {
      number = Integer.MIN_VALUE;
    }
    if (number < min || number > max) {
      throw InvalidInputException.forField("fields." + field, "Invalid " + field + " \"" + value + "\": must be a whole"
          + " number from " + min + " to " + max + ".");
    }
    return number;
  }

  static String oneOf(String field, Object value, Set<String> allowed) {
    String text = String.valueOf(value).strip().toUpperCase(java.util.Locale.ROOT);
    if (!allowed.contains(text)) {
      throw InvalidInputException.forField("fields." + field, "Invalid " + field + " \"" + value + "\": must be one of "
          + String.join(", ", allowed.stream().sorted().toList()) + ".");
    }
    return text;
  }

  static List<String> strings(String field, Object value) {
    if (!(value instanceof Collection<?> items)) {
      throw InvalidInputException.forField("fields." + field, "Invalid " + field + ": must be a list of texts, got \""
          + value + "\".");
    }
    List<String> texts = new ArrayList<>();
    for (Object item : items) {
      if (item != null && !String.valueOf(item).isBlank()) {
        texts.add(String.valueOf(item).strip());
      }
    }
    return texts;
  }

  /** A list of objects such as {@code [{value: "ann@example.org", type: "work"}]}; plain texts are taken as values. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(String field, Object value) {
    if (!(value instanceof Collection<?> items)) {
      throw InvalidInputException.forField("fields." + field, "Invalid " + field + ": must be a list of objects such as"
          + " [{\"value\": \"…\", \"type\": \"work\"}], got \"" + value + "\".");
    }
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object item : items) {
      if (item instanceof Map<?, ?> map) {
        objects.add((Map<String, Object>) map);
      } else if (item != null) {
        objects.add(Map.of("value", String.valueOf(item)));
      }
    }
    return objects;
  }
}
