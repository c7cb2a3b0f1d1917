package dev.tributary.connectors.sql;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a connection's database is and who logs in: from the connection parameters ({@code
 * jdbcUrl}, or {@code dialect}, {@code host}, {@code port}, {@code database}) and the credentials
 * ({@code username}, {@code password}). {@link #toString()} leaves the password out.
 */
record ConnectionSettings(Dialect dialect, String host, int port, String database, String username, String password) {

  // One host, an optional port, a database name, no driver properties: properties such as
  // socketFactory or allowLocalInfile would let a connection's settings act on the server itself.
  private static final Pattern JDBC_URL =
      Pattern.compile("jdbc:(postgresql|mariadb|mysql)://([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:.]+])(?::(\\d{1,5}))?/([^/?;#&]+)");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]+|[0-9A-Fa-f:.]+");

  static ConnectionSettings from(ConnectorContext context) {
    Map<String, Object> parameters = context.connectionParameters();
    String username = text(context.credentials().get("username"));
    String password = text(context.credentials().get("password"));
    if (username == null) {
      throw InvalidInputException.forField("credentials.username",
          "The connection has no database user name. Set credentials.username (and credentials.password).");
    }
    String url = text(parameters.get("jdbcUrl"));
    if (url != null) {
      Matcher matcher = JDBC_URL.matcher(url);
      if (!matcher.matches()) {
        throw InvalidInputException.forField("connectionParameters.jdbcUrl", "The JDBC URL \"" + url + "\" is not of the form"
            + " jdbc:postgresql://host[:port]/database or jdbc:mariadb://host[:port]/database (one host, no properties)."
            + " Write it in that form, or give host, port and database instead.");
      }
      Dialect dialect = Dialect.of(matcher.group(1));
      String host = matcher.group(2).startsWith("[") ? matcher.group(2).substring(1, matcher.group(2).length() - 1) : matcher.group(2);
      int port = matcher.group(3) == null ? dialect.defaultPort() : port(matcher.group(3), "connectionParameters.jdbcUrl");
      return new ConnectionSettings(dialect, host, port, matcher.group(4), username, password == null ? "" : password);
    }
    String dialectKey = text(parameters.get("dialect"));
    Dialect dialect;
    try {
      dialect = Dialect.of(dialectKey == null ? "" : dialectKey);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.forField("connectionParameters.dialect", "The dialect " + (dialectKey == null ? "is missing"
          : "\"" + dialectKey + "\" is not known") + ": set connectionParameters.dialect to postgresql or mariadb"
          + " (or give a jdbcUrl).");
    }
    String host = text(parameters.get("host"));
    if (host == null || !HOST.matcher(host).matches()) {
      throw InvalidInputException.forField("connectionParameters.host", "The database host " + (host == null ? "is missing"
          : "\"" + host + "\" is not a host name or IP address") + ". Set connectionParameters.host, e.g. db.example.com.");
    }
    String database = text(parameters.get("database"));
    if (database == null) {
      throw InvalidInputException.forField("connectionParameters.database",
          "The database name is missing. Set connectionParameters.database to the database to connect to.");
    }
    Object givenPort = parameters.get("port");
    int port = givenPort == null ? dialect.defaultPort() : port(String.valueOf(givenPort), "connectionParameters.port");
    return new ConnectionSettings(dialect, host, port, database, username, password == null ? "" : password);
  }

  /** The JDBC URL the pool uses (with the driver settings this connector relies on). */
  String jdbcUrl() {
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    String base = "jdbc:" + dialect.key() + "://" + hostPart + ":" + port + "/" + encodeDatabase();
    return dialect == Dialect.POSTGRESQL
        // Strings are sent untyped, so the server reads them as the column's type (uuid, enum, json, date…).
        ? base + "?stringtype=unspecified&ApplicationName=tributary"
        // A database server must never be able to make the driver read files of this machine.
        : base + "?allowLocalInfile=false&permitMysqlScheme=false";
  }

  /** Identifies the pool of these settings without holding the password in clear. */
  String poolKey() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update((jdbcUrl() + "\n" + username + "\n" + password).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Where the database is, for messages: never the credentials. */
  String describe() {
    return dialect.displayName() + " at " + host + ":" + port + "/" + database;
  }

  @Override
  public String toString() {
    return "ConnectionSettings[" + describe() + ", user " + username + "]";
  }

  private String encodeDatabase() {
    return java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static int port(String text, String field) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw InvalidInputException.forField(field, "The port \"" + text + "\" is not a port number (1 to 65535).");
  }

  private static @org.jspecify.annotations.Nullable String text(@org.jspecify.annotations.Nullable Object value) {
    return value == null || value.toString().isBlank() ? null : value.toString();
  }
}
