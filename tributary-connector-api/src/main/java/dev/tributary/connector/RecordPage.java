package dev.tributary.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A page of records: {@code {records, cursor?}}; no cursor on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecordPage(List<DataRecord> records, @Nullable String cursor) {
  public RecordPage {
    records = List.copyOf(records);
  }
}
