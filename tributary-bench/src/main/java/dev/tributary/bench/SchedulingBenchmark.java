package dev.tributary.bench;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.events.DataEvent;
import dev.tributary.engine.events.EventSubscriptionService;
import dev.tributary.engine.events.PullScheduler;
import dev.tributary.engine.store.Rows;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The pull schedule under load: {@code n} subscriptions, each of its own customer and connection
 * (pulls of one connection run one at a time), due every {@code interval} against collections of
 * {@link PagedSource}, pulled by the engine's {@link dev.tributary.engine.events.PullScheduler}
 * (db-scheduler) started as {@code tributary serve} starts it (its default threads and polling
 * interval unless {@code --threads} and {@code --polling-ms} say otherwise), on 1 to 3 nodes
 * sharing one store.
 *
 * <p>Everything is read back from the pull log ({@code event_pulls}) after the run. A pull is due
 * when the previous pull of its subscription finished plus the interval (that is how the engine
 * schedules it), so its <em>lag</em> is its start minus that; pulls per second counts these later
 * pulls over the run. The first pull of each subscription
 * (the baseline) runs within the subscribing call, before the schedule starts, and is not counted;
 * the time to subscribe them all is reported. Before the schedule starts, the subscriptions' first
 * scheduled pulls are spread evenly over one interval (their due times set in the store), as in a
 * schedule that has run for a while; the first scheduled pull's lag is measured from that due
 * time. <em>Double pulls</em>
 * are pulls that started before their due time or while another pull of the subscription ran: the
 * run fails if there is one.
 *
 * <pre>
 * java -cp tributary-bench.jar dev.tributary.bench.SchedulingBenchmark --subscriptions 10000 --seconds 240 --db h2
 * java -cp tributary-bench.jar dev.tributary.bench.SchedulingBenchmark --subscriptions 10000 --seconds 240 --db postgresql --nodes 3
 * </pre>
 */
public final class SchedulingBenchmark {

  /** Subscriptions set up at once (set-up is timed apart from the run). */
  private static final int SETUP_THREADS = 8;

  static final String HEADER = "| store | nodes | threads/node | polling ms | subscriptions | interval s | run s | subscribing s"
      + " | later pulls | pulls/s | lag p50 ms | lag p99 ms | lag max ms | double pulls | failed or busy | load average |\n"
      + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  private SchedulingBenchmark() {}

  /** The settings of a run. */
  record Settings(BenchDatabase database, int subscriptions, int nodes, Duration interval, Duration run, int threads,
      Duration polling, int recordsEach) {}

