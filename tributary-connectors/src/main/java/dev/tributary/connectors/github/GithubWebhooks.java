package dev.tributary.connectors.github;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue events through a repository webhook. Subscribing creates the webhook with a fresh secret;
 * each delivery must carry {@code X-Hub-Signature-256} (HMAC-SHA256 of the body with that secret)
 * or is refused; GitHub's {@code ping} after creation is answered. The issue in a payload becomes
 * the event's record through the collection's own mapping.
 */
final class GithubWebhooks implements WebhookEvents {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final DataCollection issues;

  GithubWebhooks(DataCollection issues) {
    this.issues = issues;
  }

  @Override
  public Subscription subscribe(ConnectorContext context, String webhookUri) {
    String secret = Signatures.newSecret();
    Map<String, Object> hook = Map.of("name", "web", "active", true, "events", List.of("issues"),
        "config", Map.of("url", webhookUri, "content_type", "json", "secret", secret, "insecure_ssl", "0"));
    ApiResponse created = context.api().send(new ApiRequest("POST", hooksPath(context), Map.of(), Map.of(), hook));
    Object id = created.data() instanceof Map<?, ?> body ? body.get("id") : null;
    if (id == null) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, created.statusCode(),
          "GitHub created the webhook but did not say its id. Check the repository's webhooks settings.");
    }
    return new Subscription(Map.of("hookId", String.valueOf(id), "secret", secret), null);
  }

  @Override
  public Handling handle(ConnectorContext context, Call call, Map<String, Object> state) {
    String expected = "sha256=" + Signatures.hmacSha256Hex(String.valueOf(state.get("secret")), call.body());
    if (!Signatures.matches(header(call, "X-Hub-Signature-256"), expected)) {
      return new Handling(List.of(), new Reply(401, Map.of("Content-Type", "text/plain"),
          "X-Hub-Signature-256 is missing or does not match the webhook's secret."), null);
    }
    String event = Optional.ofNullable(header(call, "X-GitHub-Event")).orElse("");
    if (event.equals("ping")) {
      return new Handling(List.of(), new Reply(200, Map.of("Content-Type", "text/plain"), "pong"), null);
    }
    Map<?, ?> payload = JSON.readValue(call.body(), Map.class);
    if (!event.equals("issues") || !(payload.get("issue") instanceof Map<?, ?> issue)) {
      return new Handling(List.of(), null, null);
    }
    ChangeEvent.Operation operation = switch (String.valueOf(payload.get("action"))) {
      case "opened" -> ChangeEvent.Operation.CREATED;
      case "deleted" -> ChangeEvent.Operation.DELETED;
      default -> ChangeEvent.Operation.UPDATED;
    };
    DataRecord record = issues.findById(Contexts.answering(context, issue), String.valueOf(issue.get("number")))
        .orElseThrow();
    return new Handling(List.of(new ChangeEvent(operation, record.id(), record)), null, null);
  }

  @Override
  public void unsubscribe(ConnectorContext context, Map<String, Object> state) {
    try {
      context.api().send(new ApiRequest("DELETE", hooksPath(context) + "/" + state.get("hookId"), Map.of(), Map.of(), null));
    } catch (ConnectorException e) {
      if (e.kind() != ConnectorException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  private static String hooksPath(ConnectorContext context) {
    return "/repos/" + context.parameters().get("owner") + "/" + context.parameters().get("repo") + "/hooks";
  }

  private static @Nullable String header(Call call, String name) {
    return call.headers().entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
        .flatMap(entry -> entry.getValue().stream()).findFirst().orElse(null);
  }
}
