package dev.tributary.connectors.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events engine on a real PostgreSQL table: with an updated-at column the subscription pulls
 * the newest rows; deletions are found by its full scan.
 */
class SqlEventsIT {

  TestDatabase db;
  TestEngine engine;

  @BeforeEach
  void connect() {
    db = TestDatabase.create(Dialect.POSTGRESQL);
    db.run("CREATE TABLE tickets (id serial PRIMARY KEY, title text, updated_at timestamptz NOT NULL DEFAULT now())",
        "INSERT INTO tickets (title) SELECT 'Ticket ' || n FROM generate_series(1, 30) n");
    engine = db.connect(Map.of());
  }

  @AfterEach
  void drop() {
    engine.close();
    db.close();
  }

  List<String> events(String subscription) {
    return engine.tributary().events().events(engine.customer(), subscription, PageRequest.first(100)).items().stream()
        .map(event -> event.type().replace("data-record-", "") + " " + event.recordId()).toList();
  }

  @Test
  void newestRowsArePulledAndDeletedRowsFoundByTheFullScan() {
    var events = engine.tributary().events();
    Map<String, Object> table = Map.of("schema", db.schema, "table", "tickets", "updatedAtColumn", "updated_at");
    var subscription = events.subscribe(engine.customer(), engine.connection(), "table", table);
    assertThat(subscription.strategy()).isEqualTo("pull-latest-records");
    assertThat(subscription.requiresFullSync()).isTrue();

    db.run("UPDATE tickets SET title = 'Changed', updated_at = now() + interval '1 second' WHERE id = 4",
        "INSERT INTO tickets (title, updated_at) VALUES ('New', now() + interval '1 second')");
    var pull = events.pull(engine.customer(), subscription.id());
    assertThat(pull.isFullScan()).isFalse();
    assertThat(events(subscription.id())).containsExactlyInAnyOrder("updated 4", "created 31");

    db.run("DELETE FROM tickets WHERE id = 9");
    events.pull(engine.customer(), subscription.id());
    assertThat(events(subscription.id())).hasSize(2); // a newest-first pull cannot see a deletion
    var scan = events.pull(engine.customer(), subscription.id(), true);
    assertThat(scan.isFullScan()).isTrue();
    assertThat(events(subscription.id())).containsExactlyInAnyOrder("updated 4", "created 31", "deleted 9");
  }
}
