package dev.tributary.bench;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The upper bound of a full scan of a {@link SqlScanSource} table: plain JDBC reads it in the
 * keyset pages the SQL connector asks for ({@code … WHERE id > ? ORDER BY id LIMIT pageSize + 1}),
 * turns each row into the JSON values the connector gives (integers as {@code Long}, arrays as
 * lists, timestamps as ISO-8601 UTC text) and hashes it as {@link RawScan} does. No mapping, no
 * engine database.
 */
final class SqlRawScan {

  private final Connection connection;
  private final String schema;

  SqlRawScan(Connection connection, String schema) {
    this.connection = connection;
    this.schema = schema;
  }

  /** Scans the table; returns the number of rows (their hashes are folded in so none is skipped). */
  RawScan.Result run(String table, int pageSize) {
    long records = 0;
    int fold = 0;
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      Page page = page(table, null, pageSize);
      while (true) {
        for (Map<String, Object> record : page.records()) {
          fold ^= RawScan.hash(sha256, record).hashCode();
        }
        records += page.records().size();
        if (!page.more()) {
          return new RawScan.Result(records, fold);
        }
        page = page(table, (Long) page.records().getLast().get("id"), pageSize);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Up to {@code pageSize} rows with an id above {@code after} (from the first when null), as records. */
  Page page(String table, @Nullable Long after, int pageSize) {
    String sql = "SELECT " + SqlScanSource.COLUMNS.stream().map(SqlScanSource.Column::name).collect(Collectors.joining(", "))
        + " FROM " + schema + "." + table + (after == null ? "" : " WHERE id > ?") + " ORDER BY id LIMIT " + (pageSize + 1);
    List<Map<String, Object>> records = new ArrayList<>(pageSize);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (after != null) {
        statement.setLong(1, after);
      }
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          if (records.size() == pageSize) { // the one row more than a page says there is a next page
            return new Page(records, true);
          }
          records.add(record(rs));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Reading " + schema + "." + table + " failed: " + e.getMessage(), e);
    }
    return new Page(records, false);
  }

  /** A page of records and whether another follows. */
  record Page(List<Map<String, Object>> records, boolean more) {}

  private static Map<String, Object> record(ResultSet rs) throws SQLException {
    Map<String, Object> record = new HashMap<>();
    List<SqlScanSource.Column> columns = SqlScanSource.COLUMNS;
    for (int i = 0; i < columns.size(); i++) {
      record.put(columns.get(i).name(), value(rs, i + 1, columns.get(i).type()));
    }
    return record;
  }

  private static @Nullable Object value(ResultSet rs, int index, String type) throws SQLException {
    Object value = switch (type) {
      case "bigint NOT NULL", "integer" -> rs.getLong(index);
      case "boolean" -> rs.getBoolean(index);
      case "text[]" -> rs.getArray(index);
      case "timestamptz" -> rs.getObject(index, OffsetDateTime.class);
      default -> rs.getString(index);
    };
    if (value == null || rs.wasNull()) {
      return null;
    }
    return switch (value) {
      case Array array -> Arrays.asList((Object[]) array.getArray());
      case OffsetDateTime time -> time.toInstant().toString();
      default -> value;
    };
  }
}
