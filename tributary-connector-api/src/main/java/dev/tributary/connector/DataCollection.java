package dev.tributary.connector;

import java.util.Map;
import java.util.Optional;

/**
 * One kind of records in an app. Which methods it supports is data: a method is supported when
 * its entry in {@link #spec()} is present; the engine never calls one that is not.
 *
 * <p>Every method receives the collection's parameters in {@link ConnectorContext#parameters()}.
 */
public non-sealed interface DataCollection extends DataLocation {

  /** The static spec: schemas, supported methods and their field rules, events. */
  CollectionSpec spec();

  /**
   * The spec for one connection: the static spec plus that connection's custom fields. The
   * default returns {@link #spec()}.
   */
  default CollectionSpec spec(ConnectorContext context) {
    return spec();
  }

  @Override
  default Map<String, Object> parametersSchema() {
    return spec().parametersSchema();
  }

  /** A page of records matching {@code request.filter()} (fields named in {@code list.filterFields}). */
  RecordPage list(ConnectorContext context, ListRequest request);

  /**
   * The page {@link #list} returns, with its records mapped only when asked for: a full scan
   * calls this and reads the next page while the records of this one are mapped on another thread.
   * A collection whose mapping costs more than a trivial copy (a declarative one: its
   * {@code record-from-api} templates) overrides it to return the cursor before mapping; the
   * default maps at once, which is always correct.
   */
  default DeferredRecordPage listDeferred(ConnectorContext context, ListRequest request) {
    return DeferredRecordPage.of(list(context, request));
  }

  /** The record with this id, or empty when the app has none. */
  Optional<DataRecord> findById(ConnectorContext context, String id);

  /** The one record whose {@code match.fields} equal the query's, or empty. */
  Optional<DataRecord> match(ConnectorContext context, Map<String, Object> query);

  /** Records matching a free-text query. */
  RecordPage search(ConnectorContext context, SearchRequest request);

  /** Creates a record from writable fields; returns its id. */
  String create(ConnectorContext context, Map<String, Object> fields);

  /** Changes a record's writable fields; returns its id. */
  String update(ConnectorContext context, String id, Map<String, Object> fields);

  /** Deletes a record. Deleting one the app no longer has is not an error. */
  void delete(ConnectorContext context, String id);

  /** Webhook subscription and handling, when {@code events} declares {@code webhook}. */
  default Optional<WebhookEvents> webhookEvents() {
    return Optional.empty();
  }

  /** The app's own change feed (sync token, delta link), when {@code events} declares {@code custom-pull}. */
  default Optional<CustomPullEvents> customPullEvents() {
    return Optional.empty();
  }

  /** Newest-first listing by update time, when {@code events} declares {@code pull-latest-records}. */
  default Optional<PullLatestRecords> pullLatestRecords() {
    return Optional.empty();
  }
}
