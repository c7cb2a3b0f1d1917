package dev.tributary.connectors.sql;

import dev.tributary.connector.DataRecord;
import dev.tributary.connector.RecordPage;
import dev.tributary.error.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The reading methods of a table: list (equality filters), search (text columns), findById,
 * match and the newest-first pull. Lists page by key (keyset paging): a page asks for the rows
 * after the last key of the previous one, so rows added or removed meanwhile never shift a page.
 */
final class TableReads {

  RecordPage list(Dialect dialect, Connection connection, Table table, TableParameters parameters,
      Map<String, Object> filter, @Nullable String cursor) throws SQLException {
    requireKey(table);
    Query query = select(dialect, table).sql(" WHERE 1=1");
    filter.forEach((name, value) -> {
      Column column = table.column(name).filter(Column::isComparable)
          .orElseThrow(() -> TableCollection.unknownColumn("filter." + name, name, table));
      query.sql(" AND ");
      equality(dialect, query, column, value);
    });
    return page(dialect, connection, table, parameters, query, cursor);
  }

  RecordPage search(Dialect dialect, Connection connection, Table table, TableParameters parameters, String text,
      @Nullable String cursor) throws SQLException {
    requireKey(table);
    if (text.isBlank()) {
      throw InvalidInputException.forField("query", "The search text is empty: give the text to look for in "
          + table.name() + "'s text columns.");
    }
    List<Column> columns = table.columns().stream().filter(Column::isText).toList();
    if (columns.isEmpty()) {
      return new RecordPage(List.of(), null);
    }
    Query query = select(dialect, table).sql(" WHERE (");
    String pattern = Dialect.likePattern(text);
    for (int i = 0; i < columns.size(); i++) {
      String condition = dialect.containsText(dialect.quote(columns.get(i).name()));
      int placeholder = condition.indexOf('?');
      query.sql(i == 0 ? "" : " OR ").sql(condition.substring(0, placeholder)).text(pattern)
          .sql(condition.substring(placeholder + 1));
    }
    query.sql(")");
    return page(dialect, connection, table, parameters, query, cursor);
  }

  Optional<DataRecord> findById(Dialect dialect, Connection connection, Table table, TableParameters parameters, String id)
      throws SQLException {
    requireKey(table);
    Query query = select(dialect, table).sql(" WHERE ");
    try {
      whereKey(dialect, query, table, id);
    } catch (InvalidInputException e) {
      return Optional.empty(); // an id that no key can have names no record
    }
    return first(connection, table, parameters, query);
  }

  Optional<DataRecord> match(Dialect dialect, Connection connection, Table table, TableParameters parameters,
      Map<String, Object> fields) throws SQLException {
    requireKey(table);
    if (fields.isEmpty()) {
      throw InvalidInputException.forField("query", "The match query is empty: give at least one field of " + table.name()
          + " to match on.");
    }
    Query query = select(dialect, table).sql(" WHERE 1=1");
    fields.forEach((name, value) -> {
      Column column = table.column(name).filter(Column::isComparable)
          .orElseThrow(() -> TableCollection.unknownColumn("query." + name, name, table));
      query.sql(" AND ");
      equality(dialect, query, column, value);
    });
    query.sql(" ORDER BY ").sql(order(dialect, table.key(), "ASC")).sql(" LIMIT 1");
    return first(connection, table, parameters, query);
  }

  RecordPage pullLatest(Dialect dialect, Connection connection, Table table, TableParameters parameters,
      @Nullable String cursor) throws SQLException {
    requireKey(table);
    if (parameters.updatedAtColumn() == null) {
      throw InvalidInputException.forField("parameters.updatedAtColumn", "Newest-first pulls need the collection parameter"
          + " updatedAtColumn: the timestamp column that " + table.name() + " updates on every change.");
    }
    Column updatedAt = table.column(parameters.updatedAtColumn()).orElseThrow();
    List<Column> sort = new ArrayList<>();
    sort.add(updatedAt);
    sort.addAll(table.key());
    Query query = select(dialect, table).sql(" WHERE ").sql(dialect.quote(updatedAt.name())).sql(" IS NOT NULL");
    if (cursor != null) {
      query.sql(" AND ");
      keyset(dialect, query, sort, Keys.parseCursor(cursor, sort.size()), "<");
    }
    query.sql(" ORDER BY ").sql(order(dialect, sort, "DESC")).sql(" LIMIT " + (parameters.pageSize() + 1));
    return run(connection, table, parameters, query, sort);
  }

