package dev.tributary.connectors.sql;

/** The injection suite on the real PostgreSQL of the test command. */
class PostgresSqlInjectionIT extends SqlInjectionITBase {

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  String tableName() {
    return "Rob\"ert'); DROP TABLE canary; -- /* ` \\ . ? Ünï 名";
  }
}
