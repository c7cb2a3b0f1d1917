package dev.tributary.connectors.sql;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.testkit.contract.ConnectorContractTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The connector contract on a seeded {@code people} table; run on both databases. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlContractITBase extends ConnectorContractTest {

  TestDatabase db;
  TestEngine engine;

  abstract Dialect dialect();

  @BeforeAll
  void seed() {
    db = TestDatabase.create(dialect());
    db.run(SqlFixtures.tables(dialect()));
    db.run("INSERT INTO people (full_name, age) VALUES ('Seed one', 1)", "INSERT INTO people (full_name, age) VALUES ('Seed two', 2)");
    engine = db.connect(Map.of());
  }

  @AfterAll
  void drop() {
    engine.close();
    db.close();
  }

  @Override
  protected Connector connector() {
    return engine.tributary().connectors().require(SqlConnector.KEY);
  }

  @Override
  protected ConnectorContext context(String location, Map<String, Object> parameters) {
    return engine.data().context(engine.customer(), engine.connection(), location, parameters);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return Map.of("schema", db.schema, "table", "people");
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return Map.of("full_name", "Contract " + UUID.randomUUID().toString().substring(0, 8), "age", 40);
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return Map.of("full_name", "Changed by the contract");
  }
}