  private RecordPage page(Dialect dialect, Connection connection, Table table, TableParameters parameters, Query query,
      @Nullable String cursor) throws SQLException {
    if (cursor != null) {
      query.sql(" AND ");
      keyset(dialect, query, table.key(), Keys.parseCursor(cursor, table.key().size()), ">");
    }
    query.sql(" ORDER BY ").sql(order(dialect, table.key(), "ASC")).sql(" LIMIT " + (parameters.pageSize() + 1));
    return run(connection, table, parameters, query, table.key());
  }

  /** Runs a page query that asked for one row more than a page: that row says whether there is a next page. */
  private static RecordPage run(Connection connection, Table table, TableParameters parameters, Query query, List<Column> sort)
      throws SQLException {
    List<DataRecord> records = new ArrayList<>();
    String next = null;
    try (PreparedStatement statement = query.prepare(connection); ResultSet rs = statement.executeQuery()) {
      List<String> last = null;
      while (rs.next()) {
        if (records.size() == parameters.pageSize()) {
          next = Keys.cursor(last);
          break;
        }
        records.add(Rows.record(rs, table, parameters.updatedAtColumn()));
        last = Rows.texts(rs, table, sort);
      }
    }
    return new RecordPage(records, next);
  }

  private static Optional<DataRecord> first(Connection connection, Table table, TableParameters parameters, Query query)
      throws SQLException {
    try (PreparedStatement statement = query.prepare(connection); ResultSet rs = statement.executeQuery()) {
      return rs.next() ? Optional.of(Rows.record(rs, table, parameters.updatedAtColumn())) : Optional.empty();
    }
  }

  private static Query select(Dialect dialect, Table table) {
    return new Query().sql("SELECT ").sql(Rows.selectList(dialect, table)).sql(" FROM ")
        .sql(dialect.qualified(table.schema(), table.name()));
  }

  static void equality(Dialect dialect, Query query, Column column, @Nullable Object value) {
    if (value == null) {
      query.sql(dialect.quote(column.name())).sql(" IS NULL");
    } else {
      query.sql(dialect.quote(column.name())).sql(" = ").value(column, value);
    }
  }

  /** {@code key = id}, column by column. */
  static void whereKey(Dialect dialect, Query query, Table table, String id) {
    List<String> values = Keys.parseId(id, table.key().size());
    for (int i = 0; i < values.size(); i++) {
      Column column = table.key().get(i);
      query.sql(i == 0 ? "" : " AND ").sql(dialect.quote(column.name())).sql(" = ").typed(Values.fromText(column, values.get(i)));
    }
  }

  /** Rows after (or before) the given sort values: {@code (a > ?) OR (a = ? AND b > ?) …}. */
  private static void keyset(Dialect dialect, Query query, List<Column> sort, List<String> texts, String operator) {
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < sort.size(); i++) {
      values.add(Values.fromText(sort.get(i), texts.get(i)));
    }
    query.sql("(");
    for (int i = 0; i < sort.size(); i++) {
      query.sql(i == 0 ? "(" : " OR (");
      for (int j = 0; j < i; j++) {
        query.sql(dialect.quote(sort.get(j).name())).sql(" = ").typed(values.get(j)).sql(" AND ");
      }
      query.sql(dialect.quote(sort.get(i).name())).sql(" " + operator + " ").typed(values.get(i)).sql(")");
    }
    query.sql(")");
  }

  private static String order(Dialect dialect, List<Column> columns, String direction) {
    return String.join(", ", columns.stream().map(column -> dialect.quote(column.name()) + " " + direction).toList());
  }

  static void requireKey(Table table) {
    if (table.key().isEmpty()) {
      throw InvalidInputException.forField("parameters.keyColumns", (table.view() ? "The view \"" : "The table \"")
          + table.name() + "\" has no primary key, so its records have no id. Name the columns that identify a row with the"
          + " collection parameter keyColumns, e.g. {\"keyColumns\": [\""
          + (table.columns().isEmpty() ? "id" : table.columns().getFirst().name()) + "\"]}.");
    }
  }
}
