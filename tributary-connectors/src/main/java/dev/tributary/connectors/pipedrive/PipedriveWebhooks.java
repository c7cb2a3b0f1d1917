package dev.tributary.connectors.pipedrive;

import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.support.Contexts;
import dev.tributary.connectors.support.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Change events of one kind of Pipedrive object through a webhook made with the v1 webhooks API
 * (payload version 2.0). Pipedrive signs nothing; instead the webhook is created with HTTP basic
 * credentials that Pipedrive sends with every delivery, and a delivery without them is refused.
 * The object in a payload becomes the event's record through the collection's own mapping.
 */
final class PipedriveWebhooks implements WebhookEvents {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String USER = "tributary";

  private final DataCollection collection;
  private final String eventObject;

  PipedriveWebhooks(DataCollection collection, String eventObject) {
    this.collection = collection;
    this.eventObject = eventObject;
  }

  @Override
  public Subscription subscribe(ConnectorContext context, String webhookUri) {
    String password = Signatures.newSecret();
    Map<String, Object> webhook = Map.of("subscription_url", webhookUri, "event_action", "*", "event_object", eventObject,
        "name", "Tributary " + eventObject + " changes", "http_auth_user", USER, "http_auth_password", password, "version", "2.0");
    ApiResponse created = context.api().send(new ApiRequest("POST", "/v1/webhooks", Map.of(), Map.of(), webhook));
    Object id = created.data() instanceof Map<?, ?> body && body.get("data") instanceof Map<?, ?> data ? data.get("id") : null;
    if (id == null) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, created.statusCode(),
          "Pipedrive created the webhook but did not say its id. Check Tools and apps → Webhooks in Pipedrive.");
    }
    return new Subscription(Map.of("webhookId", String.valueOf(id), "password", password), null);
  }

  @Override
  public Handling handle(ConnectorContext context, Call call, Map<String, Object> state) {
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        (USER + ":" + state.get("password")).getBytes(StandardCharsets.UTF_8));
    if (!Signatures.matches(header(call, "Authorization"), expected)) {
      return new Handling(List.of(), new Reply(401, Map.of("Content-Type", "text/plain", "WWW-Authenticate", "Basic"),
          "The delivery lacks the webhook's basic credentials."), null);
    }
    Map<?, ?> payload = JSON.readValue(call.body(), Map.class);
    if (!(payload.get("meta") instanceof Map<?, ?> meta) || !eventObject.equals(meta.get("entity"))) {
      return new Handling(List.of(), null, null);
    }
    String id = String.valueOf(meta.get("entity_id"));
    ChangeEvent.Operation operation = switch (String.valueOf(meta.get("action"))) {
      case "create" -> ChangeEvent.Operation.CREATED;
      case "delete" -> ChangeEvent.Operation.DELETED;
      default -> ChangeEvent.Operation.UPDATED;
    };
    Object object = operation == ChangeEvent.Operation.DELETED ? payload.get("previous") : payload.get("data");
    DataRecord record = object instanceof Map<?, ?> ? collection.findById(Contexts.answering(context, Map.of("data", object)), id)
        .orElse(null) : null;
    return new Handling(List.of(new ChangeEvent(operation, id, record)), null, null);
  }

  @Override
  public void unsubscribe(ConnectorContext context, Map<String, Object> state) {
    try {
      context.api().send(new ApiRequest("DELETE", "/v1/webhooks/" + state.get("webhookId"), Map.of(), Map.of(), null));
    } catch (ConnectorException e) {
      if (e.kind() != ConnectorException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  private static @Nullable String header(Call call, String name) {
    return call.headers().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
  }
}
