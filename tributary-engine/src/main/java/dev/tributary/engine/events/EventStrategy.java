package dev.tributary.engine.events;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.DataCollection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How a subscription finds changes, best first: the app's webhooks, the app's own change feed
 * ({@code custom-pull}), a newest-first listing by update time ({@code pull-latest-records}), and
 * comparing full scans with a snapshot ({@code full-scan}, which works for every collection).
 */
public enum EventStrategy {
  WEBHOOK("webhook"),
  CUSTOM_PULL("custom-pull"),
  PULL_LATEST_RECORDS("pull-latest-records"),
  FULL_SCAN("full-scan");

  private final String wireName;

  EventStrategy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static EventStrategy fromWireName(String name) {
    for (EventStrategy strategy : values()) {
      if (strategy.wireName.equals(name)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException("Unknown event strategy \"" + name + "\"");
  }

  /**
   * What a subscription to a collection does.
   *
   * @param changes how creations and updates are found
   * @param deletions how deletions are found: the same strategy as {@code changes}, or full scan
   * @param ignoredFields fields whose changes alone are no update (the spec's {@code ignoredFields})
   */
  public record Plan(EventStrategy changes, EventStrategy deletions, Set<String> ignoredFields) {

    /** Webhooks bring the changes as they happen. */
    public boolean isRealTime() {
      return changes == WEBHOOK;
    }

    /** Changes are found by pulling on a schedule (every strategy but webhooks). */
    public boolean requiresPull() {
      return changes != WEBHOOK;
    }

    /** Full scans are needed: as the strategy itself, or to find deletions the strategy cannot see. */
    public boolean requiresFullSync() {
      return changes == FULL_SCAN || deletions == FULL_SCAN;
    }
  }

  /**
   * The plan for a collection: for creations and updates the best strategy both event types
   * declare and the collection implements; for deletions that same strategy when it reports
   * deletions too (webhooks and change feeds can; a newest-first listing cannot), else full scans.
   */
  public static Plan plan(DataCollection collection, CollectionSpec spec) {
    Map<String, CollectionSpec.EventSpec> events = spec.events();
    EventStrategy created = declared(collection, events.get("created"));
    EventStrategy updated = declared(collection, events.get("updated"));
    EventStrategy changes = created.ordinal() >= updated.ordinal() ? created : updated;
    EventStrategy deleted = declared(collection, events.get("deleted"));
    EventStrategy deletions = deleted == changes && changes != PULL_LATEST_RECORDS ? changes : FULL_SCAN;
    Set<String> ignored = new HashSet<>();
    events.values().forEach(event -> ignored.addAll(event.ignoredFields()));
    return new Plan(changes, deletions, Set.copyOf(ignored));
  }

  private static EventStrategy declared(DataCollection collection, CollectionSpec.EventSpec event) {
    if (event == null) {
      return FULL_SCAN;
    }
    EventStrategy strategy;
    try {
      strategy = fromWireName(event.implementationType().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return FULL_SCAN;
    }
    boolean implemented = switch (strategy) {
      case WEBHOOK -> collection.webhookEvents().isPresent();
      case CUSTOM_PULL -> collection.customPullEvents().isPresent();
      case PULL_LATEST_RECORDS -> collection.pullLatestRecords().isPresent();
      case FULL_SCAN -> true;
    };
    // A declaration without its implementation falls back to what always works.
    return implemented ? strategy : FULL_SCAN;
  }
}
