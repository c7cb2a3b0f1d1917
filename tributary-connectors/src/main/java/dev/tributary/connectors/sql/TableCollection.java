package dev.tributary.connectors.sql;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.PullLatestRecords;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.SearchRequest;
import dev.tributary.error.InvalidInputException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The {@code table} collection: one table or view of the connection's database, named by the
 * collection parameters ({@link TableParameters}). Its spec for a connection is read from the
 * database: columns as fields, the primary key as the id, views and generated columns read-only.
 */
final class TableCollection implements DataCollection {

  static final String KEY = "table";

  private final Databases databases;
  private final TableCache tables;
  private final TableReads reads = new TableReads();
  private final TableWrites writes = new TableWrites();

  TableCollection(Databases databases, Clock clock) {
    this.databases = databases;
    this.tables = new TableCache(clock);
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String name() {
    return "Table";
  }

  /**
   * The spec every table shares. Its fields schema has only {@code id}: the columns come with
   * {@link #spec(ConnectorContext)}.
   */
  @Override
  public CollectionSpec spec() {
    Map<String, Object> fields = Map.of("type", "object", "properties",
        Map.of("id", Map.of("type", "string", "readOnly", true)));
    return new CollectionSpec("collection", KEY, name(), TableParameters.SCHEMA, fields,
        new CollectionSpec.ListSpec(List.of()), new CollectionSpec.MethodSpec(), null, new CollectionSpec.MethodSpec(),
        new CollectionSpec.WriteSpec(null, List.of(), List.of()), new CollectionSpec.WriteSpec(null, List.of(), List.of()),
        new CollectionSpec.MethodSpec(), events(false), true);
  }

  /** The spec of the table the parameters name, read from the database. */
  @Override
  public CollectionSpec spec(ConnectorContext context) {
    TableParameters parameters = TableParameters.from(context.parameters());
    Table table = databases.run(context, (dialect, connection) -> table(dialect, connection, parameters));
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> comparable = new ArrayList<>();
    List<String> required = new ArrayList<>();
    for (Column column : table.columns()) {
      properties.put(column.name(), column.schema(table.view()));
      if (column.isComparable()) {
        comparable.add(column.name());
      }
      if (column.required()) {
        required.add(column.name());
      }
    }
    Map<String, Object> fields = Map.of("type", "object", "properties", properties);
    boolean writable = !table.view() && !table.key().isEmpty();
    boolean text = table.columns().stream().anyMatch(Column::isText);
    return new CollectionSpec("collection", KEY, table.name(), TableParameters.SCHEMA, fields,
        new CollectionSpec.ListSpec(comparable), text ? new CollectionSpec.MethodSpec() : null,
        comparable.isEmpty() ? null : new CollectionSpec.MatchSpec(comparable), new CollectionSpec.MethodSpec(),
        writable ? new CollectionSpec.WriteSpec(null, required, List.of()) : null,
        writable ? new CollectionSpec.WriteSpec(null, List.of(), table.key().stream().map(Column::name).toList()) : null,
        writable ? new CollectionSpec.MethodSpec() : null, events(parameters.updatedAtColumn() != null), true);
  }

  private static Map<String, CollectionSpec.EventSpec> events(boolean pullLatest) {
    var changes = new CollectionSpec.EventSpec(pullLatest ? "pull-latest-records" : "full-scan");
    return Map.of("created", changes, "updated", changes, "deleted", new CollectionSpec.EventSpec("full-scan"));
  }

  @Override
  public RecordPage list(ConnectorContext context, ListRequest request) {
    return read(context, (dialect, connection, parameters, table) -> reads.list(dialect, connection, table, parameters,
        request.filter(), request.cursor()));
  }

  @Override
  public Optional<DataRecord> findById(ConnectorContext context, String id) {
    return read(context, (dialect, connection, parameters, table) -> reads.findById(dialect, connection, table, parameters, id));
  }

  @Override
  public Optional<DataRecord> match(ConnectorContext context, Map<String, Object> query) {
    return read(context, (dialect, connection, parameters, table) -> reads.match(dialect, connection, table, parameters, query));
  }

  @Override
  public RecordPage search(ConnectorContext context, SearchRequest request) {
    return read(context, (dialect, connection, parameters, table) -> reads.search(dialect, connection, table, parameters,
        request.query(), request.cursor()));
  }

  @Override
  public String create(ConnectorContext context, Map<String, Object> fields) {
    return call(context, (dialect, connection, parameters, table) -> writes.create(dialect, connection, table, fields));
  }

  @Override
  public String update(ConnectorContext context, String id, Map<String, Object> fields) {
    return call(context, (dialect, connection, parameters, table) -> writes.update(dialect, connection, table, id, fields));
  }

  @Override
  public void delete(ConnectorContext context, String id) {
    call(context, (dialect, connection, parameters, table) -> {
      writes.delete(dialect, connection, table, id);
      return null;
    });
  }

  /** Newest first by the {@code updatedAtColumn} parameter; ties are ordered by the key. */
  @Override
  public Optional<PullLatestRecords> pullLatestRecords() {
    return Optional.of((context, cursor) -> read(context, (dialect, connection, parameters, table) ->
        reads.pullLatest(dialect, connection, table, parameters, cursor)));
  }

  /** Work on the table the parameters name. */
  @FunctionalInterface
  private interface TableWork<T> {
    T run(Dialect dialect, Connection connection, TableParameters parameters, Table table) throws SQLException;
  }

  /**
   * Read-only work on the table the parameters name, described by the {@link TableCache} when it
   * has the table; read afresh when a kept description names a column or table that is gone.
   */
  private <T> T read(ConnectorContext context, TableWork<T> work) {
    TableParameters parameters = TableParameters.from(context.parameters());
    TableCache.Key key = TableCache.Key.of(ConnectionSettings.from(context).poolKey(), parameters);
    return databases.run(context, (dialect, connection) -> {
      Table kept = tables.get(key);
      if (kept != null) {
        try {
          return work.run(dialect, connection, parameters, kept);
        } catch (SQLException e) {
          if (!TableCache.isStale(e)) {
            throw e;
          }
          tables.remove(key);
        }
      }
      Table table = table(dialect, connection, parameters);
      tables.put(key, table);
      return work.run(dialect, connection, parameters, table);
    });
  }

  /** Work on the table the parameters name, read from the catalog. */
  private <T> T call(ConnectorContext context, TableWork<T> work) {
    TableParameters parameters = TableParameters.from(context.parameters());
    return databases.run(context, (dialect, connection) ->
        work.run(dialect, connection, parameters, table(dialect, connection, parameters)));
  }

  private static Table table(Dialect dialect, Connection connection, TableParameters parameters) throws SQLException {
    Catalog catalog = new Catalog(dialect, connection);
    String schema = parameters.schema() == null ? catalog.defaultSchema() : parameters.schema();
    Optional<Table> found = catalog.table(schema, parameters.table(), parameters.keyColumns());
    if (found.isEmpty()) {
      List<String> known = new ArrayList<>(new TreeSet<>(catalog.relations(schema).keySet()));
      String listed = known.isEmpty() ? "none" : String.join(", ", known.subList(0, Math.min(known.size(), 30)))
          + (known.size() > 30 ? ", …" : "");
      throw new ConnectorException(ConnectorException.Kind.NOT_FOUND, 0, dialect.displayName() + " has no table or view \""
          + parameters.table() + "\" in \"" + schema + "\" that the connection's user can see. Its tables and views: "
          + listed + ".");
    }
    Table table = found.get();
    for (String name : parameters.keyColumns()) {
      if (table.column(name).isEmpty()) {
        throw unknownColumn("keyColumns", name, table);
      }
    }
    if (parameters.updatedAtColumn() != null) {
      Column column = table.column(parameters.updatedAtColumn()).orElseThrow(() ->
          unknownColumn("updatedAtColumn", parameters.updatedAtColumn(), table));
      if (column.kind() != Column.Kind.DATE_TIME && column.kind() != Column.Kind.DATE_TIME_TZ) {
        throw InvalidInputException.forField("parameters.updatedAtColumn", "The updatedAtColumn \"" + column.name()
            + "\" is of type " + column.typeName() + "; it must be a timestamp column.");
      }
    }
    return table;
  }

  static InvalidInputException unknownColumn(String field, String name, Table table) {
    return InvalidInputException.forField(field.contains(".") ? field : "parameters." + field, "\"" + name + "\" is not a column of "
        + table.name() + ". Its columns: " + String.join(", ", table.columnNames()) + ".");
  }
}
