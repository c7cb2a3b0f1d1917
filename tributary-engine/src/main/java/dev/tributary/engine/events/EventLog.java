package dev.tributary.engine.events;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.DataRecord;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Rows;
import java.time.Instant;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Appends to the event log: always inside the transaction that records what the event is about
 * (a snapshot change, a new sync token), so that an event is written exactly when its cause is.
 */
final class EventLog {

  private EventLog() {}

  static void append(Handle handle, String workspaceId, EventSubscription subscription, String type, String recordId,
      String recordJson, Instant now) {
    handle.createUpdate("insert into event_log (id, workspace_id, subscription_id, connection_id, customer_id, collection_key,"
            + " event_type, record_id, record, created_at) values (:id, :ws, :subscription, :connection, :customer, :collection,"
            + " :type, :record, :body, :now)")
        .bind("id", Ids.newId()).bind("ws", workspaceId).bind("subscription", subscription.id())
        .bind("connection", subscription.connectionId()).bind("customer", subscription.customerId())
        .bind("collection", subscription.collectionKey()).bind("type", type).bind("record", recordId).bind("body", recordJson)
        .bind("now", Rows.time(now)).execute();
  }

  /** An event a connector reported (webhook, change feed); a record-less one carries just the id. */
  static void append(Handle handle, String workspaceId, EventSubscription subscription, ChangeEvent event, Instant now) {
    String body = event.record() != null ? recordJson(event.record()) : Json.write(Map.of("id", event.recordId()));
    append(handle, workspaceId, subscription, event.operation().eventType(), event.recordId(), body, now);
  }

  static String recordJson(DataRecord record) {
    return Json.write(Json.MAPPER.convertValue(record, Map.class));
  }
}
