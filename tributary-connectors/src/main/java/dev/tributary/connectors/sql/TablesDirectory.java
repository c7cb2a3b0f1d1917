package dev.tributary.connectors.sql;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.LocationPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** One schema (PostgreSQL) or database (MariaDB): its tables and views, each a {@code table} collection. */
final class TablesDirectory implements DataDirectory {

  static final String KEY = "schema";

  private final Databases databases;

  TablesDirectory(Databases databases) {
    this.databases = databases;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String name() {
    return "Schema";
  }

  @Override
  public Map<String, Object> parametersSchema() {
    return Map.of("type", "object", "properties", Map.of("schema", Map.of("type", "string")));
  }

  @Override
  public LocationPage list(ConnectorContext context, Map<String, Object> parameters, @Nullable String cursor) {
    return databases.run(context, (dialect, connection) -> {
      Catalog catalog = new Catalog(dialect, connection);
      String schema = parameters.get("schema") instanceof String given && !given.isEmpty() ? given : catalog.defaultSchema();
      List<LocationPointer> pointers = new ArrayList<>();
      new TreeMap<>(catalog.relations(schema)).forEach((table, view) -> pointers.add(new LocationPointer(TableCollection.KEY,
          Map.of("schema", schema, "table", table), "collection", view ? table + " (view)" : table, null)));
      return new LocationPage(pointers, null);
    });
  }
}
