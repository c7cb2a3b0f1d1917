package dev.tributary.connectors.trello;

import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.webhooks.WebhookCalls;
import dev.tributary.error.InvalidConfigException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Card events through a webhook on the collection's board.
 *
 * <p>Creating the webhook makes Trello send a HEAD request to the address at once, and it creates
 * the webhook only if that is answered 200 (a call without body and signature is answered so).
 * Every later call carries {@code X-Trello-Webhook}: the base64 HMAC-SHA1 of the body followed by
 * the exact callback URL, keyed with the app's secret (integration parameter {@code apiSecret});
 * a call without a matching one is refused. A card's action becomes an event with the card as
 * the collection reads it now.
 */
final class TrelloWebhooks implements WebhookEvents {

  static final String WEBHOOK_ID = "webhookId";
  static final String CALLBACK_URL = "callbackURL";
  static final String SIGNATURE = "X-Trello-Webhook";

  /** Actions after which the card is on the board; any other card action is an update. */
  private static final Set<String> CREATED = Set.of("createCard", "copyCard", "convertToCardFromCheckItem", "emailCard",
      "moveCardToBoard");
  private static final Set<String> DELETED = Set.of("deleteCard", "moveCardFromBoard");

  private final DataCollection cards;

  TrelloWebhooks(DataCollection cards) {
    this.cards = cards;
  }

  @Override
  public Subscription subscribe(ConnectorContext context, String webhookUri) {
    secret(context);
    Object board = context.parameters().get("boardId");
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("callbackURL", webhookUri);
    query.put("idModel", board);
    query.put("description", "Tributary: card changes on board " + board);
    ApiResponse created = context.api().send(new ApiRequest("POST", "/webhooks/", query, Map.of(), null));
    String id = WebhookCalls.tree(created.data()).path("id").asString("");
    if (id.isEmpty()) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, created.statusCode(),
          "Trello created no webhook for board " + board + " (its answer has no id). Try subscribing again.");
    }
    return new Subscription(Map.of(WEBHOOK_ID, id, CALLBACK_URL, webhookUri), null);
  }

  @Override
  public void unsubscribe(ConnectorContext context, Map<String, Object> state) {
    try {
      context.api().send(new ApiRequest("DELETE", "/webhooks/" + state.get(WEBHOOK_ID), Map.of(), Map.of(), null));
    } catch (ConnectorException e) {
      if (e.kind() != ConnectorException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public Handling handle(ConnectorContext context, Call call, Map<String, Object> state) {
    Optional<String> signature = WebhookCalls.header(call, SIGNATURE);
    if (signature.isEmpty() && call.body().isEmpty()) {
      // Trello's HEAD check of the address while the webhook is created: nothing to verify or report.
      return new Handling(List.of(), null, null);
    }
    if (!(state.get(CALLBACK_URL) instanceof String callbackUrl)) {
      return WebhookCalls.refused("This webhook was not created by subscribing, so its calls cannot be verified.");
    }
    String expected = Base64.getEncoder().encodeToString(WebhookCalls.hmac("HmacSHA1", secret(context), call.body() + callbackUrl));
    if (!WebhookCalls.sameText(expected, signature.orElse(null))) {
      return WebhookCalls.refused(SIGNATURE + " is missing or does not match the body: the call is not from Trello.");
    }
    JsonNode action = WebhookCalls.json(call).path("action");
    String cardId = action.path("data").path("card").path("id").asString("");
    if (cardId.isEmpty()) {
      return new Handling(List.of(), null, null);
    }
    String type = action.path("type").asString("");
    if (DELETED.contains(type)) {
      return new Handling(List.of(new ChangeEvent(ChangeEvent.Operation.DELETED, cardId, null)), null, null);
    }
    Optional<DataRecord> card = cards.findById(context, cardId);
    if (card.isEmpty()) {
      // Gone again before we asked: the next call (deleteCard) reports it.
      return new Handling(List.of(), null, null);
    }
    ChangeEvent.Operation operation = CREATED.contains(type) ? ChangeEvent.Operation.CREATED : ChangeEvent.Operation.UPDATED;
    return new Handling(List.of(new ChangeEvent(operation, cardId, card.get())), null, null);
  }

  private static String secret(ConnectorContext context) {
    if (context.integrationParameters().get("apiSecret") instanceof String secret && !secret.isBlank()) {
      return secret;
    }
    throw new InvalidConfigException("apiSecret", "Trello signs webhook calls with the app's secret, and the integration"
        + " has none. Set \"apiSecret\" in the Trello integration's parameters (the secret shown beside the API key at"
        + " trello.com/power-ups/admin), or use polling instead of webhooks.");
  }
}
