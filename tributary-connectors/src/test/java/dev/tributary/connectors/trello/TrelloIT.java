package dev.tributary.connectors.trello;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.connectors.webhooks.WebhookCalls;
import dev.tributary.engine.workspace.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Trello connector on replayed Trello exchanges: a board's cards paged with before/limit, the
 * board's custom fields, UDM tasks, board webhooks (HEAD check, signed calls, forged calls) and
 * the errors Trello answers in plain text.
 */
class TrelloIT {

  private static final String CALLBACK = "https://tributary.example.com/webhooks/7Qm2xVb9";
  private static final String PRIORITY = "cf_6650e1a2b3c4d5e6f7a8c001";
  private static final String ESTIMATE = "cf_6650e1a2b3c4d5e6f7a8c002";
  private static final Map<String, Object> BOARD = Map.of("boardId", TrelloReplay.BOARD);

  @RegisterExtension
  static final ReplayedApps app = ReplayedApps.forTestClass(TrelloReplay.app());

  private static DataCollection cards() {
    return (DataCollection) app.connector("trello").location("cards").orElseThrow();
  }

  private static ConnectorContext cardsContext() {
    return app.context("trello", "cards", BOARD);
  }

  @Test
  void aBoardsCardsArePagedNewestFirstBeforeTheOldestCardOfThePage() {
    app.serve(TrelloReplay.fixtures("cards-page-1", "cards-page-2"));
    List<DataRecord> cards = new ArrayList<>();
    String cursor = null;
    do {
      var page = app.data().list(app.customer(), "trello", "cards", BOARD, Map.of(), cursor);
      cards.addAll(page.records());
      cursor = page.cursor();
    } while (cursor != null);

    assertThat(cards).hasSize(103).extracting(DataRecord::id).doesNotHaveDuplicates();
    assertThat(cards.getLast().name()).isEqualTo("Draft the launch announcement");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theBoardsCustomFieldsJoinTheCardsSpecAndCardsCarryTheirValues() {
    app.serve(TrelloReplay.fixtures("custom-fields", "cards-page-1"));
    CollectionSpec spec = app.data().spec(app.customer(), "trello", "cards", BOARD);
    DataRecord card = app.data().list(app.customer(), "trello", "cards", BOARD, Map.of(), null).records().getFirst();

    var properties = (Map<String, Map<String, Object>>) spec.fieldsSchema().get("properties");
    assertThat(properties.get(PRIORITY)).containsEntry("title", "Priority").containsEntry("type", "string")
        .containsEntry("enum", List.of("6650e1a2b3c4d5e6f7a8c011", "6650e1a2b3c4d5e6f7a8c012"));
    assertThat(properties.get(ESTIMATE)).containsEntry("title", "Estimate (hours)").containsEntry("type", "number");
    assertThat(card.fields()).containsEntry("name", "Update the pricing page (103)").containsEntry(ESTIMATE, 4)
        .doesNotContainKey(PRIORITY);
  }

  @Test
  void cardsAreUnifiedTasks() {
    app.serve(TrelloReplay.fixtures("cards-page-1"));
    DataRecord card = app.data().list(app.customer(), "trello", "cards", BOARD, Map.of(), null, "tasks").records().getFirst();

    assertThat(card.unifiedFields()).containsEntry("id", "66510000000000a3f000ba12")
        .containsEntry("subject", "Update the pricing page (103)").containsEntry("status", "open")
        .containsEntry("assigneeId", "5c8f1e2d3b4a59687f6e5d41").containsEntry("projectId", TrelloReplay.BOARD)
        .containsEntry("dueTime", "2026-12-22T17:00:00.000Z").containsEntry("updatedTime", "2026-11-22T15:54:00.000Z");
  }

  @Test
  void subscribingCreatesABoardWebhookThatUnsubscribingDeletes() {
    app.serve(TrelloReplay.fixtures("webhook"));
    WebhookEvents webhooks = cards().webhookEvents().orElseThrow();

    var subscription = webhooks.subscribe(cardsContext(), CALLBACK);
    var head = webhooks.handle(cardsContext(), new WebhookEvents.Call(Map.of(), Map.of(), ""), subscription.state());
    var moved = webhooks.handle(cardsContext(), signed(payload("update-card")), subscription.state());
    webhooks.unsubscribe(cardsContext(), subscription.state());
    webhooks.unsubscribe(cardsContext(), subscription.state()); // Trello no longer has it: not an error

    assertThat(subscription.state()).containsEntry("webhookId", "6653b1c2d3e4f5a6b7c8d9e0").containsEntry("callbackURL", CALLBACK);
    assertThat(head.events()).isEmpty();
    assertThat(head.reply()).isNull();
    assertThat(moved.events()).singleElement().satisfies(event -> {
      assertThat(event.operation()).isEqualTo(ChangeEvent.Operation.UPDATED);
      assertThat(event.recordId()).isEqualTo("66510000000000a3f000ba12");
      assertThat(event.record().fields()).containsEntry("idList", "6650e1a2b3c4d5e6f7a8b912");
    });
  }

  @Test
  void aDeletedCardIsReportedWithoutAskingTrello() throws IOException {
    var handling = cards().webhookEvents().orElseThrow().handle(cardsContext(), signed(payload("delete-card")), state());

    assertThat(handling.events()).singleElement().satisfies(event -> {
      assertThat(event.operation()).isEqualTo(ChangeEvent.Operation.DELETED);
      assertThat(event.recordId()).isEqualTo("66510000000000a3f00003a6");
      assertThat(event.record()).isNull();
    });
  }

  @Test
  void aCallWithoutTrellosSignatureIsRefused() {
    String body = payload("update-card");
    var forged = new WebhookEvents.Call(Map.of("X-Trello-Webhook", List.of(sign(body, "https://attacker.example/hook"))), Map.of(), body);
    var unsigned = new WebhookEvents.Call(Map.of(), Map.of(), body);
    for (var call : List.of(forged, unsigned)) {
      var handling = cards().webhookEvents().orElseThrow().handle(cardsContext(), call, state());

      assertThat(handling.events()).isEmpty();
      assertThat(handling.reply().status()).isEqualTo(401);
      assertThat(handling.reply().body()).isEqualTo("X-Trello-Webhook is missing or does not match the body: the call is not from Trello.");
    }
  }

  @Test
  void anInvalidTokenIsReportedAndMarksTheConnection() {
    app.serve(TrelloReplay.fixtures("errors/invalid-token"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "trello", "boards", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
        .hasMessage("The app rejected the connection's credentials (HTTP 401 on GET /1/members/me/boards). Reconnect with valid credentials.")
        .hasMessageNotContaining(TrelloReplay.TOKEN);
    assertThat(app.tributary().connections().get(app.customer(), "trello").state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);
  }

  @Test
  void changingACardTrelloDoesNotHaveIsNotFound() {
    app.serve(TrelloReplay.fixtures("custom-fields", "errors/update-of-a-card-that-does-not-exist"));

    assertThatThrownBy(() -> app.data().update(app.customer(), "trello", "cards", BOARD, "6650e1a2b3c4d5e6f7a8ffff",
        Map.of("name", "Renamed")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
        .hasMessage("The app has no /1/cards/6650e1a2b3c4d5e6f7a8ffff (HTTP 404).");
  }

  @Test
  void overTheTokensRateLimitTheRequestWaitsAndIsServed() {
    app.serve(TrelloReplay.fixtures("errors/over-the-token-limit-then-served"));

    var page = app.data().list(app.customer(), "trello", "lists", BOARD, Map.of(), null);

    assertThat(page.records()).extracting(DataRecord::name).containsExactly("To do", "Doing", "Done", "Parked ideas");
    // No Retry-After: the token's spent window (x-rate-limit-api-token-*) is waited out whole.
    assertThat(app.waits()).contains(java.time.Duration.ofSeconds(10));
  }

  private static Map<String, Object> state() {
    return Map.of("webhookId", "6653b1c2d3e4f5a6b7c8d9e0", "callbackURL", CALLBACK);
  }

  private static WebhookEvents.Call signed(String body) {
    return new WebhookEvents.Call(Map.of("x-trello-webhook", List.of(sign(body, CALLBACK))), Map.of(), body);
  }

  /** What Trello sends in X-Trello-Webhook: base64 of HMAC-SHA1(body + callback URL) with the app's secret. */
  private static String sign(String body, String callbackUrl) {
    return Base64.getEncoder().encodeToString(WebhookCalls.hmac("HmacSHA1", TrelloReplay.API_SECRET, body + callbackUrl));
  }

  private static String payload(String name) {
    try (InputStream in = TrelloIT.class.getResourceAsStream("/webhooks/trello/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
