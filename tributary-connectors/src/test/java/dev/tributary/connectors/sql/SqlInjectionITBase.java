package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.SearchRequest;
import dev.tributary.engine.testing.TestEngine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile table names, column names and values: quotes, backticks, semicolons, comments,
 * placeholders, wildcards, unicode, very long text. They work as names and values, nothing they
 * hold is executed, and the other data stays intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlInjectionITBase {

  static final List<String> HOSTILE_VALUES = List.of(
      "'; DROP TABLE canary; --",
      "Robert'); DELETE FROM canary; --",
      "\\'; UPDATE canary SET note = 'x'; -- \\",
      "` ; DROP TABLE canary; `",
      "\" OR \"1\"=\"1",
      "/* comment */ -- line comment",
      "? $1 :name %s",
      "100%_ \\% !%",
      "Ünïcødé 名前 😀 \u202e",
      "x".repeat(100_000));

  TestDatabase db;
  TestEngine engine;
  DataCollection table;
  String hostileTable;
  List<String> hostileColumns;

  abstract Dialect dialect();

  /** Table names the dialect allows (MariaDB keeps table names as file names: no '/', '\' or '.'). */
  abstract String tableName();

  @BeforeAll
  void createHostileTable() {
    db = TestDatabase.create(dialect());
    db.run(SqlFixtures.tables(dialect()));
    hostileTable = tableName();
    hostileColumns = List.of("it's \"quoted\"", "back`tick", "semi; DROP TABLE canary; --", "/* c */ -- d", "? :p $1",
        "Ünïcødé 名前");
    Dialect d = dialect();
    String text = d == Dialect.POSTGRESQL ? "text" : "longtext";
    StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(d.quote(hostileTable)).append(" (")
        .append(d.quote("id; --")).append(d == Dialect.POSTGRESQL ? " serial" : " int AUTO_INCREMENT").append(" PRIMARY KEY");
    for (String column : hostileColumns) {
      ddl.append(", ").append(d.quote(column)).append(' ').append(text);
    }
    db.run(ddl.append(")").toString());
    engine = db.connect(Map.of());
    table = (DataCollection) engine.tributary().connectors().require(SqlConnector.KEY).location("table").orElseThrow();
  }

  @AfterAll
  void drop() {
    engine.close();
    db.close();
  }

  ConnectorContext hostile() {
    return engine.data().context(engine.customer(), engine.connection(), "table",
        Map.of("schema", db.schema, "table", hostileTable));
  }

  @Test
  void hostileNamesWorkAsNamesAndHostileValuesRoundTripWithoutRunning() {
    DataDirectory schema = (DataDirectory) engine.tributary().connectors().require(SqlConnector.KEY).location("schema").orElseThrow();
    assertThat(schema.list(engine.data().context(engine.customer(), engine.connection(), "schema", Map.of("schema", db.schema)),
        Map.of("schema", db.schema), null).locations()).extracting(LocationPointer::name).contains(hostileTable);
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) table.spec(hostile()).fieldsSchema().get("properties");
    assertThat(properties.keySet()).containsAll(hostileColumns);

    for (String value : HOSTILE_VALUES) {
      Map<String, Object> fields = new LinkedHashMap<>();
      hostileColumns.forEach(column -> fields.put(column, value));
      String id = table.create(hostile(), fields);
      DataRecord stored = table.findById(hostile(), id).orElseThrow();
      hostileColumns.forEach(column -> assertThat(stored.fields().get(column)).as(column).isEqualTo(value));

      String column = hostileColumns.get(2);
      assertThat(table.list(hostile(), new ListRequest(Map.of(column, value), null)).records()).extracting(DataRecord::id)
          .containsExactly(id);
      assertThat(table.match(hostile(), Map.of(hostileColumns.get(0), value)).map(DataRecord::id)).contains(id);
      String probe = value.length() > 40 ? value.substring(0, 40) : value;
      assertThat(table.search(hostile(), new SearchRequest(probe, null)).records()).extracting(DataRecord::id).contains(id);
      table.update(hostile(), id, Map.of(hostileColumns.get(1), value + " changed"));
      assertThat(table.findById(hostile(), id).orElseThrow().fields().get(hostileColumns.get(1))).isEqualTo(value + " changed");
      table.delete(hostile(), id);
      assertThat(table.findById(hostile(), id)).isEmpty();
    }

    ConnectorContext canary = engine.data().context(engine.customer(), engine.connection(), "table",
        Map.of("schema", db.schema, "table", "canary"));
    assertThat(table.list(canary, ListRequest.firstPage()).records()).extracting(record -> record.fields().get("note"))
        .containsExactly("still here");
  }

  @Test
  void hostileIdsCursorsAndSearchTextFindNothingAndHarmNothing() {
    for (String value : HOSTILE_VALUES) {
      assertThat(table.findById(hostile(), value)).isEmpty();
      table.delete(hostile(), value);
      assertThat(table.search(hostile(), new SearchRequest(value, null)).records()).isEmpty();
    }
    ConnectorContext canary = engine.data().context(engine.customer(), engine.connection(), "table",
        Map.of("schema", db.schema, "table", "canary"));
    assertThat(table.list(canary, ListRequest.firstPage()).records()).hasSize(1);
  }
}
