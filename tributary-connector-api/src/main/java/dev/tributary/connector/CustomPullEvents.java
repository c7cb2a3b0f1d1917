package dev.tributary.connector;

import java.util.List;

/**
 * Change events from the app's own change feed (a sync token, a delta link). The first call
 * walks the feed to "now" without reporting events, so events start at subscription time.
 */
public interface CustomPullEvents {

  /** A batch of changes and the state to resume from; {@code hasMore} asks for another call. */
  record Batch(List<ChangeEvent> events, String state, boolean hasMore) {}

  /** The state that stands for "now": later pulls report changes after it. */
  String currentState(ConnectorContext context);

  Batch pull(ConnectorContext context, String state);
}
