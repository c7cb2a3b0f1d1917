package dev.tributary.connectors.sql;

import dev.tributary.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Record ids and cursors as text. A one-column key's id is the value itself ({@code 42}); a
 * composite key's id joins the values with commas, each with {@code %} and {@code ,}
 * percent-encoded ({@code 7,en}, {@code a%2Cb,1}). A cursor is opaque: the values of the last
 * row's sort columns, each base64url-encoded, joined with dots.
 */
final class Keys {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Keys() {}

  static String id(List<String> values) {
    if (values.size() == 1) {
      return values.getFirst();
    }
    return String.join(",", values.stream().map(value -> value.replace("%", "%25").replace(",", "%2C")).toList());
  }

  /** The key values of an id, one per key column. */
  static List<String> parseId(String id, int columns) {
    if (columns == 1) {
      return List.of(id);
    }
    String[] parts = id.split(",", -1);
    if (parts.length != columns) {
      throw new InvalidInputException("The id \"" + id + "\" does not name a record of this collection: its key has "
          + columns + " columns, so an id is " + columns + " comma-separated values. Use an id this collection gave.");
    }
    List<String> values = new ArrayList<>();
    for (String part : parts) {
      values.add(part.replace("%2C", ",").replace("%2c", ",").replace("%25", "%"));
    }
    return values;
  }

  static String cursor(List<String> values) {
    return String.join(".", values.stream().map(value -> ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8))).toList());
  }

  static List<String> parseCursor(String cursor, int columns) {
    String[] parts = cursor.split("\\.", -1);
    if (parts.length != columns) {
      throw badCursor(cursor);
    }
    List<String> values = new ArrayList<>();
    try {
      for (String part : parts) {
        values.add(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException e) {
      throw badCursor(cursor);
    }
    return values;
  }

  private static InvalidInputException badCursor(String cursor) {
    String shown = cursor.length() > 60 ? cursor.substring(0, 60) + "…" : cursor;
    return InvalidInputException.forField("cursor", "The cursor \"" + shown + "\" is not one this collection gave."
        + " Start again without a cursor.");
  }
}
