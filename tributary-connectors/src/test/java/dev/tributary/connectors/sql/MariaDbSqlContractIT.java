package dev.tributary.connectors.sql;

/** The connector contract against the real MariaDB of the test command. */
class MariaDbSqlContractIT extends SqlContractITBase {

  @Override
  Dialect dialect() {
    return Dialect.MARIADB;
  }
}
