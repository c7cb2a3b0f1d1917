package dev.tributary.connectors.sql;

import java.util.Locale;
import java.util.Set;

/** What differs between the supported databases: identifier quoting, URLs, system schemas, text search. */
enum Dialect {
  POSTGRESQL("PostgreSQL", "postgresql", 5432, "org.postgresql.Driver", '"',
      Set.of("information_schema", "pg_catalog", "pg_toast")),
  MARIADB("MariaDB", "mariadb", 3306, "org.mariadb.jdbc.Driver", '`',
      Set.of("information_schema", "mysql", "performance_schema", "sys"));

  private final String displayName;
  private final String key;
  private final int defaultPort;
  private final String driverClass;
  private final char quote;
  private final Set<String> systemSchemas;

  Dialect(String displayName, String key, int defaultPort, String driverClass, char quote, Set<String> systemSchemas) {
    this.displayName = displayName;
    this.key = key;
    this.defaultPort = defaultPort;
    this.driverClass = driverClass;
    this.quote = quote;
    this.systemSchemas = systemSchemas;
  }

  /** The dialect named {@code key} ({@code postgresql} or {@code mariadb}; {@code mysql} is read as MariaDB). */
  static Dialect of(String key) {
    return switch (key.toLowerCase(Locale.ROOT)) {
      case "postgresql", "postgres" -> POSTGRESQL;
      case "mariadb", "mysql" -> MARIADB;
      default -> throw new IllegalArgumentException(key);
    };
  }

  String displayName() {
    return displayName;
  }

  String key() {
    return key;
  }

  int defaultPort() {
    return defaultPort;
  }

  String driverClass() {
    return driverClass;
  }

  /**
   * The identifier as a quoted identifier: the quote character doubled inside, so that any name
   * (with quotes, semicolons, comments) stays one name.
   */
  String quote(String identifier) {
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("an identifier cannot contain NUL");
    }
    String q = String.valueOf(quote);
    return q + identifier.replace(q, q + q) + q;
  }

  /** {@code schema.table}, both quoted. */
  String qualified(String schema, String table) {
    return quote(schema) + "." + quote(table);
  }

  /** A case-insensitive pattern match of {@code column} against a bound {@code LIKE} pattern escaped with '!'. */
  String containsText(String quotedColumn) {
    // MariaDB's default collations compare case-insensitively; PostgreSQL needs ILIKE.
    return this == POSTGRESQL ? quotedColumn + " ILIKE ? ESCAPE '!'" : quotedColumn + " LIKE ? ESCAPE '!'";
  }

  boolean isSystemSchema(String schema) {
    return systemSchemas.contains(schema.toLowerCase(Locale.ROOT))
        || this == POSTGRESQL && (schema.startsWith("pg_toast") || schema.startsWith("pg_temp"));
  }

  /** {@code INSERT} of a row of defaults only. */
  String insertDefaults(String qualifiedTable) {
    return this == POSTGRESQL ? "INSERT INTO " + qualifiedTable + " DEFAULT VALUES" : "INSERT INTO " + qualifiedTable + " () VALUES ()";
  }

  /** The statement every pooled connection runs first: sessions in UTC, so times without a zone read as UTC. */
  String sessionSetup() {
    return this == POSTGRESQL ? "SET TIME ZONE 'UTC'" : "SET time_zone = '+00:00'";
  }

  /** The text to find anywhere in a column, as a {@code LIKE} pattern with '!' as the escape character. */
  static String likePattern(String text) {
    return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }
}
