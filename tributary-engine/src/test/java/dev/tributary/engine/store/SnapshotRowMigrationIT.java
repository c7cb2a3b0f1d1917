package dev.tributary.engine.store;

import static dev.tributary.engine.store.MigrationTesting.dataSource;
import static dev.tributary.engine.store.MigrationTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V25 narrows the snapshot's rows (a record's hash as its first 32 hexadecimal digits, no scan id
 * needed) and, on PostgreSQL, V25_1 compares their key byte by byte: the rows written before must
 * come through as the hashes a scan now computes for the same records.
 */
class SnapshotRowMigrationIT {

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void theSnapshotsRowsKeepTheirKeyAndTheFirstHalfOfTheirHash(TestDatabase kind) throws Exception {
    javax.sql.DataSource dataSource = dataSource(kind.fresh());
    String[] locations = kind == TestDatabase.POSTGRESQL
        ? new String[] {"classpath:db/migration", "classpath:db/postgresql"}
        : new String[] {"classpath:db/migration"};
    Flyway.configure().dataSource(dataSource).locations(locations).target("24").load().migrate();
    List<String> written = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      for (int n = 0; n < 300; n++) {
        String hash = sha256Hex("record " + n); // what a scan wrote before: the whole SHA-256
        written.add(hash);
        statement.execute("insert into subscription_snapshots (subscription_id, record_id, record_hash, scan_id) values ('s"
            + n % 3 + "', 'r" + n + "', '" + hash + "', 'scan')");
      }
    }

    Flyway.configure().dataSource(dataSource).locations(locations).load().migrate();

    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      assertThat(rows(statement, "select count(*) from subscription_snapshots")).containsExactly("300");
      assertThat(rows(statement, "select record_hash from subscription_snapshots where subscription_id = 's1' and record_id = 'r1'"))
          .containsExactly(written.get(1).substring(0, 32));
      assertThat(rows(statement, "select count(*) from subscription_snapshots where scan_id = 'scan'")).containsExactly("300");
      statement.execute("insert into subscription_snapshots (subscription_id, record_id, record_hash) values ('s1', 'new', '"
          + written.get(2).substring(0, 32) + "')"); // a row without a scan id
      assertThatThrownBy(() -> statement.execute("insert into subscription_snapshots (subscription_id, record_id, record_hash)"
          + " values ('s1', 'wide', '" + written.get(3) + "')")).isInstanceOf(SQLException.class); // 64 digits no longer fit
      assertThatThrownBy(() -> statement.execute("insert into subscription_snapshots (subscription_id, record_id, record_hash)"
          + " values ('s1', 'r1', '" + written.get(1).substring(0, 32) + "')")).isInstanceOf(SQLException.class); // the key
      if (kind == TestDatabase.POSTGRESQL) {
        assertThat(rows(statement, "select column_name || ' ' || collation_name from information_schema.columns"
            + " where table_schema = current_schema() and table_name = 'subscription_snapshots'"
            + " and collation_name is not null order by column_name"))
            .containsExactly("record_id C", "subscription_id C");
      }
    }
  }

  private static String sha256Hex(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
