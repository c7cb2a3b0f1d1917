package dev.tributary.engine.store;

import dev.tributary.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list: at most {@code limit} items after the opaque {@code cursor} of the page
 * before. Lists are ordered by id, which is time-ordered, so paging is stable under inserts.
 */
public record PageRequest(int limit, @Nullable String afterId) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 1000;
  private static final String CURSOR_PREFIX = "id:";

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw InvalidInputException.forField(
          "limit",
          "Invalid limit " + limit + ": must be between 1 and " + MAX_LIMIT + ". Lists answer at"
              + " most " + MAX_LIMIT + " items per page; follow the cursor for the rest.");
    }
  }

  public static PageRequest first(int limit) {
    return new PageRequest(limit, null);
  }

  /**
   * Reads the query parameters of a list request.
   *
   * @param limit the raw {@code limit} value, or null for the default
   * @param cursor the {@code cursor} a previous page returned, or null for the first page
   */
  public static PageRequest parse(@Nullable String limit, @Nullable String cursor) {
    int parsedLimit = DEFAULT_LIMIT;
    if (limit != null) {
      try {
        parsedLimit = Integer.parseInt(limit.strip());
      } catch (NumberFormatException e) {
        throw InvalidInputException.forField(
            "limit",
            "Invalid limit \"" + abbreviate(limit) + "\": must be a whole number between 1 and "
                + MAX_LIMIT + ".");
      }
    }
    return new PageRequest(parsedLimit, cursor == null || cursor.isEmpty() ? null : decode(cursor));
  }

  /** The cursor that continues after the item with this id. */
  public static String cursorAfter(String id) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + id).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (decoded.startsWith(CURSOR_PREFIX) && decoded.length() > CURSOR_PREFIX.length()) {
        return decoded.substring(CURSOR_PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw InvalidInputException.forField(
        "cursor",
        "Invalid cursor \"" + abbreviate(cursor) + "\": pass back the cursor of the previous page"
            + " unchanged, or leave it out to start from the first page.");
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
