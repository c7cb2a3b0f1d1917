package dev.tributary.connectors.slack;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.PullLatestRecords;
import dev.tributary.connector.RecordPage;
import dev.tributary.connectors.support.Contexts;
import java.util.Map;
import java.util.Optional;

/**
 * A Slack collection as the YAML declares it, whose calls fail with a clear {@link
 * dev.tributary.connector.ConnectorException} when Slack answers {@code ok: false} (see {@link
 * SlackErrors}). Messages also offer the newest-first pull: Slack's history is newest first. A
 * canvas's new title and new content go to Slack as two edits, the one change per call it takes.
 */
final class SlackCollection extends ForwardingDataCollection {

  private final boolean newestFirst;

  SlackCollection(DataCollection declared, boolean newestFirst) {
    super(declared);
    this.newestFirst = newestFirst;
  }

  private static ConnectorContext checked(ConnectorContext context) {
    return Contexts.checking(context, SlackErrors::check);
  }

  @Override
  public CollectionSpec spec(ConnectorContext context) {
    return super.spec(checked(context));
  }

  @Override
  public RecordPage list(ConnectorContext context, ListRequest request) {
    return super.list(checked(context), request);
  }

  @Override
  public Optional<DataRecord> findById(ConnectorContext context, String id) {
    return super.findById(checked(context), id);
  }

  @Override
  public String create(ConnectorContext context, Map<String, Object> fields) {
    return super.create(checked(context), fields);
  }

  @Override
  public String update(ConnectorContext context, String id, Map<String, Object> fields) {
    // canvases.edit takes one change per call: a new title and new content are two calls.
    if (key().equals("canvases") && fields.get("title") != null && fields.get("content") != null) {
      super.update(checked(context), id, Map.of("title", fields.get("title")));
      return super.update(checked(context), id, Map.of("content", fields.get("content")));
    }
    return super.update(checked(context), id, fields);
  }

  @Override
  public void delete(ConnectorContext context, String id) {
    super.delete(checked(context), id);
  }

  @Override
  public Optional<PullLatestRecords> pullLatestRecords() {
    return newestFirst ? Optional.of((context, cursor) -> list(context, new ListRequest(Map.of(), cursor))) : Optional.empty();
  }
}
