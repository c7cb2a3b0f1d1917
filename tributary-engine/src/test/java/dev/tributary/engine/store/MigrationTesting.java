package dev.tributary.engine.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** For the tests of a migration: a plain data source for Flyway to migrate step by step, and a query's first column. */
final class MigrationTesting {

  private MigrationTesting() {}

  static DataSource dataSource(DatabaseSettings settings) {
    if (settings.url().startsWith("jdbc:h2:")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL(settings.url());
      return h2;
    }
    PGSimpleDataSource postgres = new PGSimpleDataSource();
    postgres.setURL(settings.url());
    postgres.setUser(settings.user());
    postgres.setPassword(settings.password());
    return postgres;
  }

  static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }
}
