package dev.tributary.connectors.sql;

import dev.tributary.error.InvalidInputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Converts between column values and JSON values: reads a row's value as a field, binds a field's
 * value to a statement parameter (checking it fits the column), and turns key values into text
 * for ids and cursors and back. Times without a zone are UTC (sessions run in UTC).
 */
final class Values {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Values() {}

  /** The column's value in the current row, as a JSON value. */
  static @Nullable Object read(ResultSet rs, int index, Column column) throws SQLException {
    Object raw = readTyped(rs, index, column);
    if (raw == null) {
      return null;
    }
    return switch (column.kind()) {
      case DATE_TIME -> ((LocalDateTime) raw).toInstant(ZoneOffset.UTC).toString();
      case DATE_TIME_TZ -> ((OffsetDateTime) raw).toInstant().toString();
      case DATE -> raw.toString();
      case JSON -> parseJson(raw.toString());
      case ARRAY -> readArray((Array) raw, column);
      case BINARY -> Base64.getEncoder().encodeToString((byte[]) raw);
      default -> raw;
    };
  }

  /** The column's value as text that {@link #fromText} reads back exactly (for ids and cursors). */
  static @Nullable String text(ResultSet rs, int index, Column column) throws SQLException {
    Object raw = readTyped(rs, index, column);
    return raw == null ? null : raw.toString();
  }

  /** The value {@link #text} gave, typed for binding. */
  static Object fromText(Column column, String text) {
    try {
      return switch (column.kind()) {
        case INTEGER -> new BigInteger(text);
        case NUMBER -> new BigDecimal(text);
        case BOOLEAN -> Boolean.parseBoolean(text);
        case DATE -> LocalDate.parse(text);
        case DATE_TIME -> LocalDateTime.parse(text);
        case DATE_TIME_TZ -> OffsetDateTime.parse(text);
        default -> text;
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new InvalidInputException("\"" + text + "\" is not a value of the key column \"" + column.name() + "\" ("
          + column.typeName() + "). Use an id this collection gave.");
    }
  }

  /** Binds a value typed by {@link #fromText}. */
  static void bindTyped(PreparedStatement statement, int index, Object value) throws SQLException {
    switch (value) {
      case BigInteger integer -> bindInteger(statement, index, integer);
      case String text -> statement.setString(index, text);
      default -> statement.setObject(index, value);
    }
  }

  /**
   * Binds a field's JSON value to the column's parameter.
   *
   * @throws InvalidInputException naming the field when the value does not fit the column
   */
  static void bind(Connection connection, PreparedStatement statement, int index, Column column, @Nullable Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
      return;
    }
    try {
      switch (column.kind()) {
        case INTEGER -> bindInteger(statement, index, integer(value, column));
        case NUMBER -> statement.setBigDecimal(index, number(value, column));
        case BOOLEAN -> statement.setBoolean(index, bool(value, column));
        case DATE -> statement.setObject(index, LocalDate.parse(string(value, column, "a date (YYYY-MM-DD)")));
        case DATE_TIME -> statement.setObject(index, dateTime(string(value, column, "a date-time")).toLocalDateTime());
        case DATE_TIME_TZ -> statement.setObject(index, dateTime(string(value, column, "a date-time")));
        case JSON -> statement.setString(index, JSON.writeValueAsString(value));
        case ARRAY -> statement.setArray(index, connection.createArrayOf(Column.elementTypeName(column.typeName()),
            list(value, column).toArray()));
        case BINARY -> statement.setBytes(index, Base64.getDecoder().decode(string(value, column, "base64 text")));
        default -> statement.setString(index, scalarText(value, column));
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw invalid(column, value, expectation(column));
    }
  }

  private static void bindInteger(PreparedStatement statement, int index, BigInteger value) throws SQLException {
    if (value.bitLength() < 64) {
      statement.setLong(index, value.longValue());
    } else {
      statement.setBigDecimal(index, new BigDecimal(value));
    }
  }

  private static @Nullable Object readTyped(ResultSet rs, int index, Column column) throws SQLException {
    Object value = switch (column.kind()) {
      case DATE -> rs.getObject(index, LocalDate.class);
      case DATE_TIME -> rs.getObject(index, LocalDateTime.class);
      case DATE_TIME_TZ -> rs.getObject(index, OffsetDateTime.class);
      case ARRAY -> rs.getArray(index);
      case BINARY -> rs.getBytes(index);
      case STRING, UUID, TIME, JSON -> rs.getString(index);
      default -> rs.getObject(index);
    };
    if (value == null || rs.wasNull()) {
      return null;
    }
    return switch (column.kind()) {
      case INTEGER -> integral((Number) value);
      case NUMBER -> value instanceof Float f ? Double.valueOf(f.toString()) : value;
      case BOOLEAN -> value instanceof Number n ? n.intValue() != 0 : value;
      default -> value;
    };
  }

  private static Object integral(Number number) {
    if (number instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    return number.longValue();
  }

  private static List<Object> readArray(Array array, Column column) throws SQLException {
    List<Object> values = new ArrayList<>();
    for (Object element : (Object[]) array.getArray()) {
      values.add(element == null || element instanceof Number || element instanceof Boolean ? element : element.toString());
    }
    return values;
  }

  private static Object parseJson(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (JacksonException e) {
      return text;
    }
  }

  private static BigInteger integer(Object value, Column column) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return big;
    }
    if (value instanceof BigDecimal || value instanceof Double || value instanceof Float || value instanceof String) {
      try {
        return new BigDecimal(value.toString()).toBigIntegerExact();
      } catch (ArithmeticException | NumberFormatException e) {
        throw invalid(column, value, "an integer");
      }
    }
    throw invalid(column, value, "an integer");
  }

  private static BigDecimal number(Object value, Column column) {
    if (value instanceof Number || value instanceof String) {
      try {
        return new BigDecimal(value.toString());
      } catch (NumberFormatException e) {
        throw invalid(column, value, "a number");
      }
    }
    throw invalid(column, value, "a number");
  }

  private static boolean bool(Object value, Column column) {
    if (value instanceof Boolean b) {
      return b;
    }
    if ("true".equals(value) || "false".equals(value)) {
      return Boolean.parseBoolean((String) value);
    }
    throw invalid(column, value, "true or false");
  }

  private static OffsetDateTime dateTime(String text) {
    try {
      return OffsetDateTime.parse(text).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
    }
  }

  private static String string(Object value, Column column, String expected) {
    if (value instanceof String text) {
      return text;
    }
    throw invalid(column, value, expected);
  }

  private static String scalarText(Object value, Column column) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      throw invalid(column, value, "text");
    }
    return value.toString();
  }

  private static List<?> list(Object value, Column column) {
    if (value instanceof List<?> list) {
      return list;
    }
    throw invalid(column, value, "a list");
  }

  private static String expectation(Column column) {
    return switch (column.kind()) {
      case DATE -> "a date (YYYY-MM-DD)";
      case DATE_TIME, DATE_TIME_TZ -> "a date-time (e.g. 2024-05-01T10:00:00Z)";
      case BINARY -> "base64 text";
      default -> "a value of type " + column.typeName();
    };
  }

  private static InvalidInputException invalid(Column column, Object value, String expected) {
    String shown = String.valueOf(value);
    if (shown.length() > 80) {
      shown = shown.substring(0, 80) + "…";
    }
    return InvalidInputException.forField("fields." + column.name(), "The field \"" + column.name() + "\" must be " + expected
        + " (column type " + column.typeName() + "); got \"" + shown + "\".");
  }
}
