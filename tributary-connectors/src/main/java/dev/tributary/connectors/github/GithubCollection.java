package dev.tributary.connectors.github;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.PullLatestRecords;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.support.Contexts;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A repository's issues or pull requests as the YAML declares them, plus their events: the
 * newest-first pull ({@code sort=updated&direction=desc} on the same list mapping) and, for
 * issues, the repository webhook.
 */
final class GithubCollection extends ForwardingDataCollection {

  private final DataCollection declared;
  private final boolean webhooks;

  GithubCollection(DataCollection declared, boolean webhooks) {
    super(declared);
    this.declared = declared;
    this.webhooks = webhooks;
  }

  @Override
  public Optional<WebhookEvents> webhookEvents() {
    return webhooks ? Optional.of(new GithubWebhooks(declared)) : Optional.empty();
  }

  @Override
  public Optional<PullLatestRecords> pullLatestRecords() {
    return Optional.of(this::pullLatest);
  }

  /** The list mapping, sorted by update time, newest first; later pages follow GitHub's Link header. */
  private RecordPage pullLatest(ConnectorContext context, @Nullable String cursor) {
    ConnectorContext newestFirst = Contexts.rewriting(context, request -> request.query().isEmpty() ? request
        : Contexts.withQuery(request, Map.of("sort", "updated", "direction", "desc")));
    return declared.list(newestFirst, new ListRequest(Map.of(), cursor));
  }
}