  /** What a run measured. */
  record Result(Settings settings, double subscribingSeconds, int laterPulls, double pullsPerSecond, long lagP50, long lagP99,
      long lagMax, int doublePulls, int failedOrBusy, double load) {

    String row() {
      return String.format(Locale.ROOT, "| %s | %d | %d | %,d | %,d | %d | %d | %.0f | %,d | %.1f | %,d | %,d | %,d | %d | %d | %.1f |",
          settings.database(), settings.nodes(), settings.threads(), settings.polling().toMillis(), settings.subscriptions(),
          settings.interval().toSeconds(), settings.run().toSeconds(), subscribingSeconds, laterPulls, pullsPerSecond, lagP50, lagP99,
          lagMax, doublePulls, failedOrBusy, load);
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    Settings settings = new Settings(BenchDatabase.parse(FullScanBenchmark.option(arguments, "--db", "h2")),
        Integer.parseInt(FullScanBenchmark.option(arguments, "--subscriptions", "10000")),
        Integer.parseInt(FullScanBenchmark.option(arguments, "--nodes", "1")),
        Duration.ofSeconds(Long.parseLong(FullScanBenchmark.option(arguments, "--interval", "60"))),
        Duration.ofSeconds(Long.parseLong(FullScanBenchmark.option(arguments, "--seconds", "300"))),
        Integer.parseInt(FullScanBenchmark.option(arguments, "--threads", Integer.toString(PullScheduler.DEFAULT_THREADS))),
        Duration.ofMillis(Long.parseLong(FullScanBenchmark.option(arguments, "--polling-ms",
            Long.toString(PullScheduler.DEFAULT_POLLING.toMillis())))),
        Integer.parseInt(FullScanBenchmark.option(arguments, "--records", "10")));
    Result result = run(settings);
    System.out.println(HEADER);
    System.out.println(result.row());
  }

  static Result run(Settings settings) throws IOException, InterruptedException {
    if (settings.nodes() > 1 && settings.database() == BenchDatabase.H2) {
      throw new IllegalArgumentException("Several nodes share a PostgreSQL store; the embedded H2 store has one node. Use --db postgresql.");
    }
    try (PagedSource source = new PagedSource(); BenchEngine engine = BenchEngine.open(settings.database(), source.baseUri())) {
      Instant subscribing = Instant.now();
      subscribe(engine, source, settings);
      double subscribingSeconds = Duration.between(subscribing, Instant.now()).toMillis() / 1000.0;
      List<Tributary> nodes = new ArrayList<>(List.of(engine.tributary()));
      for (int i = 1; i < settings.nodes(); i++) {
        nodes.add(engine.node(Integer.toString(i + 1)));
      }
      Instant start = Instant.now();
      Map<String, Instant> firstDue = spread(engine.tributary(), settings.interval(), start);
      nodes.forEach(node -> node.events().scheduler().start(node.database().dataSource(), settings.threads(), settings.polling()));
      Thread.sleep(settings.run().toMillis()); // the schedule runs for this long; nothing is awaited
      nodes.forEach(node -> node.events().scheduler().close());
      return measure(engine.tributary(), settings, start, firstDue, subscribingSeconds, LoadAverage.now());
    }
  }

  /**
   * Spreads the subscriptions' first scheduled pulls evenly over one interval from {@code start},
   * as a schedule that has run for a while has them (subscriptions made over time). Set up at once,
   * they would all be due together, most of them already late by the time set-up took, and the run
   * would measure that burst rather than the schedule. Returns each subscription's first due time.
   */
  private static Map<String, Instant> spread(Tributary tributary, Duration interval, Instant start) {
    return tributary.database().inTransaction(handle -> {
      List<String> ids = handle.createQuery("select id from event_subscriptions order by id").mapTo(String.class).list();
      Map<String, Instant> due = new HashMap<>();
      PreparedBatch subscriptions = handle.prepareBatch("update event_subscriptions set next_pull_at = :due,"
          + " next_full_sync_at = :due where id = :id");
      PreparedBatch scheduled = handle.prepareBatch("update scheduled_tasks set execution_time = :due"
          + " where task_name = :task and task_instance = :id");
      for (int i = 0; i < ids.size(); i++) {
        Instant at = start.plus(interval.multipliedBy(i).dividedBy(ids.size()));
        due.put(ids.get(i), at);
        subscriptions.bind("due", Rows.time(at)).bind("id", ids.get(i)).add();
        scheduled.bind("due", Rows.time(at)).bind("task", PullScheduler.TASK).bind("id", ids.get(i)).add();
      }
      subscriptions.execute();
      scheduled.execute();
      return due;
    });
  }

  /** One customer, connection, collection and subscription each, due now: setting up is not measured. */
  private static void subscribe(BenchEngine engine, PagedSource source, Settings settings) throws InterruptedException {
    ExecutorService setup = Executors.newFixedThreadPool(SETUP_THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < settings.subscriptions(); i++) {
      String name = "s" + i;
      source.dataset(name, settings.recordsEach());
      done.add(setup.submit(() -> {
        BenchEngine.Connected connected = engine.connect("customer-" + name);
        int seconds = (int) settings.interval().toSeconds();
        engine.tributary().events().acquire(connected.customer(), new EventSubscriptionService.Consumer("bench-" + name,
            connected.connection(), BenchEngine.COLLECTION, Map.of("dataset", name),
            Set.of(DataEvent.CREATED, DataEvent.UPDATED, DataEvent.DELETED), seconds, seconds));
      }));
    }
    for (Future<?> future : done) {
      try {
        future.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("Setting up a subscription failed", e.getCause());
      }
    }
    setup.shutdown();
  }

  /** One pull of the log. */
  private record Pull(String subscription, boolean baseline, String status, Instant started, Instant finished) {}

  private static Result measure(Tributary tributary, Settings settings, Instant start, Map<String, Instant> firstDue,
      double subscribingSeconds, double load) {
    List<Pull> pulls = tributary.database().withHandle(handle -> handle.createQuery("select subscription_id, is_baseline, status,"
            + " started_at, finished_at from event_pulls order by subscription_id, started_at")
        .map((rs, ctx) -> new Pull(rs.getString(1), rs.getBoolean(2), rs.getString(3), Rows.requiredInstant(rs, "started_at"),
            Rows.instant(rs, "finished_at") == null ? Instant.MAX : Rows.requiredInstant(rs, "finished_at")))
        .list());
    List<Long> lags = new ArrayList<>();
    int doubles = 0;
    int failedOrBusy = 0;
    for (int i = 0; i < pulls.size(); i++) {
      Pull pull = pulls.get(i);
      if (!pull.status().equals("succeeded")) {
        failedOrBusy++;
      }
      Pull previous = i > 0 && pulls.get(i - 1).subscription().equals(pull.subscription()) ? pulls.get(i - 1) : null;
      if (previous == null) {
        continue;
      }
      // The first scheduled pull is due when spread; each later one its interval after the previous one finished.
      Instant due = previous.baseline() ? firstDue.get(pull.subscription()) : previous.finished().plus(settings.interval());
      // Times are stored to the microsecond: a pull on time may read up to a millisecond early.
      if (pull.started().isBefore(due.minusMillis(1))) {
        doubles++;
      }
      lags.add(Math.max(0, Duration.between(due, pull.started()).toMillis()));
    }
    Collections.sort(lags);
    int baselines = (int) pulls.stream().filter(Pull::baseline).count();
    FullScanBenchmark.check("baseline pulls (one per subscription)", settings.subscriptions(), baselines);
    if (doubles > 0) {
      throw new IllegalStateException(doubles + " pulls started before they were due or while another pull of their"
          + " subscription ran: a subscription was pulled twice.");
    }
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    return new Result(settings, subscribingSeconds, lags.size(), lags.size() / seconds,
        percentile(lags, 50), percentile(lags, 99), lags.isEmpty() ? 0 : lags.getLast(), doubles, failedOrBusy, load);
  }

  private static long percentile(List<Long> sorted, int percent) {
    return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
  }
}
