package dev.tributary.connectors.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** SQL text with its bound values: identifiers go in quoted, values only ever as parameters. */
final class Query {

  /** Binds one value to parameter {@code index}. */
  @FunctionalInterface
  interface Binding {
    void bind(Connection connection, PreparedStatement statement, int index) throws SQLException;
  }

  private final StringBuilder sql = new StringBuilder();
  private final List<Binding> bindings = new ArrayList<>();

  Query sql(String text) {
    sql.append(text);
    return this;
  }

  /** A parameter holding a field's value for {@code column}. */
  Query value(Column column, @Nullable Object value) {
    sql.append('?');
    bindings.add((connection, statement, index) -> Values.bind(connection, statement, index, column, value));
    return this;
  }

  /** A parameter holding a value typed by {@link Values#fromText}. */
  Query typed(Object value) {
    sql.append('?');
    bindings.add((connection, statement, index) -> Values.bindTyped(statement, index, value));
    return this;
  }

  /** A parameter holding text. */
  Query text(String value) {
    sql.append('?');
    bindings.add((connection, statement, index) -> statement.setString(index, value));
    return this;
  }

  PreparedStatement prepare(Connection connection) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql.toString());
    try {
      for (int i = 0; i < bindings.size(); i++) {
        bindings.get(i).bind(connection, statement, i + 1);
      }
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
    return statement;
  }

  @Override
  public String toString() {
    return sql.toString();
  }
}
