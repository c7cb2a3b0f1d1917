package dev.tributary.connectors.sql;

import java.util.List;
import java.util.Optional;

/**
 * A table or view as the database describes it.
 *
 * @param key the columns that identify a row: the primary key, or the {@code keyColumns}
 *     parameter; empty when neither names any
 */
record Table(String schema, String name, boolean view, List<Column> columns, List<Column> key) {

  Table {
    columns = List.copyOf(columns);
    key = List.copyOf(key);
  }

  Optional<Column> column(String name) {
    return columns.stream().filter(column -> column.name().equals(name)).findFirst();
  }

  boolean isKey(Column column) {
    return key.contains(column);
  }

  List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }
}
