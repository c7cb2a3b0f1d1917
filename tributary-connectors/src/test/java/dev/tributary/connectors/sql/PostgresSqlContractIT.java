package dev.tributary.connectors.sql;

/** The connector contract against the real Postgres of the test command. */
class PostgresSqlContractIT extends SqlContractITBase {

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
