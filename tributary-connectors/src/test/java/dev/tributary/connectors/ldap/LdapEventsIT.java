package dev.tributary.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The events engine on a real slapd: users are pulled newest first by modifyTimestamp, and the
 * deletions that listing cannot show are found by the subscription's full scan.
 */
class LdapEventsIT {

  TestDirectory directory;
  TestEngine engine;

  @BeforeEach
  void connect() {
    directory = new TestDirectory();
    engine = directory.connect();
  }

  @AfterEach
  void cleanUp() throws Exception {
    engine.close();
    directory.close();
  }

  String user(String userName) {
    return engine.data().create(engine.customer(), engine.connection(), "users", Map.of(), Map.of("userName", userName,
        "firstName", userName, "lastName", "Tester", "email", userName + "@example.org"));
  }

  List<String> events(String subscription) {
    return engine.tributary().events().events(engine.customer(), subscription, PageRequest.first(100)).items().stream()
        .map(event -> event.type().replace("data-record-", "") + " " + event.recordId()).toList();
  }

  @Test
  void usersArePulledNewestFirstAndDeletionsFoundByTheFullScan() {
    String ann = user("ann");
    String bob = user("bob");
    var events = engine.tributary().events();
    var subscription = events.subscribe(engine.customer(), engine.connection(), "users", Map.of());
    assertThat(subscription.strategy()).isEqualTo("pull-latest-records");
    assertThat(subscription.requiresFullSync()).isTrue();
    assertThat(events(subscription.id())).isEmpty();

    engine.data().update(engine.customer(), engine.connection(), "users", Map.of(), ann, Map.of("title", "Director"));
    String cem = user("cem");
    var pull = events.pull(engine.customer(), subscription.id());
    assertThat(pull.isFullScan()).isFalse();
    assertThat(events(subscription.id())).containsExactlyInAnyOrder("updated " + ann, "created " + cem);

    engine.data().delete(engine.customer(), engine.connection(), "users", Map.of(), bob);
    events.pull(engine.customer(), subscription.id(), true);
    assertThat(events(subscription.id())).containsExactlyInAnyOrder("updated " + ann, "created " + cem, "deleted " + bob);
  }
}
