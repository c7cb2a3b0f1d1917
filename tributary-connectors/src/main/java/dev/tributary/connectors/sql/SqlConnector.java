package dev.tributary.connectors.sql;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorInfo;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.UdmMapping;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The {@code sql} connector: a PostgreSQL or MariaDB database reached over JDBC with the
 * connection's user and password. Directories are schemas (databases on MariaDB), collections are
 * tables and views; a customer maps tables to Universal Data Models with the connection parameter
 * {@code udm} ({@link CustomerUdm}). See docs/connectors/sql.md.
 */
public final class SqlConnector implements Connector, AutoCloseable {

  public static final String KEY = "sql";

  private final Databases databases;
  private final List<DataLocation> locations;
  private final Map<String, UdmMapping> udm;

  public SqlConnector() {
    this(new Databases(Clock.systemUTC()), Clock.systemUTC());
  }

  private SqlConnector(Databases databases, Clock clock) {
    this(databases, List.of(new SchemasDirectory(databases), new TablesDirectory(databases), new TableCollection(databases, clock)),
        Map.of());
  }

  private SqlConnector(Databases databases, List<DataLocation> locations, Map<String, UdmMapping> udm) {
    this.databases = databases;
    this.locations = locations;
    this.udm = udm;
  }

  @Override
  public ConnectorInfo info() {
    return new ConnectorInfo(KEY, "SQL database", "1.0.0", "PostgreSQL and MariaDB tables and views as collections.");
  }

  /** The database user and password; the password is a secret credential like any other. */
  @Override
  public AuthDefinition auth() {
    return new AuthDefinition.Basic("username", "password");
  }

  @Override
  public Map<String, Object> integrationParametersSchema() {
    return Map.of("type", "object");
  }

  @Override
  public Map<String, Object> connectionParametersSchema() {
    return Map.of(
        "type", "object",
        "properties", Map.of(
            "jdbcUrl", Map.of("type", "string", "description",
                "jdbc:postgresql://host[:port]/database or jdbc:mariadb://host[:port]/database; or give the parts below."),
            "dialect", Map.of("type", "string", "enum", List.of("postgresql", "mariadb")),
            "host", Map.of("type", "string"),
            "port", Map.of("type", "integer", "minimum", 1, "maximum", 65535),
            "database", Map.of("type", "string"),
            CustomerUdm.PARAMETER, CustomerUdm.SCHEMA));
  }

  /**
   * The SQL connector speaks JDBC, not HTTP: the engine's API client is built but never used, so
   * its base URI is a placeholder. {@code local}: databases usually live in private networks.
   */
  @Override
  public ApiClientDefinition apiClient() {
    return new ApiClientDefinition("https://database.invalid", Map.of(), ApiClientDefinition.DEFAULT_REQUESTS_PER_SECOND,
        ApiClientDefinition.DEFAULT_TIMEOUT, true);
  }

  @Override
  public String rootLocationKey() {
    return SchemasDirectory.KEY;
  }

  @Override
  public List<DataLocation> locations() {
    return locations;
  }

  /** The customer's mappings for a connection ({@link #forConnection}); none for the connector itself. */
  @Override
  public Map<String, UdmMapping> udm() {
    return udm;
  }

  /** This connector with the UDM mappings the connection's {@code udm} parameter gives, sharing the pools and tables. */
  @Override
  public Connector forConnection(Map<String, Object> connectionParameters) {
    Map<String, UdmMapping> mappings = CustomerUdm.from(connectionParameters);
    return mappings.isEmpty() ? this : new SqlConnector(databases, locations, mappings);
  }

  /** Closes every pool. */
  @Override
  public void close() {
    databases.close();
  }

  /** How many connection pools are open (one per database, user and password in use). */
  int openPools() {
    return databases.pools().size();
  }
}
