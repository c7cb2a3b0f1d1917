package dev.tributary.engine.events;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of the event log: {@code data-record-created | updated | deleted} for a record of a
 * subscription's collection. Ids are time-ordered: reading the log by id reads it in order.
 *
 * @param record the record as it is now (for a deletion, the last thing known: at least its id)
 * @param launchedFlowRunIds the flow runs this event launched (empty until flows have looked at it)
 */
public record DataEvent(
    String id,
    String type,
    String recordId,
    Map<String, Object> record,
    String subscriptionId,
    String connectionId,
    String customerId,
    String collectionKey,
    Instant createdAt,
    java.util.List<String> launchedFlowRunIds) {

  public DataEvent {
    launchedFlowRunIds = java.util.List.copyOf(launchedFlowRunIds);
  }

  public static final String CREATED = "data-record-created";
  public static final String UPDATED = "data-record-updated";
  public static final String DELETED = "data-record-deleted";

  /** The event in CloudEvents 1.0 structured JSON: standard consumers and SDKs read it. */
  public Map<String, Object> toCloudEvent() {
    Map<String, Object> data = new java.util.LinkedHashMap<>();
    data.put("record", record);
    data.put("subscriptionId", subscriptionId);
    data.put("customerId", customerId);
    Map<String, Object> cloud = new java.util.LinkedHashMap<>();
    cloud.put("specversion", "1.0");
    cloud.put("id", id);
    cloud.put("source", "/connections/" + connectionId + "/data/" + collectionKey);
    cloud.put("type", type);
    cloud.put("time", createdAt.toString());
    cloud.put("subject", recordId);
    cloud.put("datacontenttype", "application/json");
    cloud.put("data", data);
    return cloud;
  }
}
