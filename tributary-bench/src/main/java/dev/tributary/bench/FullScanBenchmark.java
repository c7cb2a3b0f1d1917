package dev.tributary.bench;

import dev.tributary.engine.events.DataEvent;
import dev.tributary.engine.events.EventPull;
import dev.tributary.engine.events.EventSubscription;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Full-scan change detection end to end: an engine subscribes to a collection of an app (the
 * baseline scan), the collection changes, and a second scan reports the changes. The app is
 * either served over HTTP by {@link PagedSource} ({@code --source http}, the default) or a table
 * in a PostgreSQL database read by the SQL connector ({@code --source sql}, {@link SqlScanSource}).
 * Each scan is compared with the raw scan over the same pages in the same run ({@link RawScan},
 * {@link SqlRawScan}) — reading, parsing and hashing alone, the most a scan could do — and the
 * events are checked to be exactly those made.
 *
 * <pre>
 * java -Xmx256m -cp tributary-bench.jar dev.tributary.bench.FullScanBenchmark --records 1000000 --db h2 --source sql
 * java -Xmx256m -cp tributary-bench.jar dev.tributary.bench.FullScanBenchmark --source sql --page-size 100   # the connector's default
 * java -cp tributary-bench.jar dev.tributary.bench.FullScanBenchmark --all --sources http,sql   # every case, each in a -Xmx256m JVM
 * java -Xmx256m -cp tributary-bench.jar dev.tributary.bench.FullScanBenchmark --rounds 5   # medians of five measured rounds (default: 3, more below 100,000 records)
 * java -Xmx256m -cp tributary-bench.jar dev.tributary.bench.FullScanBenchmark --max-warmup 60   # warm up until the JIT is quiet, for at most 60 s (default 180)
 * </pre>
 */
public final class FullScanBenchmark {

  static final String HEADER = "| source | store | records | raw scan rec/s | baseline scan rec/s | of raw | raw rescan rec/s"
      + " | compare scan rec/s | of raw | events created/updated/deleted | peak heap baseline / compare MB | heap after GC MB | max heap MB | warm-up s |\n"
      + "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|";
  private static final String ROW = "| ";

  private FullScanBenchmark() {}

  /**
   * What one case measured: each rate is the median of its rounds, each share of the raw bound the
   * median of the rounds' shares (each round's scan against the raw scan just before it), and the
   * heap peaks and the heap in use after a collection at the end of a round (with what the engine
   * keeps in memory for the subscription's next pull) the highest of any round.
   */
  record Result(String source, BenchDatabase database, long records, double rawRate, double baselineRate, double baselineShare,
      double rawRescanRate, double compareRate, double compareShare, long created, long updated, long deleted,
      long peakBaselineMb, long peakCompareMb, long afterGcMb, long maxMb, String baselineShares, String compareShares,
      double warmUpSeconds) {

    String row() {
      return String.format(Locale.ROOT,
          "| %s | %s | %,d | %,.0f | %,.0f | %.0f %% | %,.0f | %,.0f | %.0f %% | %d / %d / %d | %d / %d | %d | %d | %.0f |",
          source, database, records, rawRate, baselineRate, 100 * baselineShare, rawRescanRate, compareRate,
          100 * compareShare, created, updated, deleted, peakBaselineMb, peakCompareMb, afterGcMb, maxMb, warmUpSeconds);
    }
  }

