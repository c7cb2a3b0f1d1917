package dev.tributary.connectors.asana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ChangeEvent.Operation;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.connectors.webhooks.WebhookCalls;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Asana task events: the /events sync-token feed and webhooks (creation, the X-Hook-Secret
 * handshake, X-Hook-Signature checks) on Asana's recorded answers and calls shaped as Asana sends them.
 */
class AsanaEventsIT {

  private static final String TARGET = "https://tributary.example.com/webhooks/asana/01936f1c-7d2a-7c4e-9b1a-3f2d5e6a7b8c";
  private static final String HOOK_SECRET = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";

  private static DataCollection tasks(ReplayedApps asana) {
    return (DataCollection) asana.connector("asana").location("tasks").orElseThrow();
  }

  @Test
  void theFeedStartsAtTheTokenOfA412AndReportsEachTaskOnceInBatches() {
    try (var asana = ReplayedApps.start(AsanaFixtures.app("fixtures/asana/events.yaml"))) {
      ConnectorContext context = asana.context("asana", "tasks", Map.of("projectGid", AsanaFixtures.PROJECT));
      CustomPullEvents feed = tasks(asana).customPullEvents().orElseThrow();

      String now = feed.currentState(context);
      assertThat(now).isEqualTo("de4774f6915eae04714ca93bb2f5ee81");
      CustomPullEvents.Batch first = feed.pull(context, now);
      CustomPullEvents.Batch second = feed.pull(context, first.state());

      assertThat(first.events()).containsExactly(new ChangeEvent(Operation.CREATED, "1206511223344510", null),
          new ChangeEvent(Operation.UPDATED, "1206511223344501", null));
      assertThat(first.hasMore()).isTrue();
      assertThat(second.events()).containsExactly(new ChangeEvent(Operation.DELETED, "1206511223344505", null),
          new ChangeEvent(Operation.DELETED, "1206511223344504", null));
      assertThat(second.state()).isEqualTo("0f9e8d7c6b5a49382716a5b4c3d2e1f0");
      assertThat(second.hasMore()).isFalse();

      assertThatThrownBy(() -> feed.pull(context, "a".repeat(32)))
          .isInstanceOf(ConnectorException.class)
          .hasMessage("Asana no longer knows the sync token of this subscription (it expires after 24 hours without a pull),"
              + " so changes since then are lost to it. Resubscribe (a full scan then catches up).");
      asana.server("asana").assertAllExchangesUsed();
    }
  }

  @Test
  void aWebhookIsCreatedOnTheProjectAndDeleted() {
    try (var asana = ReplayedApps.start(AsanaFixtures.app("fixtures/asana/webhooks.yaml"))) {
      ConnectorContext context = asana.context("asana", "tasks", Map.of("projectGid", AsanaFixtures.PROJECT));
      WebhookEvents webhooks = tasks(asana).webhookEvents().orElseThrow();

      WebhookEvents.Subscription subscription = webhooks.subscribe(context, TARGET);
      assertThat(subscription.state()).isEqualTo(Map.of("webhookGid", "1206599887766001"));
      assertThat(subscription.refreshAt()).isNull();

      webhooks.unsubscribe(context, subscription.state());
      asana.server("asana").assertAllExchangesUsed();
    }
  }

  @Test
  void theHandshakeIsAnsweredWithItsSecretWhichThenVerifiesEveryCall() {
    var webhooks = new AsanaWebhooks();
    Map<String, Object> subscribed = Map.of("webhookGid", "1206599887766001");

    var handshake = webhooks.handle(null, new WebhookEvents.Call(Map.of("X-Hook-Secret", List.of(HOOK_SECRET)), Map.of(), ""),
        subscribed);
    assertThat(handshake.reply().status()).isEqualTo(200);
    assertThat(handshake.reply().headers()).containsEntry("X-Hook-Secret", HOOK_SECRET);
    assertThat(handshake.state()).containsEntry("hookSecret", HOOK_SECRET).containsEntry("webhookGid", "1206599887766001");

    var signed = webhooks.handle(null, call(EVENTS, sign(EVENTS, HOOK_SECRET)), handshake.state());
    assertThat(signed.reply()).isNull();
    assertThat(signed.events()).containsExactly(new ChangeEvent(Operation.CREATED, "1206511223344510", null),
        new ChangeEvent(Operation.UPDATED, "1206511223344501", null));
  }

  @Test
  void aCallWithAWrongOrMissingSignatureIsRefused() {
    var webhooks = new AsanaWebhooks();
    Map<String, Object> state = Map.of("webhookGid", "1206599887766001", "hookSecret", HOOK_SECRET);

    var forged = webhooks.handle(null, call(EVENTS, sign(EVENTS, "another secret")), state);
    var tampered = webhooks.handle(null, call(EVENTS.replace("changed", "deleted"), sign(EVENTS, HOOK_SECRET)), state);
    var unsigned = webhooks.handle(null, new WebhookEvents.Call(Map.of(), Map.of(), EVENTS), state);
    var beforeHandshake = webhooks.handle(null, call(EVENTS, sign(EVENTS, HOOK_SECRET)), Map.of("webhookGid", "1206599887766001"));

    for (var refused : List.of(forged, tampered, unsigned)) {
      assertThat(refused.events()).isEmpty();
      assertThat(refused.reply().status()).isEqualTo(401);
      assertThat(refused.reply().body()).isEqualTo("X-Hook-Signature does not match the body: the call is not from Asana.");
    }
    assertThat(beforeHandshake.reply().body())
        .isEqualTo("No handshake was received for this webhook, so its calls cannot be verified.");
  }

  private static WebhookEvents.Call call(String body, String signature) {
    return new WebhookEvents.Call(Map.of("Content-Type", List.of("application/json"), "X-Hook-Signature", List.of(signature)),
        Map.of(), body);
  }

  private static String sign(String body, String secret) {
    return HexFormat.of().formatHex(WebhookCalls.hmac("HmacSHA256", secret, body));
  }

  /** As Asana sends it: the events of a task added to the project and changed, and of a comment (a story). */
  private static final String EVENTS = """
      {"events":[
       {"user":{"gid":"1201848283001422","resource_type":"user","name":"Bao Nguyen"},"created_at":"2024-05-14T10:01:00.000Z",
        "action":"added","resource":{"gid":"1206511223344510","resource_type":"task","name":"Plan the launch email"},
        "parent":{"gid":"1205667843912213","resource_type":"project","name":"Website relaunch"},"type":"task"},
       {"user":{"gid":"1201848283001422","resource_type":"user","name":"Bao Nguyen"},"created_at":"2024-05-14T10:01:00.000Z",
        "action":"changed","resource":{"gid":"1206511223344501","resource_type":"task","name":"Write copy for the pricing page"},
        "parent":null,"type":"task","change":{"field":"due_on","action":"changed"}},
       {"user":{"gid":"1201848283001422","resource_type":"user","name":"Bao Nguyen"},"created_at":"2024-05-14T10:01:00.000Z",
        "action":"added","resource":{"gid":"1206511223399001","resource_type":"story","name":"Looks good to me"},
        "parent":{"gid":"1206511223344501","resource_type":"task","name":"Write copy for the pricing page"},"type":"story"}]}
      """;
}
