package dev.tributary.engine.events;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine's watch on one (connection, collection, parameters), shared by everything that needs
 * its events.
 *
 * @param strategy how creations and updates are found ({@link EventStrategy#wireName()})
 * @param baselineDone the first pull recorded what existed; events start after it
 * @param error why the last pull failed, and what to do; null after a good pull
 * @param isRealTime the app pushes changes (webhooks)
 * @param requiresPull changes are found by pulling on a schedule
 * @param requiresFullSync full scans run: as the strategy, or to find deletions
 * @param pullIntervalSeconds time between pulls (the shortest any consumer asks for)
 * @param fullSyncIntervalSeconds time between the full scans of a strategy that needs them for deletions
 * @param webhookUri where the app sends its webhook calls, when the strategy is webhook
 * @param manual created through the API: it stays until unsubscribed, whoever else uses it
 */
public record EventSubscription(
    String id,
    String connectionId,
    String customerId,
    String collectionKey,
    Map<String, Object> parameters,
    String strategy,
    String status,
    boolean baselineDone,
    @Nullable String error,
    boolean isRealTime,
    boolean requiresPull,
    boolean requiresFullSync,
    int pullIntervalSeconds,
    int fullSyncIntervalSeconds,
    @Nullable Instant nextPullAt,
    @Nullable Instant nextFullSyncAt,
    @Nullable Instant nextRefreshAt,
    @Nullable String webhookUri,
    boolean manual,
    Instant createdAt,
    Instant updatedAt) {

  public static final String FULL_SCAN = "full-scan";
  public static final String SUBSCRIBED = "subscribed";
  public static final String ERROR = "error";

  public EventStrategy changes() {
    return EventStrategy.fromWireName(strategy);
  }

  /** This subscription with the due times a pull's end set. */
  EventSubscription withNextPulls(Instant nextPull, @Nullable Instant nextFullSync) {
    return new EventSubscription(id, connectionId, customerId, collectionKey, parameters, strategy, status, baselineDone, error,
        isRealTime, requiresPull, requiresFullSync, pullIntervalSeconds, fullSyncIntervalSeconds, nextPull, nextFullSync,
        nextRefreshAt, webhookUri, manual, createdAt, updatedAt);
  }

  /** When the schedule should next look at this subscription. */
  public @Nullable Instant nextDue() {
    Instant next = null;
    for (Instant candidate : new Instant[] {requiresPull ? nextPullAt : null, requiresFullSync ? nextFullSyncAt : null,
        nextRefreshAt}) {
      if (candidate != null && (next == null || candidate.isBefore(next))) {
        next = candidate;
      }
    }
    return next;
  }
}
