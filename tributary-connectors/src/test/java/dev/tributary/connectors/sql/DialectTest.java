package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DialectTest {

  @Test
  void quoteDoublesTheDialectsQuoteCharacterOnly() {
    assertThat(Dialect.POSTGRESQL.quote("a\"b`c")).isEqualTo("\"a\"\"b`c\"");
    assertThat(Dialect.MARIADB.quote("a\"b`c")).isEqualTo("`a\"b``c`");
    assertThat(Dialect.POSTGRESQL.qualified("s\"", "t")).isEqualTo("\"s\"\"\".\"t\"");
  }

  @Test
  void quoteRefusesNul() {
    assertThatThrownBy(() -> Dialect.MARIADB.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void likePatternEscapesWildcardsAndTheEscapeCharacter() {
    assertThat(Dialect.likePattern("50%_off!")).isEqualTo("%50!%!_off!!%");
  }

  @Test
  void systemSchemasAreLeftOut() {
    assertThat(Dialect.POSTGRESQL.isSystemSchema("pg_toast_temp_1")).isTrue();
    assertThat(Dialect.POSTGRESQL.isSystemSchema("public")).isFalse();
    assertThat(Dialect.MARIADB.isSystemSchema("performance_schema")).isTrue();
  }
}
