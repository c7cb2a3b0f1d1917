package dev.tributary.connector;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A page of records whose next cursor is known before its records are mapped (see
 * {@link DataCollection#listDeferred}): a full scan asks for the next page with the cursor at once
 * and maps this page's records on another thread meanwhile.
 *
 * @param cursor the next page's cursor; null on the last page
 * @param records maps the page's records; called at most once, on any thread
 */
public record DeferredRecordPage(@Nullable String cursor, Supplier<List<DataRecord>> records) {

  public DeferredRecordPage {
    Objects.requireNonNull(records, "records == null");
  }

  /** A page already mapped. */
  public static DeferredRecordPage of(RecordPage page) {
    return new DeferredRecordPage(page.cursor(), page::records);
  }

  /** Maps the records: the page as {@link DataCollection#list} would have returned it. */
  public RecordPage resolve() {
    return new RecordPage(records.get(), cursor);
  }
}
