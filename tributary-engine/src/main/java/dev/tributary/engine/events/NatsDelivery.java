package dev.tributary.engine.events;

import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the event log to NATS JetStream: every event of a workspace, in log order, to the
 * subject {@code tributary.events.<workspace id>.<created|updated|deleted>} of the stream {@value
 * #STREAM} (created when missing), as CloudEvents JSON with the header {@code Nats-Msg-Id} set to
 * the event's id, so the stream drops a repeat published after a crash within its duplicate window.
 * A workspace's cursor advances after the stream acknowledged the events (at least once).
 */
public final class NatsDelivery implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(NatsDelivery.class);

  public static final String STREAM = "TRIBUTARY_EVENTS";
  public static final String SUBJECT_PREFIX = "tributary.events.";
  static final int BATCH = 500;
  static final Duration LEASE = Duration.ofMinutes(2);

  private final Database database;
  private final EventSubscriptionService events;
  private final Clock clock;
  private final Connection connection;
  private final JetStream jetStream;
  private @Nullable ScheduledExecutorService runner;

  /**
   * Connects to NATS at {@code url} and makes sure the stream exists.
   *
   * @throws IllegalStateException naming the URL when NATS cannot be reached or has no JetStream
   */
  public NatsDelivery(Database database, EventSubscriptionService events, Clock clock, String url) {
    this.database = database;
    this.events = events;
    this.clock = clock;
    try {
      this.connection = Nats.connect(new Options.Builder().server(url).connectionTimeout(Duration.ofSeconds(5))
          .maxReconnects(-1).build());
      JetStreamManagement management = connection.jetStreamManagement();
      try {
        management.getStreamInfo(STREAM);
      } catch (JetStreamApiException missing) {
        management.addStream(StreamConfiguration.builder().name(STREAM).subjects(SUBJECT_PREFIX + ">")
            .storageType(StorageType.File).build());
      }
      this.jetStream = connection.jetStream();
    } catch (IOException | JetStreamApiException e) {
      throw new IllegalStateException("Cannot publish events to NATS at " + url + " (" + e.getMessage() + "). Check"
          + " TRIBUTARY_NATS_URL and that the server runs with JetStream (nats-server -js).", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while connecting to NATS at " + url, e);
    }
  }

  /** Publishes on this node: looks for new events every {@code every}. */
  public synchronized void start(Duration every) {
    if (runner == null) {
      runner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("nats-delivery").daemon().factory());
      runner.scheduleWithFixedDelay(() -> {
        try {
          publishDue();
        } catch (RuntimeException e) {
          log.warn("Publishing events to NATS failed: {}", e.getMessage());
        }
      }, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Publishes every workspace's new events; returns how many. */
  public int publishDue() {
    Instant now = Rows.now(clock);
    // A workspace seen for the first time starts from its newest event: the stream gets what happens from now on.
    database.inTransaction(handle -> handle.createUpdate("insert into event_streams (id, delivered_through, updated_at)"
            + " select w.id, coalesce((select max(e.id) from event_log e where e.workspace_id = w.id), ''), :now from workspaces w"
            + " where not exists (select 1 from event_streams s where s.id = w.id)")
        .bind("now", Rows.time(now)).execute());
    List<String> workspaces = database.withHandle(handle -> handle.createQuery("select id from event_streams"
            + " where lease_until is null or lease_until <= :now")
        .bind("now", Rows.time(now)).mapTo(String.class).list());
    int published = 0;
    for (String workspace : workspaces) {
      published += publishWorkspace(workspace);
    }
    return published;
  }

  private int publishWorkspace(String workspace) {
    Instant now = Rows.now(clock);
    boolean claimed = database.inTransaction(handle -> handle.createUpdate("update event_streams set lease_until = :until"
            + " where id = :id and (lease_until is null or lease_until <= :now)")
        .bind("until", Rows.time(now.plus(LEASE))).bind("now", Rows.time(now)).bind("id", workspace).execute() == 1);
    if (!claimed) {
      return 0;
    }
    int published = 0;
    try {
      while (true) {
        String through = database.withHandle(handle -> handle.createQuery("select delivered_through from event_streams where id = :id")
            .bind("id", workspace).mapTo(String.class).one());
        List<DataEvent> batch = events.events(Caller.admin(workspace), null,
            new PageRequest(BATCH, through.isEmpty() ? null : through)).items();
        if (batch.isEmpty()) {
          return published;
        }
        for (DataEvent event : batch) {
          publish(workspace, event);
        }
        database.inTransaction(handle -> handle.createUpdate("update event_streams set delivered_through = :through,"
                + " updated_at = :now where id = :id")
            .bind("through", batch.getLast().id()).bind("now", Rows.time(Rows.now(clock))).bind("id", workspace).execute());
        published += batch.size();
      }
    } finally {
      database.inTransaction(handle -> handle.createUpdate("update event_streams set lease_until = null where id = :id")
          .bind("id", workspace).execute());
    }
  }

  private void publish(String workspace, DataEvent event) {
    Headers headers = new Headers();
    headers.add("Nats-Msg-Id", event.id());
    headers.add("Content-Type", "application/cloudevents+json");
    String subject = SUBJECT_PREFIX + workspace + "." + event.type().replace("data-record-", "");
    try {
      jetStream.publish(NatsMessage.builder().subject(subject).headers(headers)
          .data(Json.write(event.toCloudEvent()).getBytes(StandardCharsets.UTF_8)).build());
    } catch (IOException | JetStreamApiException e) {
      // The cursor stays: the batch is published again at the next run.
      throw new IllegalStateException("NATS did not acknowledge event " + event.id() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (runner != null) {
      runner.shutdownNow();
      runner = null;
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
