package dev.tributary.connectors.sql;

/** The injection suite on the real MariaDB of the test command. */
class MariaDbSqlInjectionIT extends SqlInjectionITBase {

  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }

  @Override
  String tableName() {
    return "Rob\"ert'); DROP TABLE canary; -- /* ` ? Ünï 名";
  }
}
