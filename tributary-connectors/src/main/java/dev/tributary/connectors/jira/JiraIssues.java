package dev.tributary.connectors.jira;

import dev.tributary.connectors.support.Contexts;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.PullLatestRecords;
import dev.tributary.connector.WebhookEvents;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Jira issues as declared, plus their change events: Jira's dynamic webhooks, and a pull of the
 * issues updated in the last {@value #PULL_WINDOW} (JQL {@code updated >= -30d ORDER BY updated
 * DESC}, through the declared listing, so records look the same either way).
 */
final class JiraIssues extends ForwardingDataCollection {

  /** How far back the pull looks; a subscription paused longer catches up with a full scan. */
  static final String PULL_WINDOW = "-30d";

  private final JiraWebhooks webhooks = new JiraWebhooks();

  JiraIssues(DataCollection declared) {
    super(declared);
  }

  @Override
  public Optional<WebhookEvents> webhookEvents() {
    return Optional.of(webhooks);
  }

  @Override
  public Optional<PullLatestRecords> pullLatestRecords() {
    return Optional.of((context, cursor) -> {
      Map<String, Object> parameters = new LinkedHashMap<>(context.parameters());
      String window = "updated >= " + PULL_WINDOW;
      parameters.put("jql", parameters.get("jql") instanceof String jql && !jql.isBlank() ? "(" + jql + ") AND " + window : window);
      return delegate().list(Contexts.withParameters(context, parameters), new ListRequest(Map.of(), cursor));
    });
  }
}
