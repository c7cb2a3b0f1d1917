package dev.tributary.engine.flow;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One step of a flow: its {@code type}, its {@code config} (values may be formulas, evaluated
 * against {@code $.input.<nodeKey>} — the outputs of the nodes run before it — and {@code
 * $.flowInstance}), and the nodes that follow it. A link with a {@code filter} is followed only
 * when the filter, evaluated against {@code $.output} (this node's output), {@code $.input} and
 * {@code $.flowInstance}, is true.
 */
public record FlowNode(String type, @Nullable String name, Map<String, Object> config, List<Link> links) {

  public static final String API_TRIGGER = "api-trigger";
  public static final String CREATED_TRIGGER = "data-record-created-trigger";
  public static final String UPDATED_TRIGGER = "data-record-updated-trigger";
  public static final String DELETED_TRIGGER = "data-record-deleted-trigger";
  public static final String FIND_BY_ID = "find-data-record-by-id";
  public static final String TRANSFORM = "transform-data";
  public static final String FILTER = "filter";
  public static final String CREATE = "create-data-record";
  public static final String UPDATE = "update-data-record";
  public static final String API_REQUEST = "api-request-to-your-app";
  public static final String RUN_ACTION = "run-action";

  /** The node types, triggers first. */
  public static final List<String> TYPES = List.of(API_TRIGGER, CREATED_TRIGGER, UPDATED_TRIGGER, DELETED_TRIGGER,
      FIND_BY_ID, TRANSFORM, FILTER, CREATE, UPDATE, API_REQUEST, RUN_ACTION);

  /** Triggers started by a data source's events, with the event type each listens to. */
  public static final Map<String, String> EVENT_TRIGGERS = Map.of(
      CREATED_TRIGGER, "data-record-created", UPDATED_TRIGGER, "data-record-updated", DELETED_TRIGGER, "data-record-deleted");

  static final Set<String> TRIGGERS = Set.of(API_TRIGGER, CREATED_TRIGGER, UPDATED_TRIGGER, DELETED_TRIGGER);

  /** A link to the node with {@code key}, followed when {@code filter} (a formula) is true or absent. */
  public record Link(String key, @Nullable Object filter) {}

  public FlowNode {
    config = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
    links = List.copyOf(links);
  }

  public boolean isTrigger() {
    return TRIGGERS.contains(type);
  }

  /** The event type a data-record trigger listens to, or null for other nodes. */
  public @Nullable String eventType() {
    return EVENT_TRIGGERS.get(type);
  }

  /** The node as the API shows it. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put("type", type);
    if (name != null) {
      map.put("name", name);
    }
    map.put("config", config);
    map.put("links", links.stream().map(link -> {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      out.put("key", link.key());
      if (link.filter() != null) {
        out.put("filter", link.filter());
      }
      return out;
    }).toList());
    return map;
  }
}
