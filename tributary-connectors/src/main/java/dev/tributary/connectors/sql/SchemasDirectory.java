package dev.tributary.connectors.sql;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.LocationPointer;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The root: the schemas (PostgreSQL) or databases (MariaDB) the connection's user can see, system ones left out. */
final class SchemasDirectory implements DataDirectory {

  static final String KEY = "root";

  private final Databases databases;

  SchemasDirectory(Databases databases) {
    this.databases = databases;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public String name() {
    return "Schemas";
  }

  @Override
  public Map<String, Object> parametersSchema() {
    return Map.of("type", "object");
  }

  @Override
  public LocationPage list(ConnectorContext context, Map<String, Object> parameters, @Nullable String cursor) {
    List<String> schemas = databases.run(context, (dialect, connection) -> new Catalog(dialect, connection).schemas());
    return new LocationPage(schemas.stream().map(schema -> new LocationPointer(TablesDirectory.KEY,
        Map.of("schema", schema), "directory", schema, null)).toList(), null);
  }
}
