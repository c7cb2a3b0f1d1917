package dev.tributary.engine.testing;

import dev.tributary.engine.store.Database;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Reads what a table really holds on disk, bypassing the services, for at-rest assertions. */
public final class RawRows {

  private RawRows() {}

  /** Every value of every row of {@code table}, rendered as text (byte arrays as ISO-8859-1). */
  public static String dump(Database database, String table) {
    List<String> values = database.withHandle(handle -> handle.createQuery("select * from " + table)
        .mapToMap().list().stream()
        .flatMap(row -> row.values().stream())
        .map(value -> value instanceof byte[] bytes ? new String(bytes, StandardCharsets.ISO_8859_1) : String.valueOf(value))
        .toList());
    return String.join("\n", values);
  }
}
