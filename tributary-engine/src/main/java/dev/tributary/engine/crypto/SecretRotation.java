package dev.tributary.engine.crypto;

import dev.tributary.engine.store.Database;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Re-encrypts every sealed value that is not under the current key. It runs in one transaction:
 * if any value cannot be opened, nothing changes and the error names the value's place.
 */
public final class SecretRotation {

  private static final int BATCH = 500;

  private final Database database;
  private final SecretBox box;
  private final List<EncryptedColumn> columns;

  public SecretRotation(Database database, SecretBox box, List<EncryptedColumn> columns) {
    this.database = database;
    this.box = box;
    this.columns = List.copyOf(columns);
  }

  /** Returns how many values were re-encrypted. */
  public int reencryptAll() {
    return database.inTransaction(
        handle -> {
          int count = 0;
          for (EncryptedColumn column : columns) {
            count += reencrypt(handle, column);
          }
          return count;
        });
  }

  private int reencrypt(Handle handle, EncryptedColumn column) {
    int count = 0;
    @Nullable String after = "";
    while (after != null) {
      List<Map<String, Object>> rows =
          handle
              .createQuery(
                  "select id, " + column.column() + " as sealed from " + column.table()
                      + " where id > :after order by id limit " + BATCH)
              .bind("after", after)
              .mapToMap()
              .list();
      for (Map<String, Object> row : rows) {
        String id = (String) row.get("id");
        byte[] sealed = (byte[]) row.get("sealed");
        if (sealed != null && !box.isCurrent(sealed)) {
          String associatedData = column.associatedData(id);
          byte[] resealed = box.seal(box.open(sealed, associatedData), associatedData);
          handle
              .createUpdate("update " + column.table() + " set " + column.column() + " = :sealed where id = :id")
              .bind("sealed", resealed)
              .bind("id", id)
              .execute();
          count++;
        }
      }
      after = rows.size() < BATCH ? null : (String) rows.getLast().get("id");
    }
    return count;
  }
}
