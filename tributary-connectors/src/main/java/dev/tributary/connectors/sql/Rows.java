package dev.tributary.connectors.sql;

import dev.tributary.connector.DataRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Turns rows into {@link DataRecord}s: every column a field, the key as the id. */
final class Rows {

  /** Columns whose value names a record, in order of preference. */
  private static final List<String> NAME_COLUMNS = List.of("name", "title", "subject", "full_name", "fullname", "email", "label");

  private Rows() {}

  /** Selects every column of the table, in the order {@link #record} reads them. */
  static String selectList(Dialect dialect, Table table) {
    return String.join(", ", table.columns().stream().map(column -> dialect.quote(column.name())).toList());
  }

  static DataRecord record(ResultSet rs, Table table, @Nullable String updatedAtColumn) throws SQLException {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < table.columns().size(); i++) {
      fields.put(table.columns().get(i).name(), Values.read(rs, i + 1, table.columns().get(i)));
    }
    String name = null;
    for (String candidate : NAME_COLUMNS) {
      if (fields.get(candidate) instanceof String text && !text.isBlank()) {
        name = text;
        break;
      }
    }
    Instant updated = updatedAtColumn != null && fields.get(updatedAtColumn) instanceof String time ? parse(time) : null;
    return new DataRecord(Keys.id(keyValues(rs, table)), name, null, fields, null, null, null, updated);
  }

  /** The text of the key columns in the current row (selected by {@link #selectList}). */
  static List<String> keyValues(ResultSet rs, Table table) throws SQLException {
    List<String> values = new ArrayList<>();
    for (Column column : table.key()) {
      String value = Values.text(rs, table.columns().indexOf(column) + 1, column);
      values.add(value == null ? "" : value);
    }
    return values;
  }

  /** The text of the named columns in the current row, for a cursor. */
  static List<String> texts(ResultSet rs, Table table, List<Column> columns) throws SQLException {
    List<String> values = new ArrayList<>();
    for (Column column : columns) {
      String value = Values.text(rs, table.columns().indexOf(column) + 1, column);
      values.add(value == null ? "" : value);
    }
    return values;
  }

  static Set<String> names(List<Column> columns) {
    return Set.copyOf(columns.stream().map(Column::name).toList());
  }

  private static @Nullable Instant parse(String time) {
    try {
      return Instant.parse(time);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
