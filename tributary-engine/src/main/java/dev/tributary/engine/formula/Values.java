package dev.tributary.engine.formula;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Comparisons and emptiness as the {@code $eval} operators, {@code $map} and {@code $case} see them. */
final class Values {

  private Values() {}

  /** Null, undefined, an empty string, list or object. */
  static boolean isEmpty(@Nullable Object value) {
    return value == null || value == Formulas.UNDEFINED
        || (value instanceof String text && text.isEmpty())
        || (value instanceof Collection<?> list && list.isEmpty())
        || (value instanceof Map<?, ?> map && map.isEmpty());
  }

  /** Deep equality, where a number and its text are equal ({@code 1 == "1"}) and so are 1 and 1.0. */
  static boolean looselyEqual(@Nullable Object left, @Nullable Object right) {
    if (left == Formulas.UNDEFINED) {
      left = null;
    }
    if (right == Formulas.UNDEFINED) {
      right = null;
    }
    if (left == null || right == null) {
      return left == right;
    }
    if (left instanceof Number || right instanceof Number) {
      BigDecimal a = number(left);
      BigDecimal b = number(right);
      return a != null && b != null && a.compareTo(b) == 0;
    }
    if (left instanceof List<?> a && right instanceof List<?> b) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!looselyEqual(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (left instanceof Map<?, ?> a && right instanceof Map<?, ?> b) {
      return a.keySet().equals(b.keySet()) && a.keySet().stream().allMatch(key -> looselyEqual(a.get(key), b.get(key)));
    }
    return Objects.equals(left, right) || String.valueOf(left).equals(String.valueOf(right))
        && !(left instanceof Collection<?>) && !(left instanceof Map<?, ?>);
  }

  /**
   * Orders two values: numbers (and numeric text) by value, ISO date-times by time, other text
   * by its characters. Null when they cannot be compared (a missing value, a list, an object).
   */
  static @Nullable Integer compare(@Nullable Object left, @Nullable Object right) {
    if (isEmpty(left) || isEmpty(right) || left instanceof Collection<?> || right instanceof Collection<?>
        || left instanceof Map<?, ?> || right instanceof Map<?, ?>) {
      return null;
    }
    BigDecimal a = number(left);
    BigDecimal b = number(right);
    if (a != null && b != null) {
      return a.compareTo(b);
    }
    OffsetDateTime x = time(left);
    OffsetDateTime y = time(right);
    if (x != null && y != null) {
      return x.compareTo(y);
    }
    return String.valueOf(left).compareTo(String.valueOf(right));
  }

  static @Nullable BigDecimal number(Object value) {
    if (value instanceof Number number) {
      return new BigDecimal(number.toString());
    }
    if (value instanceof String text && !text.isBlank() && text.length() < 64) {
      try {
        return new BigDecimal(text.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static @Nullable OffsetDateTime time(Object value) {
    if (!(value instanceof String text) || text.length() < 10 || text.length() > 40) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text.length() == 10 ? text + "T00:00:00Z" : text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Text of a value for joining: integral numbers without a fraction. */
  static String text(Object value) {
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (number == Math.rint(number) && !Double.isInfinite(number) && Math.abs(number) < 1e15) {
        return Long.toString((long) number);
      }
    }
    return String.valueOf(value);
  }
}
