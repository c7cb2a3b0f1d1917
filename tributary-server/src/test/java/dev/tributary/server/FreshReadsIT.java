package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.server.testing.RunningServer;
import dev.tributary.testkit.fake.FakeConnector;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request reads each row once, and only for itself: what a request changes is what the next
 * request sees, on the same server or on another sharing the PostgreSQL store, and a request sees
 * its own writes.
 */
class FreshReadsIT {

  static final FakeConnector APP = FakeConnector.builder("fresh-app").collection("todos", "text")
      .collection("notes", "text").build();

  static RunningServer one;
  static RunningServer other;
  static String admin;
  static String customer;
  static String connection;

  @BeforeAll
  static void start() {
    DatabaseSettings shared = TestDatabase.POSTGRESQL.fresh();
    KeySet keys = KeySet.of(EncryptionKey.generate());
    one = RunningServer.sharing(shared, keys, APP);
    other = RunningServer.sharing(shared, keys, APP);
    admin = one.adminToken();
    customer = one.customerToken("fresh-customer");
    one.post("/integrations", admin, "{\"key\":\"fresh\",\"connectorKey\":\"fresh-app\"}");
    connection = one.post("/connections", customer, "{\"integrationKey\":\"fresh\"}").json().path("id").asString();
    APP.collection("todos").seed(Map.of("text", "A todo"));
    APP.collection("notes").seed(Map.of("text", "A note"));
  }

  @AfterAll
  static void stop() {
    other.close();
    one.close();
  }

  @Test
  void anInstanceChangedOnOneServerIsWhatTheNextListOnTheOtherReads() {
    one.post("/integrations/fresh/data-sources", admin, "{\"key\":\"items\",\"collectionKey\":\"todos\"}");
    String list = "/data-source-instance/collection/list?dataSourceKey=items&connectionId=" + connection;
    assertThat(firstText(other.post(list, customer, "{}"))).isEqualTo("A todo");

    var patched = one.send("PATCH", "/connections/" + connection + "/data-sources/items", customer, "{\"collectionKey\":\"notes\"}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);

    assertThat(firstText(other.post(list, customer, "{}"))).isEqualTo("A note");
    assertThat(firstText(one.post(list, customer, "{}"))).isEqualTo("A note");
  }

  @Test
  void aDataSourceChangedOnOneServerIsWhatTheNextInstanceReadOnTheOtherShows() {
    one.post("/integrations/fresh/data-sources", admin, "{\"key\":\"defaults\",\"collectionKey\":\"todos\"}");
    String instance = "/data-source-instance?dataSourceKey=defaults&connectionId=" + connection + "&autoCreate=true";
    assertThat(other.get(instance, customer).json().path("collectionKey").asString()).isEqualTo("todos");

    var patched = one.send("PATCH", "/integrations/fresh/data-sources/defaults", admin, "{\"collectionKey\":\"notes\"}");
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);

    assertThat(other.get(instance, customer).json().path("collectionKey").asString()).isEqualTo("notes");
  }

  @Test
  void aConnectionArchivedOnOneServerIsGoneForTheNextRequestOnTheOther() {
    String doomed = one.post("/connections", customer, "{\"integrationKey\":\"fresh\",\"key\":\"doomed\"}").json().path("id").asString();
    String list = "/connections/" + doomed + "/data/todos/list";
    assertThat(other.post(list, customer, "{}").status()).isEqualTo(200);

    assertThat(one.send("DELETE", "/connections/" + doomed, customer, null).status()).isEqualTo(200);

    assertThat(other.post(list, customer, "{}").status()).isEqualTo(404);
  }

  @Test
  void aPatchThatSubscribesAnInstanceAnswersWithItsSubscription() {
    one.post("/integrations/fresh/data-sources", admin, "{\"key\":\"watched\",\"collectionKey\":\"todos\"}");
    String base = "/connections/" + connection + "/data-sources/watched";
    assertThat(one.send("PUT", base, customer, "{}").status()).isEqualTo(200);

    // The request read the instance unsubscribed before it wrote; what it answers is read after.
    var subscribed = one.send("PATCH", base, customer, "{\"subscribedTo\":{\"created\":true}}");

    assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(200);
    assertThat(subscribed.json().path("subscribedTo").path("created").asBoolean()).isTrue();
    assertThat(subscribed.json().path("eventSubscriptionId").asString()).isNotEmpty();
  }

  private static String firstText(RunningServer.Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().path("records").get(0).path("fields").path("text").asString();
  }
}
