package dev.tributary.engine.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.testkit.fake.FakeCollection;
import dev.tributary.testkit.fake.FakeConnector;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PullSubscribeOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Events published to the real NATS JetStream on this machine (started by the test command) and
 * consumed back, in order, each once, with its id.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class NatsDeliveryIT {

  static final String NATS_URL = requiredEnv("TRIBUTARY_TEST_NATS_URL");

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  final FakeConnector app = FakeConnector.builder("contacts-app").collection("contacts", "name").build();
  Tributary tributary;
  Caller admin;
  Caller ann;
  String subscription;

  static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: the NATS tests need a running NATS with JetStream. Run the test"
          + " command from README.md (scripts/test.sh), which starts one and sets it.");
    }
    return value;
  }

  @BeforeEach
  void open() {
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh()).encryptionKeys(KeySet.of(EncryptionKey.generate()))
        .connectors(ConnectorRegistry.of(List.of(app))).natsUrl(NATS_URL).build();
    admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput("contacts", null, "contacts-app", null, Map.of()));
    ann = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "ann", null, null).id());
    String connection = tributary.connections().create(ann, new ConnectionInput("contacts", null, null, null, Map.of(), Map.of(), null)).id();
    subscription = tributary.events().subscribe(ann, connection, "contacts", Map.of()).id();
  }

  @AfterEach
  void close() {
    tributary.close();
  }

  @Test
  void everyEventIsPublishedInOrderOnceWithItsId() throws Exception {
    NatsDelivery nats = tributary.nats().orElseThrow();
    FakeCollection contacts = app.collection("contacts");
    contacts.seed(Map.of("name", "Before publishing"));
    tributary.events().pull(ann, subscription);
    assertThat(nats.publishDue()).isZero(); // the stream starts with what happens from now on

    for (int i = 0; i < 3; i++) {
      contacts.seed(Map.of("name", "Contact " + i));
    }
    contacts.update(null, "1", Map.of("name", "Renamed"));
    tributary.events().pull(ann, subscription);
    List<String> logged = tributary.events().events(admin, null, PageRequest.first(100)).items().stream()
        .map(DataEvent::id).toList().subList(1, 5);

    assertThat(nats.publishDue()).isEqualTo(4);
    assertThat(nats.publishDue()).isZero();

    try (Connection connection = Nats.connect(NATS_URL)) {
      JetStreamSubscription consumer = connection.jetStream().subscribe(NatsDelivery.SUBJECT_PREFIX + admin.workspaceId() + ".>",
          PullSubscribeOptions.builder().build());
      List<String> ids = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (Message message : consumer.fetch(10, Duration.ofSeconds(2))) {
        ids.add(message.getHeaders().getFirst("Nats-Msg-Id"));
        Map<String, Object> event = Json.readObject(new String(message.getData(), StandardCharsets.UTF_8));
        assertThat(event.get("id")).isEqualTo(message.getHeaders().getFirst("Nats-Msg-Id"));
        types.add(message.getSubject().substring(message.getSubject().lastIndexOf('.') + 1));
        message.ack();
      }
      assertThat(ids).containsExactlyElementsOf(logged);
      assertThat(types).containsExactlyInAnyOrder("created", "created", "created", "updated");
    }
  }
}
