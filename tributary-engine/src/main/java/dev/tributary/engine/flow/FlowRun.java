package dev.tributary.engine.flow;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One execution of a flow instance, started by its trigger node {@code triggerNodeKey}: by an
 * event ({@code eventId}) or through the API.
 *
 * @param status {@code queued}, {@code running}, {@code completed} or {@code failed}
 * @param nodes each node the trigger leads to, by key, in the order they ran (or would have)
 * @param error why the run failed (a node's error, a full queue, an interrupted server), or null
 */
public record FlowRun(
    String id,
    String flowInstanceId,
    String flowKey,
    String connectionId,
    String customerId,
    String triggerNodeKey,
    @Nullable String eventId,
    @Nullable Object input,
    String status,
    @Nullable String error,
    Map<String, NodeRun> nodes,
    Instant createdAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt) {

  public static final String QUEUED = "queued";
  public static final String RUNNING = "running";
  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";

  public FlowRun {
    nodes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(nodes));
  }

  /**
   * What one node of a run did.
   *
   * @param status {@code queued}, {@code running}, {@code completed}, {@code failed} or {@code
   *     skipped} (not reached: a filter stopped its branch, or an earlier node failed)
   * @param input the node's config with its formulas evaluated, as the node received it
   */
  public record NodeRun(String type, String status, @Nullable Object input, @Nullable Object output, @Nullable String error) {

    public static final String SKIPPED = "skipped";

    NodeRun with(String status, @Nullable Object input, @Nullable Object output, @Nullable String error) {
      return new NodeRun(type, status, input, output, error);
    }
  }
}
