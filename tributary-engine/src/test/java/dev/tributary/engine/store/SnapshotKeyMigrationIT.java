package dev.tributary.engine.store;

import static dev.tributary.engine.store.MigrationTesting.dataSource;
import static dev.tributary.engine.store.MigrationTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** V23 rebuilds the snapshot table without its foreign key: every row must come through, on both databases. */
class SnapshotKeyMigrationIT {

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void theRebuiltSnapshotTableKeepsEveryRowAndItsKeyButNoLongerTheSubscriptionsKey(TestDatabase kind) throws SQLException {
    javax.sql.DataSource dataSource = dataSource(kind.fresh());
    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target("22").load().migrate();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      // Rows of subscriptions that are not there: a subscription row needs a workspace, a customer, an integration and a
      // connection, and V23 is about the snapshot's rows alone, so the old key is not checked while they are written.
      statement.execute(kind == TestDatabase.H2 ? "set referential_integrity false" : "set session_replication_role = replica");
      for (int n = 0; n < 1_500; n++) {
        statement.execute("insert into subscription_snapshots (subscription_id, record_id, record_hash, scan_id) values ('s"
            + n % 3 + "', 'r" + n + "', 'h" + n + "', 'scan')");
      }
      statement.execute(kind == TestDatabase.H2 ? "set referential_integrity true" : "set session_replication_role = origin");
    }

    Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();

    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      assertThat(rows(statement, "select count(*) from subscription_snapshots")).containsExactly("1500");
      assertThat(rows(statement, "select record_hash from subscription_snapshots where subscription_id = 's1'"
          + " and record_id = 'r1000'")).containsExactly("h1000");
      statement.execute("insert into subscription_snapshots (subscription_id, record_id, record_hash, scan_id)"
          + " values ('no such subscription', 'r', 'h', 'scan')"); // no foreign key any more
      assertThatThrownBy(() -> statement.execute("insert into subscription_snapshots (subscription_id, record_id,"
          + " record_hash, scan_id) values ('s1', 'r1000', 'again', 'scan')")).isInstanceOf(SQLException.class); // the key
      if (kind == TestDatabase.H2) { // one index, the primary key's, not one more for the foreign key
        assertThat(rows(statement, "select count(*) from information_schema.indexes"
            + " where table_name = 'SUBSCRIPTION_SNAPSHOTS'")).containsExactly("1");
      }
    }
  }
}
