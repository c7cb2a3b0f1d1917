package dev.tributary.connectors.sql;

/** The SQL connector's methods on the real PostgreSQL of the test command. */
class PostgresSqlIT extends SqlConnectorITBase {

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
