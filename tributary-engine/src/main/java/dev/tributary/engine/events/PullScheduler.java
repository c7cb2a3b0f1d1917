package dev.tributary.engine.events;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
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
 */
public final class PullScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PullScheduler.class);
  /** The scheduled task; its instance id is the subscription's id, its data the workspace's. */
  public static final String TASK = "subscription-pull";

  /** Times are written as UTC into the {@code timestamp with time zone} columns, on every database. */
  public static final com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization JDBC =
      new com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization(true);

  private final CustomTask<String> task;
  private final SchedulerClient client;
  private @Nullable Scheduler scheduler;

  PullScheduler(DataSource dataSource, EventSubscriptionService events) {
    this.task = Tasks.custom(TASK, String.class)
        .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofMinutes(1)))
        .execute((instance, context) -> {
          Optional<Instant> next = events.runDue(instance.getData(), instance.getId());
          if (next.isEmpty()) {
            return new CompletionHandler.OnCompleteRemove<>(); // unsubscribed meanwhile
          }
          // Each subscription has its own intervals: the next run is when it is next due.
          return (complete, operations) -> operations.reschedule(complete, next.get());
        });
    this.client = SchedulerClient.Builder.create(dataSource, task).jdbcCustomization(JDBC).build();
  }

  /** The task, for a scheduler of one's own (e.g. db-scheduler's ManualScheduler in tests). */
  public CustomTask<String> task() {
    return task;
  }

  /** Runs the scheduler on this node with {@code threads} pulls at a time, looking for due pulls every 5 seconds. */
  public synchronized void start(DataSource dataSource, int threads) {
    start(dataSource, threads, Duration.ofSeconds(5));
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
    if (scheduler == null) {
      scheduler = Scheduler.create(dataSource, task).jdbcCustomization(JDBC).threads(threads).pollingInterval(polling)
          .heartbeatInterval(heartbeat).registerShutdownHook().build();
      scheduler.start();
      log.info("Pulling due subscriptions with {} threads", threads);
    }
  }

  /** Runs the subscription's next pull at {@code at} (moving it when it was scheduled for another time). */
  void schedule(String workspaceId, String subscriptionId, Instant at) {
    if (!client.scheduleIfNotExists(task.instance(subscriptionId, workspaceId), at)) {
      try {
        client.reschedule(com.github.kagkarlsson.scheduler.task.TaskInstanceId.of(TASK, subscriptionId), at);
      } catch (RuntimeException e) {
        // Running right now: it reschedules itself when done.
        log.debug("Subscription {} is being pulled; it reschedules itself", subscriptionId);
      }
    }
  }

  void cancel(String subscriptionId) {
    client.getScheduledExecution(com.github.kagkarlsson.scheduler.task.TaskInstanceId.of(TASK, subscriptionId))
        .ifPresent(execution -> client.cancel(com.github.kagkarlsson.scheduler.task.TaskInstanceId.of(TASK, subscriptionId)));
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.stop();
      scheduler = null;
    }
  }
}
