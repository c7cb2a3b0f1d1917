package dev.tributary.engine.connector;

import dev.tributary.connector.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How a list method pages, declared in its REST mapping:
 *
 * <ul>
 *   <li>{@code offset}: {@code offsetParameter}={cursor or 0}, {@code limitParameter}={pageSize};
 *       the next cursor is the offset after this page, while a page is full and below {@code total}
 *   <li>{@code page}: {@code pageParameter}={cursor or firstPage}; next page while a page is full
 *   <li>{@code cursor}: {@code cursorParameter}={cursor}; the next cursor is the mapping's {@code cursor}
 *   <li>{@code link-header}: the next cursor is the URL of the {@code Link} header's {@code rel="next"}
 *   <li>{@code next-url}: the next cursor is the URL the mapping's {@code cursor} gives
 * </ul>
 *
 * In the last two styles the next request goes to the cursor URL as it is.
 */
record Pagination(
    String type,
    int pageSize,
    String limitParameter,
    String offsetParameter,
    String pageParameter,
    int firstPage,
    String cursorParameter,
    @Nullable Object total) {

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;[^,]*rel=\"?next\"?");

  static @Nullable Pagination from(@Nullable Map<String, Object> spec) {
    if (spec == null) {
      return null;
    }
    return new Pagination((String) spec.get("type"),
        ((Number) spec.getOrDefault("pageSize", 100)).intValue(),
        (String) spec.getOrDefault("limitParameter", "limit"),
        (String) spec.getOrDefault("offsetParameter", "offset"),
        (String) spec.getOrDefault("pageParameter", "page"),
        ((Number) spec.getOrDefault("firstPage", 1)).intValue(),
        (String) spec.getOrDefault("cursorParameter", "cursor"),
        spec.get("total"));
  }

  /** True when the next request goes to the cursor itself (a URL the app gave). */
  boolean cursorIsUrl(@Nullable String cursor) {
    return cursor != null && (type.equals("link-header") || type.equals("next-url"));
  }

  /** The query parameters that ask for the page after {@code cursor}. */
  Map<String, Object> query(@Nullable String cursor) {
    Map<String, Object> query = new LinkedHashMap<>();
    switch (type) {
      case "offset" -> {
        query.put(offsetParameter, cursor == null ? 0 : Long.parseLong(cursor));
        query.put(limitParameter, pageSize);
      }
      case "page" -> {
        query.put(pageParameter, cursor == null ? firstPage : Long.parseLong(cursor));
        query.put(limitParameter, pageSize);
      }
      case "cursor" -> {
        if (cursor != null) {
          query.put(cursorParameter, cursor);
        }
        query.put(limitParameter, pageSize);
      }
      default -> {
        if (cursor == null) {
          query.put(limitParameter, pageSize);
        }
      }
    }
    return query;
  }

  /**
   * The cursor of the next page, or null on the last page.
   *
   * @param mappedCursor what the mapping's {@code cursor} formula gave
   * @param mappedTotal what the {@code total} formula gave, if any
   */
  @Nullable String next(@Nullable String cursor, int records, ApiResponse response,
      @Nullable Object mappedCursor, @Nullable Object mappedTotal) {
    return switch (type) {
      case "offset" -> {
        long offset = cursor == null ? 0 : Long.parseLong(cursor);
        long next = offset + records;
        boolean more = records >= pageSize && (mappedTotal == null || next < ((Number) mappedTotal).longValue());
        yield more ? Long.toString(next) : null;
      }
      case "page" -> {
        long page = cursor == null ? firstPage : Long.parseLong(cursor);
        boolean more = records >= pageSize && (mappedTotal == null || (page - firstPage + 1) * pageSize < ((Number) mappedTotal).longValue());
        yield more ? Long.toString(page + 1) : null;
      }
      case "link-header" -> response.header("Link").map(Pagination::nextLink).orElse(null);
      default -> mappedCursor == null || mappedCursor.toString().isEmpty() ? null : mappedCursor.toString();
    };
  }

  static @Nullable String nextLink(String header) {
    Matcher matcher = NEXT_LINK.matcher(header);
    return matcher.find() ? matcher.group(1) : null;
  }
}
