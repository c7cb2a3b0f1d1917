package dev.tributary.connectors.jira;

import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.webhooks.WebhookCalls;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Jira's dynamic webhooks for OAuth 2.0 apps ({@code POST /rest/api/3/webhook}). They expire after
 * 30 days, so a subscription asks to be refreshed five days before. Jira does not sign these
 * calls; the webhook's URL carries a random secret instead, and a call without it is refused.
 */
final class JiraWebhooks implements WebhookEvents {

  static final List<String> EVENTS = List.of("jira:issue_created", "jira:issue_updated", "jira:issue_deleted");
  static final String SECRET_PARAMETER = "secret";
  private static final Duration LIFETIME = Duration.ofDays(30);
  private static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofDays(5);

  private final Supplier<String> secrets;
  private final Clock clock;

  JiraWebhooks() {
    this(WebhookCalls::newSecret, Clock.systemUTC());
  }

  /** With the source of URL secrets and the clock given (tests fix both). */
  JiraWebhooks(Supplier<String> secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
  }

  @Override
  public Subscription subscribe(ConnectorContext context, String webhookUri) {
    String secret = secrets.get();
    String url = webhookUri + (webhookUri.contains("?") ? "&" : "?") + SECRET_PARAMETER + "=" + secret;
    Map<String, Object> body = Map.of("url", url,
        "webhooks", List.of(Map.of("events", EVENTS, "jqlFilter", jqlFilter(context))));
    ApiResponse response = context.api().send(new ApiRequest("POST", "/rest/api/3/webhook", Map.of(), Map.of(), body));
    JsonNode result = WebhookCalls.tree(response.data()).path("webhookRegistrationResult").path(0);
    if (!result.has("createdWebhookId")) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, response.statusCode(),
          "Jira did not register the webhook for " + url.replace(secret, "…") + ": " + result.path("errors")
          + ". Check that the OAuth app has the manage:jira-webhook scope and that the filter names projects that exist.");
    }
    Instant expiry = clock.instant().plus(LIFETIME);
    return new Subscription(Map.of("webhookId", result.get("createdWebhookId").asLong(), SECRET_PARAMETER, secret),
        expiry.minus(REFRESH_BEFORE_EXPIRY));
  }

  /** Extends the webhook's life by another 30 days ({@code PUT /rest/api/3/webhook/refresh}). */
  @Override
  public Subscription refresh(ConnectorContext context, String webhookUri, Map<String, Object> state) {
    ApiResponse response = context.api().send(new ApiRequest("PUT", "/rest/api/3/webhook/refresh", Map.of(), Map.of(),
        Map.of("webhookIds", List.of(webhookId(state)))));
    JsonNode expiration = WebhookCalls.tree(response.data()).path("expirationDate");
    Instant expiry = expiration.isNumber() ? Instant.ofEpochMilli(expiration.asLong()) : clock.instant().plus(LIFETIME);
    return new Subscription(state, expiry.minus(REFRESH_BEFORE_EXPIRY));
  }

  @Override
  public void unsubscribe(ConnectorContext context, Map<String, Object> state) {
    try {
      context.api().send(new ApiRequest("DELETE", "/rest/api/3/webhook", Map.of(), Map.of(),
          Map.of("webhookIds", List.of(webhookId(state)))));
    } catch (ConnectorException e) {
      if (e.kind() != ConnectorException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  @Override
  public Handling handle(ConnectorContext context, Call call, Map<String, Object> state) {
    String expected = (String) state.get(SECRET_PARAMETER);
    if (!WebhookCalls.sameText(expected, WebhookCalls.query(call, SECRET_PARAMETER).orElse(null))) {
      return WebhookCalls.refused("The call does not carry this webhook's secret: it is not from Jira.");
    }
    JsonNode body = WebhookCalls.json(call);
    String issueId = body.path("issue").path("id").asString("");
    ChangeEvent.Operation operation = switch (body.path("webhookEvent").asString("")) {
      case "jira:issue_created" -> ChangeEvent.Operation.CREATED;
      case "jira:issue_updated" -> ChangeEvent.Operation.UPDATED;
      case "jira:issue_deleted" -> ChangeEvent.Operation.DELETED;
      default -> null;
    };
    List<ChangeEvent> events = new ArrayList<>();
    if (operation != null && !issueId.isEmpty()) {
      events.add(new ChangeEvent(operation, issueId, null));
    }
    return new Handling(events, null, null);
  }

  private static long webhookId(Map<String, Object> state) {
    if (!(state.get("webhookId") instanceof Number id)) {
      throw new IllegalStateException("the subscription's state has no Jira webhook id: " + state.keySet());
    }
    return id.longValue();
  }

  /** Jira wants a filter; it accepts only a few clauses, so "every issue" is every project the account sees. */
  private static String jqlFilter(ConnectorContext context) {
    if (context.parameters().get("projectKey") instanceof String key && !key.isBlank()) {
      return "project = \"" + key.replace("\"", "\\\"") + "\"";
    }
    List<String> keys = new ArrayList<>();
    for (int startAt = 0; ; ) {
      JsonNode page = WebhookCalls.tree(context.api().send(ApiRequest.get("/rest/api/3/project/search")
          .withQuery(Map.of("startAt", startAt, "maxResults", 50))).data());
      page.path("values").forEach(project -> keys.add("\"" + project.path("key").asString() + "\""));
      if (page.path("isLast").asBoolean(true) || page.path("values").isEmpty()) {
        break;
      }
      startAt += page.path("values").size();
    }
    if (keys.isEmpty()) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The Jira account sees no project, so there is"
          + " nothing to watch. Give it access to a project, or subscribe to one project's issues (projectKey).");
    }
    return "project IN (" + String.join(", ", keys) + ")";
  }
}
