package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.MutableClock;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.error.InvalidInputException;
import dev.tributary.testkit.fake.FakeCollection;
import dev.tributary.testkit.fake.FakeConnector;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delivery of the event log to a real HTTP receiver on this machine, on both databases: signed
 * batches in order, retries that honour Retry-After, dead letters after the retry window, and
 * redelivery. The test moves the clock; delivery runs when the test calls it.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class EventDeliveryIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
  final FakeConnector app = FakeConnector.builder("contacts-app").collection("contacts", "name").build();
  final List<Received> received = new CopyOnWriteArrayList<>();
  /** Answers for the next calls (status, Retry-After or null); empty: 200. */
  final ConcurrentLinkedQueue<int[]> answers = new ConcurrentLinkedQueue<>();
  HttpServer receiver;
  Tributary tributary;
  Caller admin;
  Caller ann;
  String subscription;
  FakeCollection contacts;

  record Received(String signature, String body) {
    List<String> eventIds() {
      List<?> events = Json.MAPPER.readValue(body, List.class);
      return events.stream().map(event -> (String) ((Map<?, ?>) event).get("id")).toList();
    }
  }

  @BeforeEach
  void open() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/events", exchange -> {
      received.add(new Received(exchange.getRequestHeaders().getFirst(EventDelivery.SIGNATURE_HEADER),
          new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      int[] answer = answers.poll();
      if (answer != null && answer[1] > 0) {
        exchange.getResponseHeaders().add("Retry-After", Integer.toString(answer[1]));
      }
      exchange.sendResponseHeaders(answer == null ? 200 : answer[0], -1);
      exchange.close();
    });
    receiver.start();
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
        .connectors(ConnectorRegistry.of(List.of(app))).clock(clock).build();
    admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("contacts", null, "contacts-app", null, Map.of()));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    String connection = tributary.connections().create(ann, new ConnectionInput("contacts", null, null, null, Map.of(), Map.of(), null)).id();
    contacts = app.collection("contacts");
    subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of()).id();
  }

  @AfterEach
  void close() {
    tributary.close();
    receiver.stop(0);
  }

  String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
  }

  List<String> changes(int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      contacts.seed(Map.of("name", "Contact " + i));
    }
    tributary.events().pull(ann, subscription);
    tributary.events().events(admin, null, PageRequest.first(1000)).items().forEach(event -> ids.add(event.id()));
    return ids;
  }

  @Test
  void eventsArriveInOrderSignedOverTheTimestampAndBody() {
    changes(2); // before the webhook was set: not sent
    String secret = tributary.delivery().configure(admin, url()).signingSecret();
    List<String> all = changes(3);

    assertThat(tributary.delivery().deliverDue()).isEqualTo(3);

    assertThat(received).hasSize(1);
    Received call = received.getFirst();
    assertThat(call.eventIds()).containsExactlyElementsOf(all.subList(2, 5));
    String timestamp = call.signature().substring(2, call.signature().indexOf(','));
    assertThat(call.signature()).endsWith(",v1=" + EventDelivery.sign(secret, timestamp + "." + call.body()));
    assertThat(tributary.delivery().deliverDue()).isZero(); // caught up: nothing sent twice
    assertThat(tributary.delivery().webhook(admin).deliveredThrough()).isEqualTo(all.getLast());
  }

  @Test
  void aReceiverThatIsDownGetsEveryEventOnceItIsBackNotBeforeItAsked() {
    tributary.delivery().configure(admin, url());
    List<String> all = changes(3);
    answers.add(new int[] {503, 120});

    assertThat(tributary.delivery().deliverDue()).isZero();
    EventDelivery.Webhook waiting = tributary.delivery().webhook(admin);
    assertThat(waiting.attempts()).isEqualTo(1);
    assertThat(waiting.lastError()).contains("HTTP 503");
    assertThat(waiting.nextAttemptAt()).isAfterOrEqualTo(clock.instant().plusSeconds(120));

    clock.advance(Duration.ofSeconds(60));
    assertThat(tributary.delivery().deliverDue()).isZero(); // not before Retry-After
    assertThat(received).hasSize(1);

    clock.advance(Duration.ofSeconds(61));
    assertThat(tributary.delivery().deliverDue()).isEqualTo(3);
    assertThat(received).hasSize(2);
    assertThat(received.getLast().eventIds()).containsExactlyElementsOf(all);
    assertThat(tributary.delivery().webhook(admin).attempts()).isZero();
  }

  @Test
  void aBatchRefusedForTheWholeRetryWindowBecomesDeadLettersThatCanBeRedelivered() {
    tributary.delivery().configure(admin, url());
    List<String> all = changes(2);
    for (int i = 0; i < 100; i++) {
      answers.add(new int[] {500, 0});
    }
    tributary.delivery().deliverDue();
    Instant giveUp = clock.instant().plus(EventDelivery.RETRY_WINDOW);
    while (clock.instant().isBefore(giveUp)) {
      clock.advance(Duration.ofMinutes(30));
      tributary.delivery().deliverDue();
    }

    var dead = tributary.delivery().deadLetters(admin, PageRequest.first(10)).items();
    assertThat(dead).extracting(EventDelivery.DeadLetter::eventId).containsExactlyElementsOf(all);
    assertThat(dead.getFirst().error()).contains("HTTP 500");
    List<String> later = changes(1); // delivery moved on
    answers.clear();
    clock.advance(Duration.ofMinutes(30));
    tributary.delivery().deliverDue();
    assertThat(received.getLast().eventIds()).containsExactly(later.getLast());

    tributary.delivery().redeliver(admin, all.getFirst());
    assertThat(received.getLast().eventIds()).containsExactly(all.getFirst());
    assertThat(tributary.delivery().deadLetters(admin, PageRequest.first(10)).items())
        .extracting(EventDelivery.DeadLetter::eventId).containsExactly(all.get(1));
  }

  @Test
  void onlyAnAbsoluteHttpUrlIsAccepted() {
    assertThatThrownBy(() -> tributary.delivery().configure(admin, "ftp://example.com/x"))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("\"ftp://example.com/x\" is not an absolute http(s) URL");
    assertThatThrownBy(() -> tributary.delivery().configure(ann, url())).isInstanceOf(dev.tributary.error.TributaryException.class);
  }
}
