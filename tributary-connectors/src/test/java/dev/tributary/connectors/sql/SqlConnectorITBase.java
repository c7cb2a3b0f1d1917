package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.SearchRequest;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every method of the SQL connector against a real database; {@link PostgresSqlIT} and
 * {@link MariaDbSqlIT} run it on both. Each class works in its own throwaway schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SqlConnectorITBase {

  TestDatabase db;
  TestEngine engine;
  DataCollection table;

  abstract Dialect dialect();

  @BeforeEach
  void freshTables() {
    if (db == null) {
      db = TestDatabase.create(dialect());
      engine = db.connect(Map.of());
      table = (DataCollection) engine.tributary().connectors().require(SqlConnector.KEY).location("table").orElseThrow();
    }
    db.run("DROP VIEW IF EXISTS people_view", "DROP TABLE IF EXISTS people", "DROP TABLE IF EXISTS memberships",
        "DROP TABLE IF EXISTS assignments", "DROP TABLE IF EXISTS canary");
    db.run(SqlFixtures.tables(dialect()));
  }

  @AfterAll
  void dropSchema() {
    if (engine != null) {
      engine.close();
    }
    if (db != null) {
      db.close();
    }
  }

  ConnectorContext context(String tableName, Map<String, Object> extra) {
    Map<String, Object> parameters = new LinkedHashMap<>(Map.of("schema", db.schema, "table", tableName));
    parameters.putAll(extra);
    return engine.data().context(engine.customer(), engine.connection(), "table", parameters);
  }

  ConnectorContext people() {
    return context("people", Map.of());
  }

  String person(String name, Integer age) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("full_name", name);
    fields.put("age", age);
    return table.create(people(), fields);
  }

  @Test
  void specMapsColumnTypesKeysAndGeneratedColumns() {
    CollectionSpec spec = table.spec(people());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> properties = (Map<String, Map<String, Object>>) spec.fieldsSchema().get("properties");
    assertThat(properties.keySet()).containsExactly("id", "full_name", "email", "age", "score", "active", "born", "updated_at",
        "profile", "slug");
    assertThat(properties.get("id")).containsEntry("type", "integer").containsEntry("readOnly", true);
    assertThat(properties.get("slug")).containsEntry("readOnly", true);
    assertThat(properties.get("full_name")).containsEntry("type", "string").doesNotContainKey("readOnly");
    assertThat(properties.get("email")).containsEntry("maxLength", 200);
    assertThat(properties.get("score")).containsEntry("type", "number");
    assertThat(properties.get("active")).containsEntry("type", "boolean");
    assertThat(properties.get("born")).containsEntry("format", "date");
    assertThat(properties.get("updated_at")).containsEntry("format", "date-time");
    assertThat(properties.get("profile")).containsEntry("type", "object");
    assertThat(spec.create().requiredFields()).containsExactly("full_name");
    assertThat(spec.update().excludedFields()).containsExactly("id");
    assertThat(spec.list().filterFields()).contains("full_name", "age").doesNotContain("profile");
    assertThat(spec.events().get("updated").implementationType()).isEqualTo("full-scan");
  }

  @Test
  void viewsAreReadOnlyCollections() {
    person("Ann", 30);
    ConnectorContext view = context("people_view", Map.of("keyColumns", List.of("id")));
    CollectionSpec spec = table.spec(view);
    assertThat(spec.create()).isNull();
    assertThat(spec.update()).isNull();
    assertThat(spec.delete()).isNull();
    assertThat(table.list(view, ListRequest.firstPage()).records()).extracting(r -> r.fields().get("full_name"))
        .containsExactly("Ann");
    assertThatThrownBy(() -> table.create(view, Map.of("full_name", "Bob"))).isInstanceOf(InvalidInputException.class)
        .hasMessage("\"people_view\" is a view, which is read-only: create works on tables only.");
  }

  @Test
  void aViewWithoutKeyColumnsAsksForThem() {
    assertThatThrownBy(() -> table.list(context("people_view", Map.of()), ListRequest.firstPage()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("The view \"people_view\" has no primary key").hasMessageContaining("keyColumns");
  }

  @Test
  void listPagesByKeyToTheEndWithoutRepeats() {
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      created.add(person("Person " + i, i));
    }
    ConnectorContext paged = context("people", Map.of("pageSize", 10));
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      RecordPage page = table.list(paged, new ListRequest(Map.of(), cursor));
      page.records().forEach(record -> seen.add(record.id()));
      sizes.add(page.records().size());
      cursor = page.cursor();
    } while (cursor != null);
    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(seen).containsExactlyElementsOf(created);
  }

  @Test
  void aColumnDroppedBetweenTwoReadsIsLeftOutOfTheSecond() {
    person("Ann", 30);
    assertThat(table.list(people(), ListRequest.firstPage()).records().getFirst().fields()).containsKey("email");

    db.run("ALTER TABLE people DROP COLUMN email");

    assertThat(table.list(people(), ListRequest.firstPage()).records().getFirst().fields()).doesNotContainKey("email")
        .containsEntry("full_name", "Ann");
    assertThat(table.findById(people(), table.list(people(), ListRequest.firstPage()).records().getFirst().id())).isPresent();
  }

  @Test
  void listFiltersOnEqualityAndNull() {
    person("Ann", 30);
    String bob = person("Bob", 40);
    String nobody = person("Nobody", null);
    assertThat(table.list(people(), new ListRequest(Map.of("age", 40), null)).records()).extracting(DataRecord::id)
        .containsExactly(bob);
    Map<String, Object> ageNull = new LinkedHashMap<>();
    ageNull.put("age", null);
    assertThat(table.list(people(), new ListRequest(ageNull, null)).records()).extracting(DataRecord::id).containsExactly(nobody);
    assertThatThrownBy(() -> table.list(people(), new ListRequest(Map.of("agee", 1), null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("\"agee\" is not a column of people. Its columns: id, full_name, email, age, score, active, born,"
            + " updated_at, profile, slug.");
  }

  @Test
  void theEngineFiltersByTheTablesColumns() {
    person("Ann", 30);
    String bob = person("Bob", 40);
    RecordPage page = engine.data().list(engine.customer(), engine.connection(), "table",
        Map.of("schema", db.schema, "table", "people"), Map.of("full_name", "Bob"), null);
    assertThat(page.records()).extracting(DataRecord::id).containsExactly(bob);
  }

  @Test
  void findByIdGivesTheRecordAndNothingForUnknownOrMalformedIds() {
    String id = person("Ann", 30);
    DataRecord found = table.findById(people(), id).orElseThrow();
    assertThat(found.fields()).containsEntry("full_name", "Ann").containsEntry("age", 30L).containsEntry("slug", "ann");
    assertThat(found.name()).isEqualTo("Ann");
    assertThat(table.findById(people(), "999999")).isEmpty();
    assertThat(table.findById(people(), "not-a-number")).isEmpty();
  }

  @Test
  void matchFindsTheRecordWithTheseFieldValues() {
    person("Ann", 30);
    String bob = person("Bob", 30);
    assertThat(table.match(people(), Map.of("full_name", "Bob", "age", 30)).map(DataRecord::id)).contains(bob);
    assertThat(table.match(people(), Map.of("full_name", "Carl"))).isEmpty();
  }

  @Test
  void searchFindsTextCaseInsensitivelyAndTakesWildcardsLiterally() {
    String percent = person("100% sure", 1);
    person("100 percent", 2);
    String underscore = person("under_score", 3);
    person("underXscore", 4);
    assertThat(ids(table.search(people(), new SearchRequest("%", null)))).containsExactly(percent);
    assertThat(ids(table.search(people(), new SearchRequest("_", null)))).containsExactly(underscore);
    assertThat(ids(table.search(people(), new SearchRequest("SURE", null)))).containsExactly(percent);
  }

  @Test
  void createStoresEveryTypeAndUpdateChangesOnlyTheGivenFields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("full_name", "Ann Lee");
    fields.put("email", "ann@example.org");
    fields.put("age", 31);
    fields.put("score", 12.5);
    fields.put("active", false);
    fields.put("born", "1990-02-03");
    fields.put("updated_at", "2024-05-01T10:00:00.123456Z");
    fields.put("profile", Map.of("city", "Oslo", "tags", List.of("a", "b")));
    String id = table.create(people(), fields);
    DataRecord created = table.findById(people(), id).orElseThrow();
    assertThat(created.fields()).containsEntry("email", "ann@example.org").containsEntry("active", false)
        .containsEntry("born", "1990-02-03").containsEntry("updated_at", "2024-05-01T10:00:00.123456Z")
        .containsEntry("profile", Map.of("city", "Oslo", "tags", List.of("a", "b")));
    assertThat(String.valueOf(created.fields().get("score"))).isEqualTo("12.50");

    assertThat(table.update(people(), id, Map.of("age", 32))).isEqualTo(id);
    DataRecord updated = table.findById(people(), id).orElseThrow();
    assertThat(updated.fields()).containsEntry("age", 32L).containsEntry("email", "ann@example.org");

    table.delete(people(), id);
    assertThat(table.findById(people(), id)).isEmpty();
    table.delete(people(), id);
  }

  @Test
  void writesRefuseGeneratedKeyAndUnknownColumnsAndBadValues() {
    String id = person("Ann", 30);
    assertThatThrownBy(() -> table.create(people(), Map.of("full_name", "X", "slug", "x")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"slug\" is generated by the database");
    assertThatThrownBy(() -> table.update(people(), id, Map.of("id", 5)))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"id\" is generated by the database");
    String membership = table.create(context("memberships", Map.of()), Map.of("team", "a", "person_id", 1));
    assertThatThrownBy(() -> table.update(context("memberships", Map.of()), membership, Map.of("team", "b")))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"team\" is part of memberships's key");
    assertThatThrownBy(() -> table.create(people(), Map.of("age", 3)))
        .isInstanceOf(InvalidInputException.class).hasMessage("A new people record needs full_name (NOT NULL columns without a default).");
    assertThatThrownBy(() -> table.update(people(), id, Map.of("age", "old")))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("The field \"age\" must be an integer");
    assertThatThrownBy(() -> table.update(people(), "999999", Map.of("age", 1)))
        .isInstanceOf(ConnectorException.class).hasMessage("people has no record with id \"999999\".");
  }

  @Test
  void compositeKeysGiveCommaSeparatedIdsThatRoundTrip() {
    ConnectorContext memberships = context("memberships", Map.of());
    String id = table.create(memberships, Map.of("team", "r,d%", "person_id", 7, "role", "lead"));
    assertThat(id).isEqualTo("r%2Cd%25,7");
    assertThat(table.findById(memberships, id).orElseThrow().fields()).containsEntry("role", "lead");
    table.update(memberships, id, Map.of("role", "member"));
    assertThat(table.findById(memberships, id).orElseThrow().fields()).containsEntry("role", "member");
    table.delete(memberships, id);
    assertThat(table.findById(memberships, id)).isEmpty();
  }

  @Test
  void aCompositeKeyIsTakenInTheKeysOrderNotTheColumns() {
    db.run("CREATE TABLE assignments (project varchar(100), person_id int, note varchar(100), PRIMARY KEY (person_id, project))");
    ConnectorContext assignments = context("assignments", Map.of());
    String id = table.create(assignments, Map.of("project", "apollo", "person_id", 7, "note", "lead"));

    assertThat(id).isEqualTo("7,apollo");
    assertThat(table.spec(assignments).update().excludedFields()).containsExactly("person_id", "project");
    assertThat(table.findById(assignments, id).orElseThrow().fields()).containsEntry("note", "lead");
  }

  @Test
  void pullLatestGivesRecordsNewestFirstWithTiesOrderedByKeyAcrossPages() {
    String old = personAt("Old", "2024-01-01T00:00:00Z");
    String tieA = personAt("Tie A", "2024-02-01T00:00:00Z");
    String tieB = personAt("Tie B", "2024-02-01T00:00:00Z");
    String tieC = personAt("Tie C", "2024-02-01T00:00:00Z");
    String newest = personAt("New", "2024-03-01T00:00:00Z");
    person("Never updated", 1);
    ConnectorContext pulled = context("people", Map.of("updatedAtColumn", "updated_at", "pageSize", 2));
    assertThat(table.spec(pulled).events().get("updated").implementationType()).isEqualTo("pull-latest-records");
    List<DataRecord> records = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      RecordPage page = table.pullLatestRecords().orElseThrow().pullLatest(pulled, cursor);
      records.addAll(page.records());
      cursor = page.cursor();
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(records).extracting(DataRecord::id).containsExactly(newest, tieC, tieB, tieA, old);
    assertThat(records.getFirst().updatedTime()).hasToString("2024-03-01T00:00:00Z");
  }

  @Test
  void pullLatestNeedsAnUpdatedAtColumn() {
    assertThatThrownBy(() -> table.pullLatestRecords().orElseThrow().pullLatest(people(), null))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("updatedAtColumn");
    assertThatThrownBy(() -> table.spec(context("people", Map.of("updatedAtColumn", "full_name"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("The updatedAtColumn \"full_name\" is of type");
  }

  @Test
  void directoriesListSchemasAndTheirTablesAndViews() {
    var connector = engine.tributary().connectors().require(SqlConnector.KEY);
    DataDirectory root = (DataDirectory) connector.location("root").orElseThrow();
    ConnectorContext rootContext = engine.data().context(engine.customer(), engine.connection(), "root", Map.of());
    assertThat(root.list(rootContext, Map.of(), null).locations()).extracting(LocationPointer::name).contains(db.schema)
        .doesNotContain("information_schema");
    DataDirectory schema = (DataDirectory) connector.location("schema").orElseThrow();
    ConnectorContext schemaContext = engine.data().context(engine.customer(), engine.connection(), "schema",
        Map.of("schema", db.schema));
    assertThat(schema.list(schemaContext, Map.of("schema", db.schema), null).locations()).extracting(LocationPointer::name)
        .containsExactly("canary", "memberships", "people", "people_view (view)");
  }

  @Test
  void anUnknownTableIsNotFoundAndTheMessageListsTheTables() {
    assertThatThrownBy(() -> table.list(context("peeple", Map.of()), ListRequest.firstPage()))
        .isInstanceOf(ConnectorException.class)
        .hasMessage(dialect().displayName() + " has no table or view \"peeple\" in \"" + db.schema
            + "\" that the connection's user can see. Its tables and views: canary, memberships, people, people_view.");
  }

  @Test
  void aPrivateHostIsRefusedUnlessTheAdminAllowsTheLocalNetwork() {
    try (TestEngine closed = TestEngine.connect(SqlConnector.KEY, Map.of(), db.credentials(), db.connectionParameters(), null)) {
      ConnectorContext context = closed.data().context(closed.customer(), closed.connection(), "table",
          Map.of("schema", db.schema, "table", "people"));
      assertThatThrownBy(() -> table.list(context, ListRequest.firstPage())).isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("is a loopback or private address").hasMessageContaining("allowLocalNetwork: true")
          .hasMessageNotContaining(db.password);
    }
  }

  String personAt(String name, String updatedAt) {
    return table.create(people(), Map.of("full_name", name, "updated_at", updatedAt));
  }

  static List<String> ids(RecordPage page) {
    return page.records().stream().map(DataRecord::id).toList();
  }
}
