package dev.tributary.connectors.dav;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The events engine on a real Radicale: a subscription to a calendar's tasks uses WebDAV sync
 * (custom-pull), needs no full scans, and reports creations, updates and deletions.
 */
class DavEventsIT {

  @Test
  void aSubscriptionToTasksFollowsTheCalendarsSyncCollection() {
    String calendar = DavServer.makeCalendar("Engine events", "VTODO");
    try (TestEngine engine = DavServer.connect()) {
      var events = engine.tributary().events();
      Map<String, Object> params = Map.of("calendarHref", calendar);
      String before = engine.data().create(engine.customer(), engine.connection(), "tasks", params, Map.of("summary", "Before"));

      var subscription = events.subscribe(engine.customer(), engine.connection(), "tasks", params);
      assertThat(subscription.strategy()).isEqualTo("custom-pull");
      assertThat(subscription.requiresFullSync()).isFalse();

      String created = engine.data().create(engine.customer(), engine.connection(), "tasks", params, Map.of("summary", "After"));
      engine.data().update(engine.customer(), engine.connection(), "tasks", params, before, Map.of("summary", "Changed"));
      events.pull(engine.customer(), subscription.id());
      engine.data().delete(engine.customer(), engine.connection(), "tasks", params, created);
      events.pull(engine.customer(), subscription.id());

      List<String> seen = events.events(engine.customer(), subscription.id(), PageRequest.first(100)).items().stream()
          .map(event -> event.type().replace("data-record-", "") + " " + event.recordId()).toList();
      assertThat(seen).containsExactlyInAnyOrder("created " + created, "updated " + before, "deleted " + created);
      assertThat(seen.getLast()).isEqualTo("deleted " + created);
    } finally {
      DavServer.remove(calendar);
    }
  }
}
