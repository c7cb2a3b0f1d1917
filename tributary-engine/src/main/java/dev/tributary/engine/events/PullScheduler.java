package dev.tributary.engine.events;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.tributary.engine.store.DatabaseKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls every subscription on a schedule, through db-scheduler on the engine's database: each
 * subscription is a scheduled row that a node claims before pulling it, so several nodes on one
 * PostgreSQL share the work and never pull the same subscription at once, and a dead node's work
 * is taken over. A pull that throws is retried with exponential backoff.
 *
 * <p>On PostgreSQL a node claims a batch of due rows in one statement ({@code for update skip
 * locked}) and looks again as soon as its queue runs low, so due pulls start within a polling
 * interval however many there are. The embedded H2 store has one node: it reads the due rows and
 * claims each as it runs it.
 */
public final class PullScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PullScheduler.class);
  /** The scheduled task; its instance id is the subscription's id, its data the workspace's. */
  public static final String TASK = "subscription-pull";
  /** Pulls a node runs at once, unless told otherwise. */
  public static final int DEFAULT_THREADS = 8;
  /** How often a node looks for due pulls, unless told otherwise: the most a due pull waits to be seen. */
  public static final Duration DEFAULT_POLLING = Duration.ofMillis(500);
  /** A node claims due rows when fewer than this share of its threads have work queued. */
  private static final double REFILL_BELOW = 0.5;
  /** A node claims at most this many rows per thread at once. */
  private static final double CLAIM_PER_THREAD = 2.0;

  /** Times are written as UTC into the {@code timestamp with time zone} columns, on every database. */
  public static final JdbcCustomization JDBC = new DefaultJdbcCustomization(true);

  private final CustomTask<String> task;
  private final SchedulerClient client;
  private final DatabaseKind kind;
  private volatile Duration polling = DEFAULT_POLLING;
  private @Nullable Scheduler scheduler;

  PullScheduler(DataSource dataSource, DatabaseKind kind, EventSubscriptionService events) {
    this.kind = kind;
    this.task = Tasks.custom(TASK, String.class)
        .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofMinutes(1)))
        .execute((instance, context) -> {
          // A pull that found no free place (its connection's or workspace's) tries again at the next poll.
          Optional<Instant> next = events.runDue(instance.getData(), instance.getId(), polling);
          if (next.isEmpty()) {
            return new CompletionHandler.OnCompleteRemove<>(); // unsubscribed meanwhile
          }
          // Each subscription has its own intervals: the next run is when it is next due.
          return (complete, operations) -> operations.reschedule(complete, next.get());
        });
    this.client = SchedulerClient.Builder.create(dataSource, task).jdbcCustomization(jdbc(kind)).build();
  }

  /** How the schedule reads and writes its rows on this database. */
  static JdbcCustomization jdbc(DatabaseKind kind) {
    return kind == DatabaseKind.POSTGRESQL ? new PostgreSqlJdbcCustomization(false, true) : JDBC;
  }

  /** The task, for a scheduler of one's own (e.g. db-scheduler's ManualScheduler in tests). */
  public CustomTask<String> task() {
    return task;
  }

  /** Runs the scheduler on this node with {@code threads} pulls at a time, looking for due pulls every {@code polling}. */
  public synchronized void start(DataSource dataSource, int threads, Duration polling) {
    start(dataSource, threads, polling, Duration.ofMinutes(5));
  }

  /**
   * As {@link #start(DataSource, int, Duration)}; {@code heartbeat} is how often a node marks the
   * pulls it runs as alive. A pull whose node has missed six heartbeats is taken over by another.
   */
  public synchronized void start(DataSource dataSource, int threads, Duration polling, Duration heartbeat) {
    if (threads < 1 || polling.isNegative() || polling.isZero()) {
      throw new IllegalArgumentException("A schedule needs at least one thread and a positive polling interval, not "
          + threads + " and " + polling);
    }
    if (scheduler == null) {
      this.polling = polling;
      SchedulerBuilder builder = Scheduler.create(dataSource, task).jdbcCustomization(jdbc(kind)).threads(threads)
          .pollingInterval(polling).heartbeatInterval(heartbeat).registerShutdownHook();
      if (kind == DatabaseKind.POSTGRESQL) {
        builder.pollUsingLockAndFetch(REFILL_BELOW, CLAIM_PER_THREAD);
      }
      scheduler = builder.build();
      scheduler.start();
      log.info("Pulling due subscriptions with {} threads, looking every {} ms", threads, polling.toMillis());
    }
  }

  /** Runs the subscription's next pull at {@code at} (moving it when it was scheduled for another time). */
  void schedule(String workspaceId, String subscriptionId, Instant at) {
    if (!client.scheduleIfNotExists(task.instance(subscriptionId, workspaceId), at)) {
      try {
        client.reschedule(TaskInstanceId.of(TASK, subscriptionId), at);
      } catch (RuntimeException e) {
        // Running right now: it reschedules itself when done.
        log.debug("Subscription {} is being pulled; it reschedules itself", subscriptionId);
      }
    }
  }

  void cancel(String subscriptionId) {
    client.getScheduledExecution(TaskInstanceId.of(TASK, subscriptionId))
        .ifPresent(execution -> client.cancel(TaskInstanceId.of(TASK, subscriptionId)));
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.stop();
      scheduler = null;
    }
  }
}
