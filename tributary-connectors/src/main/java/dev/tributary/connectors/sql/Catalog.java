package dev.tributary.connectors.sql;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what a database holds through {@link DatabaseMetaData}: schemas (PostgreSQL) or databases
 * (MariaDB), their tables and views, and a table's columns and primary key. Names are matched
 * exactly: the metadata calls take patterns, so names are escaped and the answers filtered again.
 */
final class Catalog {

  private static final String[] RELATION_TYPES = {"TABLE", "VIEW", "MATERIALIZED VIEW", "PARTITIONED TABLE"};

  private final Dialect dialect;
  private final Connection connection;
  private final DatabaseMetaData metadata;

  Catalog(Dialect dialect, Connection connection) throws SQLException {
    this.dialect = dialect;
    this.connection = connection;
    this.metadata = connection.getMetaData();
  }

  /** The schema a connection works in when a collection names none. */
  String defaultSchema() throws SQLException {
    String schema = dialect == Dialect.POSTGRESQL ? connection.getSchema() : connection.getCatalog();
    return schema == null ? "public" : schema;
  }

  /** The schemas (databases) the user may see, less the system ones, sorted. */
  List<String> schemas() throws SQLException {
    List<String> schemas = new ArrayList<>();
    try (ResultSet rs = dialect == Dialect.POSTGRESQL ? metadata.getSchemas() : metadata.getCatalogs()) {
      while (rs.next()) {
        String name = rs.getString(1);
        if (!dialect.isSystemSchema(name)) {
          schemas.add(name);
        }
      }
    }
    schemas.sort(null);
    return schemas;
  }

  /** The tables and views of a schema: name → true for a view. */
  Map<String, Boolean> relations(String schema) throws SQLException {
    Map<String, Boolean> relations = new LinkedHashMap<>();
    try (ResultSet rs = tables(schema, "%")) {
      while (rs.next()) {
        if (schema.equals(schemaOf(rs))) {
          relations.put(rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE").contains("VIEW"));
        }
      }
    }
    return relations;
  }

  /** The table or view, with its columns and key, if the schema has it. */
  Optional<Table> table(String schema, String name, List<String> keyColumns) throws SQLException {
    Boolean view = null;
    try (ResultSet rs = tables(schema, escape(name))) {
      while (rs.next()) {
        if (schema.equals(schemaOf(rs)) && name.equals(rs.getString("TABLE_NAME"))) {
          view = rs.getString("TABLE_TYPE").contains("VIEW");
        }
      }
    }
    if (view == null) {
      return Optional.empty();
    }
    Set<String> jsonColumns = dialect == Dialect.MARIADB ? mariaDbJsonColumns(schema, name) : Set.of();
    List<Column> columns = new ArrayList<>();
    try (ResultSet rs = dialect == Dialect.POSTGRESQL ? metadata.getColumns(null, escape(schema), escape(name), "%")
        : metadata.getColumns(schema, null, escape(name), "%")) {
      while (rs.next()) {
        if (!schema.equals(schemaOf(rs)) || !name.equals(rs.getString("TABLE_NAME"))) {
          continue;
        }
        String column = rs.getString("COLUMN_NAME");
        String typeName = rs.getString("TYPE_NAME");
        Column.Kind kind = jsonColumns.contains(column) ? Column.Kind.JSON : Column.kindOf(rs.getInt("DATA_TYPE"), typeName);
        boolean generated = "YES".equals(rs.getString("IS_AUTOINCREMENT")) || "YES".equals(rs.getString("IS_GENERATEDCOLUMN"));
        String defaultValue = rs.getString("COLUMN_DEF");
        boolean required = rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls && !generated
            && (defaultValue == null || defaultValue.equalsIgnoreCase("NULL"));
        columns.add(new Column(column, kind, kind == Column.Kind.ARRAY ? Column.elementKindOf(typeName) : null, typeName,
            rs.getInt("COLUMN_SIZE"), generated, required));
      }
    }
    List<String> keyNames = keyColumns.isEmpty() ? primaryKey(schema, name) : keyColumns;
    List<Column> key = new ArrayList<>();
    for (String keyName : keyNames) {
      columns.stream().filter(column -> column.name().equals(keyName)).findFirst().ifPresent(key::add);
    }
    return Optional.of(new Table(schema, name, view, columns, key.size() == keyNames.size() ? key : List.of()));
  }

  /**
   * The table's primary key columns, in the key's order. PostgreSQL's are read from its catalog by
   * the table's name: the driver's {@code getPrimaryKeys} expands every index's columns of every
   * table before it filters, which took 110 ms a call against 1 ms on a catalog of a few hundred
   * tables (and grows with the catalog).
   */
  private List<String> primaryKey(String schema, String name) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      return postgresPrimaryKey(schema, name);
    }
    Map<Integer, String> ordered = new java.util.TreeMap<>();
    try (ResultSet rs = metadata.getPrimaryKeys(schema, null, name)) {
      while (rs.next()) {
        if (schema.equals(schemaOf(rs)) && name.equals(rs.getString("TABLE_NAME"))) {
          ordered.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
        }
      }
    }
    return List.copyOf(ordered.values());
  }

  private List<String> postgresPrimaryKey(String schema, String name) throws SQLException {
    List<String> key = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT a.attname FROM pg_catalog.pg_index i"
        + " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        + " JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)"
        + " WHERE i.indisprimary AND n.nspname = ? AND c.relname = ? ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
      statement.setString(1, schema);
      statement.setString(2, name);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          key.add(rs.getString(1));
        }
      }
    }
    return List.copyOf(key);
  }

  /** MariaDB stores JSON as LONGTEXT with a json_valid check: those columns are JSON. */
  private Set<String> mariaDbJsonColumns(String schema, String table) throws SQLException {
    Set<String> columns = new HashSet<>();
    try (PreparedStatement statement = connection.prepareStatement("SELECT CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
        + " WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME = ?")) {
      statement.setString(1, schema);
      statement.setString(2, table);
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          String clause = rs.getString(1);
          if (clause.startsWith("json_valid(`") && clause.endsWith("`)")) {
            columns.add(clause.substring("json_valid(`".length(), clause.length() - 2).replace("``", "`"));
          }
        }
      }
    }
    return columns;
  }

  private ResultSet tables(String schema, String tablePattern) throws SQLException {
    return dialect == Dialect.POSTGRESQL ? metadata.getTables(null, escape(schema), tablePattern, RELATION_TYPES)
        : metadata.getTables(schema, null, tablePattern, RELATION_TYPES);
  }

  private String schemaOf(ResultSet rs) throws SQLException {
    return dialect == Dialect.POSTGRESQL ? rs.getString("TABLE_SCHEM") : rs.getString("TABLE_CAT");
  }

  private String escape(String name) throws SQLException {
    String escape = metadata.getSearchStringEscape();
    return name.replace(escape, escape + escape).replace("%", escape + "%").replace("_", escape + "_");
  }
}