  /** One measured round: the rates of its four steps and the counts of the events its compare scan made. */
  private record Round(double rawRate, double baselineRate, double rawRescanRate, double compareRate, long created,
      long updated, long deleted, long peakBaselineMb, long peakCompareMb, long afterGcMb) {

    double baselineShare() {
      return baselineRate / rawRate;
    }

    double compareShare() {
      return compareRate / rawRescanRate;
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    if (arguments.contains("--all")) {
      System.exit(all(option(arguments, "--sources", "http"), option(arguments, "--sizes", "10000,100000,1000000"),
          option(arguments, "--dbs", "h2,postgresql"), option(arguments, "--page-size", ""),
          option(arguments, "--rounds", ""), option(arguments, "--max-warmup", "")));
    }
    double loadBefore = LoadAverage.now();
    Result result;
    String pageSize = option(arguments, "--page-size", "");
    long records = Long.parseLong(option(arguments, "--records", "10000"));
    try (ScanSource source = ScanSource.open(option(arguments, "--source", HttpScanSource.NAME),
        pageSize.isEmpty() ? null : Integer.valueOf(pageSize))) {
      result = run(source, BenchDatabase.parse(option(arguments, "--db", "h2")),
          records, Long.parseLong(option(arguments, "--warmup", Long.toString(WARMUP_RECORDS))),
          Duration.ofSeconds(Long.parseLong(option(arguments, "--max-warmup", Long.toString(MAX_WARMUP.toSeconds())))),
          Integer.parseInt(option(arguments, "--rounds", Integer.toString(roundsFor(records)))));
    }
    System.out.printf(Locale.ROOT, "gc: %s, cpus: %d, load average at start / end: %.2f / %.2f%n", HeapWatch.collectors(),
        Runtime.getRuntime().availableProcessors(), loadBefore, LoadAverage.now());
    for (int round = 0; round < STEP_CPU.size() / 4; round++) {
      System.out.println("round " + (round + 1) + ", process CPU of raw scan, baseline scan, raw rescan, compare scan: "
          + String.join(", ", STEP_CPU.subList(4 * round, 4 * round + 4)));
    }
    System.out.println("of raw, round by round: baseline " + result.baselineShares() + ", compare " + result.compareShares());
    System.out.println(HEADER);
    System.out.println(result.row());
  }

  /** How many times the warm-up runs every step before the measured ones. */
  static final int WARMUP_ROUNDS = 3;
  /**
   * How many times every step is measured at least (each on a collection of its own): the medians
   * are the result.
   */
  static final int ROUNDS = 3;
  /**
   * Records measured per step at least, over the rounds: a scan of 10,000 records lasts a tenth of a
   * second, in which one young collection or one method compiled moves it by many points.
   */
  static final long RECORDS_PER_STEP = 300_000;
  /**
   * The size of the warm-up collection, whatever the size measured: the JIT compiles as a server
   * that has been scanning has compiled, not as far as a few small scans get it.
   */
  static final long WARMUP_RECORDS = 100_000;

  /** The default number of rounds for collections of {@code records}: at least {@link #ROUNDS}, odd, and {@link #RECORDS_PER_STEP} records in all. */
  static int roundsFor(long records) {
    int rounds = (int) Math.max(ROUNDS, (RECORDS_PER_STEP + records - 1) / Math.max(1, records));
    return rounds % 2 == 1 ? rounds : rounds + 1;
  }

  /** One case measured once after {@value #WARMUP_ROUNDS} warm-up rounds: see {@link #run(ScanSource, BenchDatabase, long, long, Duration, int)}. */
  static Result run(ScanSource source, BenchDatabase database, long records, long warmup) throws IOException {
    return run(source, database, records, warmup, Duration.ZERO, 1);
  }

  /**
   * Runs one case on {@code source}: rounds of every step on warm-up collections of {@code
   * warmup} records until the JIT is quiet, for at most {@code maxWarmup} past the first {@value
   * #WARMUP_ROUNDS} (see {@link #warmUp}), then {@code rounds} measured rounds, each on a collection
   * of {@code records} records of its own.
   */
  static Result run(ScanSource source, BenchDatabase database, long records, long warmup, Duration maxWarmup, int rounds)
      throws IOException {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds " + rounds + ": measure at least one round");
    }
    try (BenchEngine engine = source.engine(database)) {
      double warmedUp = warmup > 0 ? warmUp(source, engine, warmup, maxWarmup) : 0;
      List<Round> measured = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        measured.add(measure(engine, source.collection(round == 1 ? "main" : "main" + round, records)));
      }
      Round last = measured.getLast();
      return new Result(source.name(), database, records, median(measured, Round::rawRate), median(measured, Round::baselineRate),
          median(measured, Round::baselineShare), median(measured, Round::rawRescanRate), median(measured, Round::compareRate),
          median(measured, Round::compareShare), last.created(), last.updated(), last.deleted(),
          measured.stream().mapToLong(Round::peakBaselineMb).max().orElseThrow(),
          measured.stream().mapToLong(Round::peakCompareMb).max().orElseThrow(),
          measured.stream().mapToLong(Round::afterGcMb).max().orElseThrow(), HeapWatch.maxMb(),
          shares(measured, Round::baselineShare), shares(measured, Round::compareShare), warmedUp);
    }
  }

  /**
   * Runs every step, unmeasured, on collections of {@code warmup} records of their own (raw scan,
   * baseline, change, raw rescan, compare), so that the JIT compiles the compare path as well as the
   * baseline's: {@value #WARMUP_ROUNDS} rounds at least, and then until the JIT is quiet, a round in
   * which it compiled for less than {@link #QUIET_JIT} of the round's time (the compilers' own clock,
   * {@link CompilationMXBean#getTotalCompilationTime}), for at most {@code maxWarmup} in all
   * ({@link #MAX_WARMUP} from the command line). After three rounds of 100,000 records the JIT still spent 0.2 to 0.8 s of each
   * measured 3 s compare scan compiling (H2's and Jackson's paths taking their final form), which a
   * server that has been scanning for a while has long done.
   */
  private static double warmUp(ScanSource source, BenchEngine engine, long warmup, Duration maxWarmup) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long started = System.nanoTime();
    boolean quiet = false;
    for (int round = 1; round <= WARMUP_ROUNDS || !quiet && System.nanoTime() - started < maxWarmup.toNanos(); round++) {
      long roundStart = System.nanoTime();
      long compiling = jit.getTotalCompilationTime();
      ScanSource.Collection warm = source.collection("warmup" + round, warmup);
      warm.rawScan();
      EventSubscription subscription = warm.subscribe(engine);
      warm.mutate();
      warm.rawScan();
      engine.pull(subscription);
      engine.unsubscribe(subscription); // what the engine keeps in memory for it would weigh on the measured rounds
      long compiledMs = jit.getTotalCompilationTime() - compiling;
      long roundMs = (System.nanoTime() - roundStart) / 1_000_000;
      quiet = compiledMs < roundMs * QUIET_JIT;
      System.err.printf(Locale.ROOT, "warm-up round %d: the JIT compiled for %d ms of its %d ms%n", round, compiledMs, roundMs);
    }
    return (System.nanoTime() - started) / 1e9;
  }

  /** The share of a warm-up round the JIT may spend compiling for the paths to count as compiled. */
  static final double QUIET_JIT = 0.05;
  /** The longest the warm-up goes on waiting for the JIT to be quiet. */
  static final Duration MAX_WARMUP = Duration.ofMinutes(3);
  private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
    double[] sorted = rounds.stream().mapToDouble(value).sorted().toArray();
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  private static String shares(List<Round> rounds, java.util.function.ToDoubleFunction<Round> share) {
    return String.join(" / ", rounds.stream().map(round -> String.format(Locale.ROOT, "%.0f %%", 100 * share.applyAsDouble(round)))
        .toList());
  }

  /** One measured round on {@code collection}: raw scan, baseline, change, raw rescan, compare; checks the events. */
  private static Round measure(BenchEngine engine, ScanSource.Collection collection) {
    long records = collection.expected().records();
    double rawRate = rate(records, collection::rawScan);
    HeapWatch.reset();
    EventSubscription[] subscription = new EventSubscription[1];
    double baselineRate = rate(records, () -> {
      subscription[0] = collection.subscribe(engine);
      return (long) engine.baseline(subscription[0]).records();
    });
    long peakBaseline = HeapWatch.peakMb();

    collection.mutate();
    PagedSource.Dataset expected = collection.expected();
    double rawRescanRate = rate(expected.records(), collection::rawScan);
    HeapWatch.reset();
    EventPull[] pull = new EventPull[1];
    double compareRate = rate(expected.records(), () -> {
      pull[0] = engine.pull(subscription[0]);
      return (long) pull[0].records();
    });
    long peakCompare = HeapWatch.peakMb();

    Map<String, Long> events = engine.eventCounts(subscription[0]);
    check("created", expected.added(), events.get(DataEvent.CREATED));
    check("updated", expected.changed(), events.get(DataEvent.UPDATED));
    check("deleted", expected.removed(), events.get(DataEvent.DELETED));
    check("events of the pull", expected.added() + expected.changed() + expected.removed(), pull[0].events());
    long afterGc = HeapWatch.afterGcMb(); // with what the engine keeps for the subscription's next pull
    engine.unsubscribe(subscription[0]); // each round starts as the first did
    return new Round(rawRate, baselineRate, rawRescanRate, compareRate, events.get(DataEvent.CREATED),
        events.get(DataEvent.UPDATED), events.get(DataEvent.DELETED), peakBaseline, peakCompare, afterGc);
  }

  /** Records per second of a step that returns how many records it saw, which must be {@code expected}. */
  private static double rate(long expected, Supplier<Long> step) {
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    long compilingStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long seen = step.get();
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (processCpuNanos() - cpuStart) / 1e9;
    double compiling = (ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compilingStart) / 1e3;
    check("records scanned", expected, seen);
    STEP_CPU.add(String.format(Locale.ROOT, "%.2f s (%.2f cores, %.2f s of it compiling)", cpuSeconds, cpuSeconds / seconds,
        compiling));
    return expected / seconds;
  }

  /** The CPU time of each measured step, in order, and how many cores it kept busy on average. */
  private static final List<String> STEP_CPU = new ArrayList<>();

  /** CPU time of the whole process (every thread: the engine's, the app's, the JIT's and the collector's). */
  private static long processCpuNanos() {
    return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
  }

  static void check(String what, long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
    }
  }

  /** Runs every case in its own JVM with a 256 MB heap (and the page size, if given); returns the exit status. */
  private static int all(String sources, String sizes, String databases, String pageSize, String rounds, String maxWarmup)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> rows = new ArrayList<>();
    int status = 0;
    for (String source : sources.split(",")) {
      for (String database : databases.split(",")) {
        for (String size : sizes.split(",")) {
          List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
              FullScanBenchmark.class.getName(), "--source", source, "--db", database, "--records", size));
          if (!rounds.isEmpty()) {
            command.addAll(List.of("--rounds", rounds));
          }
          if (!pageSize.isEmpty()) {
            command.addAll(List.of("--page-size", pageSize));
          }
          if (!maxWarmup.isEmpty()) {
            command.addAll(List.of("--max-warmup", maxWarmup));
          }
          System.out.println("$ " + String.join(" ", command.stream().map(a -> a.length() > 80 ? "<classpath>" : a).toList())
              + String.format(Locale.ROOT, "   (load average %.2f)", LoadAverage.now()));
          Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
          try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
              System.out.println(line);
              if (line.startsWith(ROW + source + " | " + database + " ")) {
                rows.add(line);
              }
            }
          }
          int exit = process.waitFor();
          if (exit != 0) {
            rows.add(ROW + source + " | " + database + " | " + size + " | failed with exit status " + exit + " |");
            status = 1;
          }
        }
      }
    }
    System.out.println();
    System.out.println(HEADER);
    rows.forEach(System.out::println);
    return status;
  }

  static String option(List<String> arguments, String name, String fallback) {
    int at = arguments.indexOf(name);
    if (at < 0) {
      return fallback;
    }
    if (at + 1 >= arguments.size()) {
      throw new IllegalArgumentException(name + " needs a value, e.g. " + name + " " + fallback);
    }
    return arguments.get(at + 1);
  }
}
