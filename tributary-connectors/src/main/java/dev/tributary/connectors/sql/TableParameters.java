package dev.tributary.connectors.sql;

import dev.tributary.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of the {@code table} collection.
 *
 * @param schema the schema (PostgreSQL) or database (MariaDB); null for the connection's default
 * @param table the table or view
 * @param updatedAtColumn the column holding each row's last update time, which enables {@code pull-latest-records}
 * @param keyColumns the columns that identify a row, for views and tables without a primary key
 * @param pageSize records per page
 */
record TableParameters(@Nullable String schema, String table, @Nullable String updatedAtColumn, List<String> keyColumns,
    int pageSize) {

  static final int DEFAULT_PAGE_SIZE = 100;
  static final int MAX_PAGE_SIZE = 1000;

  static final Map<String, Object> SCHEMA = Map.of(
      "type", "object",
      "required", List.of("table"),
      "properties", Map.of(
          "schema", Map.of("type", "string", "description", "Schema (PostgreSQL) or database (MariaDB); the connection's by default."),
          "table", Map.of("type", "string", "minLength", 1, "description", "Table or view."),
          "updatedAtColumn", Map.of("type", "string", "description", "Column with each row's update time: enables pull-latest-records events."),
          "keyColumns", Map.of("type", "array", "items", Map.of("type", "string"),
              "description", "Columns that identify a row, for views and tables without a primary key."),
          "pageSize", Map.of("type", "integer", "minimum", 1, "maximum", MAX_PAGE_SIZE)));

  static TableParameters from(Map<String, Object> parameters) {
    Object table = parameters.get("table");
    if (!(table instanceof String name) || name.isEmpty()) {
      throw InvalidInputException.forField("parameters.table",
          "The collection parameter \"table\" is missing: name the table or view, e.g. {\"table\": \"contacts\"}.");
    }
    List<String> keyColumns = parameters.get("keyColumns") instanceof List<?> list
        ? list.stream().map(String::valueOf).toList() : List.of();
    int pageSize = DEFAULT_PAGE_SIZE;
    if (parameters.get("pageSize") != null) {
      try {
        pageSize = Integer.parseInt(String.valueOf(parameters.get("pageSize")));
      } catch (NumberFormatException e) {
        pageSize = -1;
      }
      if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
        throw InvalidInputException.forField("parameters.pageSize", "The page size \"" + parameters.get("pageSize")
            + "\" must be an integer from 1 to " + MAX_PAGE_SIZE + ".");
      }
    }
    return new TableParameters(text(parameters.get("schema")), name, text(parameters.get("updatedAtColumn")), keyColumns,
        pageSize);
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null || value.toString().isEmpty() ? null : value.toString();
  }
}
