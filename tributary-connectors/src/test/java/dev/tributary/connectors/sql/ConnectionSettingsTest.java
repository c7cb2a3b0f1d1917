package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.error.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSettingsTest {

  static ConnectorContext context(Map<String, Object> connectionParameters) {
    return new ConnectorContext() {
      @Override
      public ApiClient api() {
        throw new UnsupportedOperationException();
      }

      @Override
      public Map<String, Object> parameters() {
        return Map.of();
      }

      @Override
      public Map<String, Object> credentials() {
        return Map.of("username", "app", "password", "s3cret-value");
      }

      @Override
      public Map<String, Object> connectionParameters() {
        return connectionParameters;
      }

      @Override
      public Map<String, Object> integrationParameters() {
        return Map.of();
      }
    };
  }

  @Test
  void aJdbcUrlGivesDialectHostPortAndDatabase() {
    ConnectionSettings settings = ConnectionSettings.from(context(Map.of("jdbcUrl", "jdbc:mariadb://db.example.com/shop")));
    assertThat(settings.dialect()).isEqualTo(Dialect.MARIADB);
    assertThat(settings.port()).isEqualTo(3306);
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:mariadb://db.example.com:3306/shop?allowLocalInfile=false&permitMysqlScheme=false");
  }

  @Test
  void partsGiveTheSameSettings() {
    ConnectionSettings settings = ConnectionSettings.from(context(Map.of("dialect", "postgresql", "host", "10.0.0.5",
        "port", 6432, "database", "crm")));
    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.5:6432/crm?stringtype=unspecified&ApplicationName=tributary");
  }

  @Test
  void aJdbcUrlWithDriverPropertiesIsRefused() {
    assertThatThrownBy(() -> ConnectionSettings.from(context(Map.of("jdbcUrl",
        "jdbc:postgresql://db.example.com/crm?socketFactory=org.example.Evil"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("The JDBC URL \"jdbc:postgresql://db.example.com/crm?socketFactory=org.example.Evil\" is not"
            + " of the form");
  }

  @Test
  void anUnknownDialectIsNamed() {
    assertThatThrownBy(() -> ConnectionSettings.from(context(Map.of("dialect", "oracle", "host", "h", "database", "d"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("The dialect \"oracle\" is not known: set connectionParameters.dialect to postgresql or mariadb (or give a"
            + " jdbcUrl).");
  }

  @Test
  void thePasswordNeverAppearsInTextOrPoolKeys() {
    ConnectionSettings settings = ConnectionSettings.from(context(Map.of("jdbcUrl", "jdbc:postgresql://db/crm")));
    assertThat(settings.toString()).doesNotContain("s3cret-value");
    assertThat(settings.describe()).doesNotContain("s3cret-value");
    assertThat(settings.poolKey()).doesNotContain("s3cret-value").hasSize(64);
  }
}
