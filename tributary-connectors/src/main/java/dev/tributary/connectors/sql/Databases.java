package dev.tributary.connectors.sql;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;

/**
 * Runs work on a connection's database: settings from the context, the host check, a pooled
 * connection, and database errors turned into {@link ConnectorException}s the engine understands.
 */
final class Databases implements AutoCloseable {

  /** Work with an open connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Dialect dialect, Connection connection) throws SQLException;
  }

  private final Pools pools;

  Databases(Clock clock) {
    this.pools = new Pools(clock);
  }

  <T> T run(ConnectorContext context, Work<T> work) {
    ConnectionSettings settings = ConnectionSettings.from(context);
    HostCheck.check(settings, Boolean.TRUE.equals(context.integrationParameters().get(HostCheck.ALLOW_LOCAL_NETWORK)));
    try (Connection connection = pools.pool(settings).getConnection()) {
      return work.run(settings.dialect(), connection);
    } catch (SQLException e) {
      throw translate(settings, e);
    }
  }

  Pools pools() {
    return pools;
  }

  /** A database error as the engine reacts to it; the message names the database, never the password. */
  static ConnectorException translate(ConnectionSettings settings, SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    int code = e.getErrorCode();
    String where = settings.describe();
    if (state.startsWith("28") || code == 1045) {
      return new ConnectorException(ConnectorException.Kind.CREDENTIALS_REJECTED, 0, where + " rejected the user name or"
          + " password of the connection. Check the connection's credentials (username, password).", null, null);
    }
    if (state.startsWith("08") || e instanceof SQLTransientConnectionException) {
      return new ConnectorException(ConnectorException.Kind.UNREACHABLE, 0, where + " could not be reached: "
          + firstLine(e) + " Check the host, port and database of the connection.", null, e);
    }
    if (state.equals("42501") || code == 1044 || code == 1142 || code == 1143) {
      return new ConnectorException(ConnectorException.Kind.FORBIDDEN, 0, where + " refused: " + firstLine(e)
          + " Grant the connection's user the privilege.", null, null);
    }
    if (state.startsWith("23") || state.startsWith("22") || state.startsWith("42") || state.startsWith("HY")
        || state.startsWith("44")) {
      return new ConnectorException(ConnectorException.Kind.REJECTED, 0, where + " rejected the change: " + firstLine(e),
          null, null);
    }
    return new ConnectorException(ConnectorException.Kind.APP_FAILED, 0, where + " failed: " + firstLine(e), null, e);
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 300 ? line.substring(0, 300) + "…" : line;
  }

  @Override
  public void close() {
    pools.close();
  }
}
