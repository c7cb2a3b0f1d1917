package dev.tributary.connector;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** A change a connector observed: at least the type and the record id; the record when known. */
public record ChangeEvent(Operation operation, String recordId, @Nullable DataRecord record) {

  /** The kinds of change, with their wire names ({@code data-record-created}, …). */
  public enum Operation {
    CREATED,
    UPDATED,
    DELETED;

    public String eventType() {
      return "data-record-" + name().toLowerCase(Locale.ROOT);
    }
  }
}
