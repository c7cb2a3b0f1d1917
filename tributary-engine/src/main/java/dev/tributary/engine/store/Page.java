package dev.tributary.engine.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A page of a list, in the API's shape {@code {items, cursor?}}; {@code cursor} is absent on the
 * last page.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Page<T>(List<T> items, @Nullable String cursor) {

  public Page {
    items = List.copyOf(items);
  }

  /**
   * Builds a page from a query that fetched one row more than asked: that extra row only tells
   * that another page exists.
   */
  public static <T> Page<T> fromOverfetched(
      List<T> rows, PageRequest request, Function<T, String> idOf) {
    if (rows.size() <= request.limit()) {
      return new Page<>(rows, null);
    }
    List<T> items = rows.subList(0, request.limit());
    return new Page<>(items, PageRequest.cursorAfter(idOf.apply(items.getLast())));
  }

  public <R> Page<R> map(Function<T, R> mapper) {
    return new Page<>(items.stream().map(mapper).toList(), cursor);
  }
}
