package dev.tributary.connector;

import java.util.Map;
import java.util.Optional;

/**
 * A collection that passes every call to another, for Java code that changes one or two methods
 * of a collection defined elsewhere (e.g. a declarative one whose search a mapping cannot express):
 *
 * <pre>{@code
 * class IssueSearch extends ForwardingDataCollection {
 *   IssueSearch(DataCollection declared) { super(declared); }
 *   @Override public RecordPage search(ConnectorContext context, SearchRequest request) { … }
 * }
 * Connector connector = Connectors.withCollection(declarative, new IssueSearch(declared));
 * }</pre>
 */
public abstract class ForwardingDataCollection implements DataCollection {

  private final DataCollection delegate;

  protected ForwardingDataCollection(DataCollection delegate) {
    this.delegate = delegate;
  }

  protected DataCollection delegate() {
    return delegate;
  }

  @Override
  public String key() {
    return delegate.key();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean isHidden() {
    return delegate.isHidden();
  }

  @Override
  public CollectionSpec spec() {
    return delegate.spec();
  }

  @Override
  public CollectionSpec spec(ConnectorContext context) {
    return delegate.spec(context);
  }

  @Override
  public RecordPage list(ConnectorContext context, ListRequest request) {
    return delegate.list(context, request);
  }

  @Override
  public Optional<DataRecord> findById(ConnectorContext context, String id) {
    return delegate.findById(context, id);
  }

  @Override
  public Optional<DataRecord> match(ConnectorContext context, Map<String, Object> query) {
    return delegate.match(context, query);
  }

  @Override
  public RecordPage search(ConnectorContext context, SearchRequest request) {
    return delegate.search(context, request);
  }

  @Override
  public String create(ConnectorContext context, Map<String, Object> fields) {
    return delegate.create(context, fields);
  }

  @Override
  public String update(ConnectorContext context, String id, Map<String, Object> fields) {
    return delegate.update(context, id, fields);
  }

  @Override
  public void delete(ConnectorContext context, String id) {
    delegate.delete(context, id);
  }

  @Override
  public Optional<WebhookEvents> webhookEvents() {
    return delegate.webhookEvents();
  }

  @Override
  public Optional<CustomPullEvents> customPullEvents() {
    return delegate.customPullEvents();
  }

  @Override
  public Optional<PullLatestRecords> pullLatestRecords() {
    return delegate.pullLatestRecords();
  }
}
