package dev.tributary.connector;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Real-time change events through the app's webhooks. The events engine calls {@link #subscribe}
 * once per subscription, {@link #handle} for every incoming call to the subscription's ingress
 * URI, and {@link #unsubscribe} when nothing needs the events any more.
 */
public interface WebhookEvents {

  /** What subscribing left behind: opaque state, and when to subscribe again (null: never). */
  record Subscription(Map<String, Object> state, @Nullable Instant refreshAt) {}

  /** An incoming webhook call. */
  record Call(Map<String, List<String>> headers, Map<String, List<String>> query, String body) {}

  /**
   * What a call meant: the events, an answer for the app (e.g. a verification handshake; null
   * for a plain 200) and the new state (null: unchanged).
   */
  record Handling(List<ChangeEvent> events, @Nullable Reply reply, @Nullable Map<String, Object> state) {}

  /** An answer to the app's call. */
  record Reply(int status, Map<String, String> headers, @Nullable String body) {}

  Subscription subscribe(ConnectorContext context, String webhookUri);

  Handling handle(ConnectorContext context, Call call, Map<String, Object> state);

  /** Must not fail when the app no longer knows the webhook. */
  void unsubscribe(ConnectorContext context, Map<String, Object> state);

  /**
   * Renews the webhook at the app before {@link Subscription#refreshAt()} passes (apps whose
   * webhooks expire). The default subscribes anew and then removes the old webhook.
   */
  default Subscription refresh(ConnectorContext context, String webhookUri, Map<String, Object> state) {
    Subscription renewed = subscribe(context, webhookUri);
    unsubscribe(context, state);
    return renewed;
  }
}
