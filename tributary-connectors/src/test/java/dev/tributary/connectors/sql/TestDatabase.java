package dev.tributary.connectors.sql;

import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.testing.TestEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A throwaway schema (PostgreSQL) or database (MariaDB) with a random name on the server of the
 * test command (scripts/services.sh), and a user with a password for it. Dropped by {@link #close()}.
 */
public final class TestDatabase implements AutoCloseable {

  final Dialect dialect;
  public final String schema;
  final String user;
  final String password = "pw-" + UUID.randomUUID();
  private final String adminUrl;
  private final String adminUser;
  private final String host;
  private final int port;
  private final String database;

  private TestDatabase(Dialect dialect) {
    this.dialect = dialect;
    String prefix = dialect == Dialect.POSTGRESQL ? "TRIBUTARY_TEST_PG_" : "TRIBUTARY_TEST_MARIADB_";
    this.adminUrl = requiredEnv(prefix + "URL");
    this.adminUser = requiredEnv(prefix + "USER");
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    this.schema = "trib_" + suffix;
    this.user = "trib_" + suffix;
    String rest = adminUrl.substring(adminUrl.indexOf("//") + 2);
    String hostPort = rest.substring(0, rest.indexOf('/'));
    this.host = hostPort.contains(":") ? hostPort.substring(0, hostPort.indexOf(':')) : hostPort;
    this.port = hostPort.contains(":") ? Integer.parseInt(hostPort.substring(hostPort.indexOf(':') + 1)) : dialect.defaultPort();
    this.database = dialect == Dialect.POSTGRESQL ? rest.substring(rest.indexOf('/') + 1).replaceAll("\\?.*", "") : schema;
  }

  static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: the SQL connector tests need a running server. Run the test"
          + " command from README.md (scripts/test.sh), which starts PostgreSQL and MariaDB and sets it.");
    }
    return value;
  }

  /** A new schema in the test PostgreSQL, with a user of its own. */
  public static TestDatabase postgres() {
    return create(Dialect.POSTGRESQL);
  }

  /** A fresh schema (database) with its own user, who may do anything in it. */
  static TestDatabase create(Dialect dialect) {
    TestDatabase db = new TestDatabase(dialect);
    if (dialect == Dialect.POSTGRESQL) {
      db.admin("CREATE ROLE " + db.user + " LOGIN PASSWORD '" + db.password + "'",
          "CREATE SCHEMA " + db.schema + " AUTHORIZATION " + db.user);
    } else {
      db.admin("CREATE DATABASE " + db.schema + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
          "CREATE USER '" + db.user + "'@'%' IDENTIFIED BY '" + db.password + "'",
          "CREATE USER '" + db.user + "'@'localhost' IDENTIFIED BY '" + db.password + "'",
          "GRANT ALL ON " + db.schema + ".* TO '" + db.user + "'@'%'",
          "GRANT ALL ON " + db.schema + ".* TO '" + db.user + "'@'localhost'");
    }
    return db;
  }

  /** Runs statements as the schema's user, in the schema. */
  public void run(String... statements) {
    try (Connection connection = DriverManager.getConnection(userUrl(), user, password);
        Statement statement = connection.createStatement()) {
      if (dialect == Dialect.POSTGRESQL) {
        statement.execute("SET search_path TO " + schema);
      }
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The connection parameters of a connection to this database. */
  public Map<String, Object> connectionParameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("dialect", dialect.key());
    parameters.put("host", host);
    parameters.put("port", port);
    parameters.put("database", database);
    return parameters;
  }

  public Map<String, Object> credentials() {
    return Map.of("username", user, "password", password);
  }

  /** An engine with a customer connected to this database through the sql connector. */
  TestEngine connect(Map<String, Object> extraConnectionParameters) {
    Map<String, Object> parameters = connectionParameters();
    parameters.putAll(extraConnectionParameters);
    return TestEngine.connect(SqlConnector.KEY, Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true), credentials(), parameters, null);
  }

  private String userUrl() {
    return "jdbc:" + dialect.key() + "://" + host + ":" + port + "/" + database;
  }

  private void admin(String... statements) {
    try (Connection connection = DriverManager.getConnection(adminUrl, adminUser, "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (dialect == Dialect.POSTGRESQL) {
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + user + "'",
          "DROP SCHEMA " + schema + " CASCADE", "DROP ROLE " + user);
    } else {
      admin("DROP DATABASE " + schema, "DROP USER '" + user + "'@'%'", "DROP USER '" + user + "'@'localhost'");
    }
  }
}
