package dev.tributary.connectors.asana;

import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.webhooks.WebhookCalls;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asana webhooks on the collection's project. Creating one makes Asana call the target at once
 * with an {@code X-Hook-Secret} header, which must be echoed back; later calls carry {@code
 * X-Hook-Signature}, the hex HMAC-SHA256 of the body with that secret, and are refused without it.
 */
final class AsanaWebhooks implements WebhookEvents {

  static final String SECRET = "hookSecret";
  static final String WEBHOOK_GID = "webhookGid";

  @Override
  public Subscription subscribe(ConnectorContext context, String webhookUri) {
    Object project = context.parameters().get("projectGid");
    Map<String, Object> data = Map.of("resource", project, "target", webhookUri,
        "filters", List.of(Map.of("resource_type", "task")));
    ApiResponse response = context.api().send(new ApiRequest("POST", "/webhooks", Map.of(), Map.of(), Map.of("data", data)));
    String gid = WebhookCalls.tree(response.data()).path("data").path("gid").asString("");
    if (gid.isEmpty()) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, response.statusCode(),
          "Asana created no webhook for project " + project + " (its answer has no gid). Try subscribing again.");
    }
    return new Subscription(Map.of(WEBHOOK_GID, gid), null);
  }

  @Override
  public void unsubscribe(ConnectorContext context, Map<String, Object> state) {
    try {
      context.api().send(new ApiRequest("DELETE", "/webhooks/" + state.get(WEBHOOK_GID), Map.of(), Map.of(), null));
    } catch (ConnectorException e) {
      if (e.kind() != ConnectorException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public Handling handle(ConnectorContext context, Call call, Map<String, Object> state) {
    var handshake = WebhookCalls.header(call, "X-Hook-Secret");
    if (handshake.isPresent()) {
      Map<String, Object> next = new LinkedHashMap<>(state);
      next.put(SECRET, handshake.get());
      return new Handling(List.of(), new Reply(200, Map.of("X-Hook-Secret", handshake.get()), null), next);
    }
    if (!(state.get(SECRET) instanceof String secret)) {
      return WebhookCalls.refused("No handshake was received for this webhook, so its calls cannot be verified.");
    }
    String expected = HexFormat.of().formatHex(WebhookCalls.hmac("HmacSHA256", secret, call.body()));
    if (!WebhookCalls.sameText(expected, WebhookCalls.header(call, "X-Hook-Signature").orElse(null))) {
      return WebhookCalls.refused("X-Hook-Signature does not match the body: the call is not from Asana.");
    }
    return new Handling(AsanaChanges.of(WebhookCalls.json(call).path("events")), null, null);
  }
}
