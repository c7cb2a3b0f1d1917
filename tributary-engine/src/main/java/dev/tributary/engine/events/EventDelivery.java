package dev.tributary.engine.events;

import dev.tributary.engine.crypto.EncryptedColumn;
import dev.tributary.engine.crypto.SecretBox;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.DatabaseKind;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the event log to a workspace's webhook: batches of events in log order, POSTed as
 * CloudEvents ({@code application/cloudevents-batch+json}) and signed with HMAC-SHA256 over the
 * timestamp and the body. A batch the receiver refuses is retried with exponential backoff and
 * jitter (a {@code Retry-After} on 429 or 503 is honoured) for up to {@link #RETRY_WINDOW}; then its
 * events become dead letters, visible through the API and redeliverable, and delivery moves on.
 *
 * <p>At least once: the cursor advances only after the receiver answered 2xx, so a crash between
 * the two repeats a batch. Every event keeps its id for the receiver to de-duplicate on. One node
 * delivers a workspace's events at a time (a lease on its row), so they arrive in order.
 */
public final class EventDelivery implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventDelivery.class);

  /** The signing secret's column, sealed by the vault and re-sealed by key rotation. */
  public static final EncryptedColumn SECRET_COLUMN = new EncryptedColumn("event_webhooks", "signing_secret");
  /** How long a refused batch is retried before its events become dead letters. */
  public static final Duration RETRY_WINDOW = Duration.ofHours(24);
  static final int BATCH = 100;
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LONGEST_RETRY = Duration.ofMinutes(30);
  static final Duration LEASE = Duration.ofMinutes(2);
  static final Duration TIMEOUT = Duration.ofSeconds(20);
  /** The header carrying {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">}. */
  public static final String SIGNATURE_HEADER = "Tributary-Signature";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database database;
  private final SecretBox box;
  private final EventSubscriptionService events;
  private final HttpClient http;
  private final Clock clock;
  private @Nullable ScheduledExecutorService runner;

  /** A workspace's webhook as the API shows it; the secret only when it was just made. */
  public record Webhook(String url, @Nullable String signingSecret, @Nullable String deliveredThrough, int attempts,
      Instant nextAttemptAt, @Nullable String lastError) {}

  /** An event given up on: why, and after how many attempts. */
  public record DeadLetter(String eventId, int attempts, @Nullable String error, Instant failedAt) {}

  public EventDelivery(Database database, SecretBox box, EventSubscriptionService events, HttpClient http, Clock clock) {
    this.database = database;
    this.box = box;
    this.events = events;
    this.http = http;
    this.clock = clock;
  }

  /**
   * Sends the workspace's events from now on to {@code url} (events already in the log are not
   * sent). Returns the signing secret, shown this once; setting the URL again keeps the cursor
   * and makes a new secret.
   */
  public Webhook configure(Caller caller, String url) {
    caller.requireAdmin("configure event delivery");
    requireHttpUrl("url", url, "the address your product receives events at, e.g. https://api.example.com/tributary-events");
    String secret = newSigningSecret();
    String workspace = caller.workspaceId();
    Instant now = Rows.now(clock);
    String latest = database.withHandle(handle -> handle.createQuery("select max(id) from event_log where workspace_id = :ws")
        .bind("ws", workspace).mapTo(String.class).findOne().orElse(null));
    database.inTransaction(handle -> {
      byte[] sealed = box.seal(secret, SECRET_COLUMN.associatedData(workspace));
      int updated = handle.createUpdate("update event_webhooks set url = :url, signing_secret = :secret, updated_at = :now"
              + " where id = :id")
          .bind("url", url).bind("secret", sealed).bind("now", Rows.time(now)).bind("id", workspace).execute();
      if (updated == 0) {
        handle.createUpdate("insert into event_webhooks (id, url, signing_secret, delivered_through, attempts, next_attempt_at,"
                + " created_at, updated_at) values (:id, :url, :secret, :through, 0, :now, :now, :now)")
            .bind("id", workspace).bind("url", url).bind("secret", sealed).bind("through", latest == null ? "" : latest)
            .bind("now", Rows.time(now)).execute();
      }
      return null;
    });
    Webhook stored = webhook(caller);
    return new Webhook(stored.url(), secret, stored.deliveredThrough(), stored.attempts(), stored.nextAttemptAt(), stored.lastError());
  }

  public Webhook webhook(Caller caller) {
    caller.requireAdmin("read event delivery");
    return database.withHandle(handle -> handle.createQuery("select * from event_webhooks where id = :id")
            .bind("id", caller.workspaceId())
            .map((rs, ctx) -> new Webhook(rs.getString("url"), null, emptyToNull(rs.getString("delivered_through")),
                rs.getInt("attempts"), Rows.requiredInstant(rs, "next_attempt_at"), rs.getString("last_error")))
            .findOne())
        .orElseThrow(() -> new NotFoundException("No webhook receives this workspace's events. Set one with PUT /event-delivery/webhook."));
  }

  /** Stops delivering to the webhook (the event log and the pull API are unaffected). */
  public void remove(Caller caller) {
    caller.requireAdmin("remove event delivery");
    database.inTransaction(handle -> handle.createUpdate("delete from event_webhooks where id = :id").bind("id", caller.workspaceId())
        .execute());
  }

  public Page<DeadLetter> deadLetters(Caller caller, PageRequest page) {
    caller.requireAdmin("read dead letters");
    return database.withHandle(handle -> Page.fromOverfetched(handle.createQuery("select * from event_dead_letters"
            + " where workspace_id = :ws and event_id > :after order by event_id limit :limit")
        .bind("ws", caller.workspaceId()).bind("after", page.afterId() == null ? "" : page.afterId()).bind("limit", page.limit() + 1)
        .map((rs, ctx) -> new DeadLetter(rs.getString("event_id"), rs.getInt("attempts"), rs.getString("error"),
            Rows.requiredInstant(rs, "failed_at")))
        .list(), page, DeadLetter::eventId));
  }

  /**
   * Sends a dead letter again, now, once. On success it is no longer a dead letter.
   *
   * @throws dev.tributary.error.TributaryException when the receiver refuses it again (with its answer)
   */
  public void redeliver(Caller caller, String eventId) {
    caller.requireAdmin("redeliver events");
    Target target = target(caller.workspaceId()).orElseThrow(() -> new NotFoundException(
        "No webhook receives this workspace's events. Set one with PUT /event-delivery/webhook."));
    boolean dead = database.withHandle(handle -> handle.createQuery("select count(*) from event_dead_letters where workspace_id = :ws"
        + " and event_id = :id").bind("ws", caller.workspaceId()).bind("id", eventId).mapTo(Integer.class).one()) > 0;
    if (!dead) {
      throw new NotFoundException("Event " + eventId + " is not a dead letter. List them with GET /event-delivery/dead-letters.");
    }
    DataEvent event = database.withHandle(handle -> handle.createQuery("select * from event_log where workspace_id = :ws and id = :id")
        .bind("ws", caller.workspaceId()).bind("id", eventId).map((rs, ctx) -> EventSubscriptionService.event(rs)).one());
    Attempt attempt = send(target, List.of(event));
    if (!attempt.delivered()) {
      throw new dev.tributary.error.ConflictException("The webhook refused the event again: " + attempt.error());
    }
    database.inTransaction(handle -> handle.createUpdate("delete from event_dead_letters where workspace_id = :ws and event_id = :id")
        .bind("ws", caller.workspaceId()).bind("id", eventId).execute());
  }

  /**
   * Recovers from a server that stopped while delivering; the server calls it when it starts. On the
   * embedded H2 database this server is the only one using the store, so a delivery lease is left
   * over from a stopped process and is cleared at once; with PostgreSQL another live node may hold
   * it, and it expires after {@link #LEASE}. The batch that was in flight is sent again (at least once).
   */
  public void recoverInterruptedDeliveries() {
    if (database.kind() == DatabaseKind.H2) {
      database.inTransaction(handle -> handle.createUpdate("update event_webhooks set lease_until = null where lease_until is not null")
          .execute());
    }
  }

  /** Delivers on this node: looks for due webhooks every {@code every}. */
  public synchronized void start(Duration every) {
    if (runner == null) {
      runner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("event-delivery").daemon().factory());
      runner.scheduleWithFixedDelay(() -> {
        try {
          deliverDue();
        } catch (RuntimeException e) {
          log.warn("Event delivery failed: {}", e.getMessage());
        }
      }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void close() {
    if (runner != null) {
      runner.shutdownNow();
      runner = null;
    }
  }

  /** Delivers every workspace's due events, batch by batch, until each is caught up or refused. Returns the events delivered. */
  public int deliverDue() {
    List<String> due = database.withHandle(handle -> handle.createQuery("select id from event_webhooks where next_attempt_at <= :now"
            + " and (lease_until is null or lease_until <= :now) order by next_attempt_at")
        .bind("now", Rows.time(Rows.now(clock))).mapTo(String.class).list());
    int delivered = 0;
    for (String workspace : due) {
      delivered += deliverWorkspace(workspace);
    }
    return delivered;
  }

  private int deliverWorkspace(String workspace) {
    Instant now = Rows.now(clock);
    boolean claimed = database.inTransaction(handle -> handle.createUpdate("update event_webhooks set lease_until = :until"
            + " where id = :id and (lease_until is null or lease_until <= :now) and next_attempt_at <= :now")
        .bind("until", Rows.time(now.plus(LEASE))).bind("now", Rows.time(now)).bind("id", workspace).execute() == 1);
    if (!claimed) {
      return 0;
    }
    int delivered = 0;
    try {
      while (true) {
        Optional<Target> found = target(workspace);
        if (found.isEmpty()) {
          return delivered;
        }
        Target target = found.get();
        List<DataEvent> batch = events.events(Caller.admin(workspace), null,
            new PageRequest(BATCH, target.deliveredThrough().isEmpty() ? null : target.deliveredThrough())).items();
        if (batch.isEmpty()) {
          return delivered;
        }
        Attempt attempt = send(target, batch);
        String last = batch.getLast().id();
        Instant at = Rows.now(clock);
        if (attempt.delivered()) {
          advance(workspace, last, at);
          delivered += batch.size();
          continue;
        }
        Instant firstFailure = target.firstFailureAt() != null ? target.firstFailureAt() : at;
        if (!at.isBefore(firstFailure.plus(RETRY_WINDOW))) {
          deadLetter(workspace, batch, target.attempts() + 1, attempt.error(), at);
          continue;
        }
        Duration wait = backoff(target.attempts(), attempt.retryAfter());
        database.inTransaction(handle -> handle.createUpdate("update event_webhooks set attempts = attempts + 1,"
                + " first_failure_at = :first, next_attempt_at = :next, last_error = :error where id = :id")
            .bind("first", Rows.time(firstFailure)).bind("next", Rows.time(at.plus(wait)))
            .bind("error", truncate(attempt.error())).bind("id", workspace).execute());
        return delivered;
      }
    } finally {
      database.inTransaction(handle -> handle.createUpdate("update event_webhooks set lease_until = null where id = :id")
          .bind("id", workspace).execute());
    }
  }

  /** Doubling from a second up to half an hour, with full jitter; never sooner than the receiver asked. */
  static Duration backoff(int attempts, @Nullable Duration retryAfter) {
    long ceiling = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempts, 30));
    Duration jittered = Duration.ofMillis(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
    return retryAfter != null && retryAfter.compareTo(jittered) > 0 ? retryAfter : jittered;
  }

  private void advance(String workspace, String through, Instant at) {
    database.inTransaction(handle -> handle.createUpdate("update event_webhooks set delivered_through = :through, attempts = 0,"
            + " first_failure_at = null, last_error = null, next_attempt_at = :now where id = :id")
        .bind("through", through).bind("now", Rows.time(at)).bind("id", workspace).execute());
  }

  private void deadLetter(String workspace, List<DataEvent> batch, int attempts, String error, Instant at) {
    database.inTransaction(handle -> {
      for (DataEvent event : batch) {
        handle.createUpdate("insert into event_dead_letters (event_id, workspace_id, attempts, error, failed_at)"
                + " values (:id, :ws, :attempts, :error, :at)")
            .bind("id", event.id()).bind("ws", workspace).bind("attempts", attempts).bind("error", truncate(error))
            .bind("at", Rows.time(at)).execute();
      }
      return null;
    });
    advance(workspace, batch.getLast().id(), at);
    log.warn("Gave up delivering {} events to workspace {}'s webhook after {}: {}", batch.size(), workspace, RETRY_WINDOW, error);
  }

  private record Target(String workspaceId, String url, String secret, String deliveredThrough, int attempts,
      @Nullable Instant firstFailureAt) {}

  private record Attempt(boolean delivered, String error, @Nullable Duration retryAfter) {}

  private Optional<Target> target(String workspace) {
    return database.withHandle(handle -> handle.createQuery("select * from event_webhooks where id = :id").bind("id", workspace)
        .map((rs, ctx) -> new Target(workspace, rs.getString("url"),
            box.open(rs.getBytes("signing_secret"), SECRET_COLUMN.associatedData(workspace)), rs.getString("delivered_through"),
            rs.getInt("attempts"), Rows.instant(rs, "first_failure_at")))
        .findOne());
  }

  private Attempt send(Target target, List<DataEvent> batch) {
    String body = Json.write(batch.stream().map(DataEvent::toCloudEvent).toList());
    long timestamp = Rows.now(clock).getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(URI.create(target.url())).timeout(TIMEOUT)
        .header("Content-Type", "application/cloudevents-batch+json")
        .header(SIGNATURE_HEADER, signature(target.secret(), timestamp, body))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() / 100 == 2) {
        return new Attempt(true, "", null);
      }
      Duration retryAfter = (response.statusCode() == 429 || response.statusCode() == 503)
          ? response.headers().firstValue("Retry-After").flatMap(EventDelivery::seconds).orElse(null) : null;
      return new Attempt(false, "The webhook answered HTTP " + response.statusCode() + ".", retryAfter);
    } catch (IOException e) {
      return new Attempt(false, "The webhook could not be reached: " + e.getMessage(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Attempt(false, "Delivery was interrupted.", null);
    }
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty(); // an HTTP date: fall back to the backoff
    }
  }

  /**
   * @throws InvalidInputException naming {@code field} when {@code url} is not an absolute http(s) URL
   * @param what what to give instead, for the message
   */
  public static void requireHttpUrl(String field, String url, String what) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null || uri.getHost() == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
      throw InvalidInputException.forField(field, "\"" + url + "\" is not an absolute http(s) URL. Give " + what + ".");
    }
  }

  /** A new random signing secret ({@code whsec_} and 43 characters). */
  public static String newSigningSecret() {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The {@link #SIGNATURE_HEADER} value for {@code body} sent at {@code timestamp} (unix seconds). */
  public static String signature(String secret, long timestamp, String body) {
    return "t=" + timestamp + ",v1=" + sign(secret, timestamp + "." + body);
  }

  /** The hex HMAC-SHA256 of {@code payload} under {@code secret}: what a receiver recomputes to check a call. */
  public static String sign(String secret, String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
    }
  }

  private static @Nullable String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static String truncate(String error) {
    return error.length() > 1900 ? error.substring(0, 1900) + "…" : error;
  }
}
