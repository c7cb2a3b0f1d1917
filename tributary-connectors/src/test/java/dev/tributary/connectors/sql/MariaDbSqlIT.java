package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.ListRequest;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.testing.TestEngine;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SQL connector's methods on the real MariaDB of the test command, and a rejected password. */
class MariaDbSqlIT extends SqlConnectorITBase {

  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @Test
  void aWrongPasswordIsCredentialsRejectedWithoutThePassword() {
    String wrong = "wrong-" + db.password;
    try (TestEngine wrongPassword = TestEngine.connect(SqlConnector.KEY, Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true),
        Map.of("username", db.user, "password", wrong), db.connectionParameters(), null)) {
      var context = wrongPassword.data().context(wrongPassword.customer(), wrongPassword.connection(), "table",
          Map.of("schema", db.schema, "table", "people"));
      assertThatThrownBy(() -> table.list(context, ListRequest.firstPage())).isInstanceOf(ConnectorException.class)
          .hasMessageContaining("rejected the user name or password").hasMessageNotContaining(wrong)
          .extracting(e -> ((ConnectorException) e).kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED);
    }
  }
}
