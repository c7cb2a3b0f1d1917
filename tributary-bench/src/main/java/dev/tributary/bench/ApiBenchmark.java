package dev.tributary.bench;

import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.server.ServerSettings;
import dev.tributary.server.TributaryServer;
import dev.tributary.server.auth.TokenIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API's overhead: {@code wrk} (Debian package {@code wrk}) drives, one after the other,
 * the app directly and the same data through {@code tributary serve}'s API in this process:
 *
 * <ul>
 *   <li>{@code source: empty page}: the app answering a page with no records, the least a call can
 *       cost, which bounds {@code GET /data-source-instance};
 *   <li>{@code source: page}: the page of {@code --records} contacts the connector reads, which
 *       bounds {@code POST /data-source-instance/collection/list} (one call to the app, mapping,
 *       and the unified fields);
 *   <li>the two API calls, as a customer (a signed JWT on every request).
 * </ul>
 *
 * Each target is first driven unmeasured with {@code --connections} for at least {@code --warmup}
 * seconds (default 30) and then until the JIT is quiet (at most 3 minutes; see {@link #warmUp}):
 * after a fixed 10 s, the JIT was still compiling for most of each second while the list was
 * measured, and its overhead moved by more than a millisecond from run to run. Then it runs with one
 * connection ({@code -c1}: latency without queueing; the
 * overhead is the API's p50 minus its bound's p50), then with {@code --connections} for
 * requests per second. Every target is called once and checked before wrk runs.
 *
 * <pre>
 * apt-get install wrk     # Debian/Ubuntu; elsewhere build it from https://github.com/wg/wrk
 * java -cp tributary-bench.jar dev.tributary.bench.ApiBenchmark --seconds 10 --warmup 30 --records 100
 * java -cp tributary-bench.jar dev.tributary.bench.ApiBenchmark --targets list   # one pair only
 * </pre>
 */
public final class ApiBenchmark {

  static final String HEADER = "| target | warm-up s | c1 req/s | c1 p50 ms | c1 p99 ms | c%d req/s | c%d p50 ms | c%d p99 ms"
      + " | p50 overhead ms | load average |\n"
      + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|";
  private static final String DATA_SOURCE = "contacts";
  private static final Duration WARMUP_ROUND = Duration.ofSeconds(10);
  private static final Duration MAX_WARMUP = Duration.ofMinutes(3);
  /** The share of a warm-up round the JIT may spend compiling for the path to count as compiled. */
  private static final double QUIET_JIT = 0.05;

  private ApiBenchmark() {}

  /** One wrk run: requests per second and latency percentiles in milliseconds. */
  record Load(double requestsPerSecond, double p50, double p99) {}

  /** A target measured alone and under load, and the bound its overhead is read against (null for a bound). */
  record Row(String target, Duration warmed, Load single, Load loaded, Row bound, double load) {
    String row() {
      String overhead = bound == null ? "(bound)" : String.format(Locale.ROOT, "%.2f", single.p50() - bound.single().p50());
      return String.format(Locale.ROOT, "| %s | %d | %,.0f | %.2f | %.2f | %,.0f | %.2f | %.2f | %s | %.1f |", target,
          warmed.toSeconds(), single.requestsPerSecond(), single.p50(), single.p99(), loaded.requestsPerSecond(), loaded.p50(),
          loaded.p99(), overhead, load);
    }
  }

  /** A request wrk sends. */
  record Target(String name, String method, URI uri, String token, String body) {}

  public static void main(String[] args) throws Exception {
    // The JDK's HTTP server (the app here) writes a response's head and body apart; without
    // TCP_NODELAY the body waits for the client's delayed ACK (40 ms on Linux), which would time
    // that stall instead of the app. Read once, when the server class loads: set before any starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    List<String> arguments = Arrays.asList(args);
    int connections = Integer.parseInt(FullScanBenchmark.option(arguments, "--connections", "8"));
    Set<Pair> pairs = Pair.parse(FullScanBenchmark.option(arguments, "--targets", "instance,list"));
    List<Row> rows = run(Integer.parseInt(FullScanBenchmark.option(arguments, "--records", "100")),
        Duration.ofSeconds(Long.parseLong(FullScanBenchmark.option(arguments, "--seconds", "10"))),
        Duration.ofSeconds(Long.parseLong(FullScanBenchmark.option(arguments, "--warmup", "30"))), connections, pairs);
    System.out.println(HEADER.formatted(connections, connections, connections));
    rows.forEach(row -> System.out.println(row.row()));
  }

  /** An API call and the source call that bounds it, measured together ({@code --targets}). */
  enum Pair {
    /** {@code GET /data-source-instance} against the app's empty page. */
    INSTANCE,
    /** {@code POST …/collection/list} against the app's page of {@code --records}. */
    LIST;

    static Set<Pair> parse(String names) {
      Set<Pair> pairs = EnumSet.noneOf(Pair.class);
      for (String name : names.split(",")) {
        try {
          pairs.add(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--targets takes instance, list or both (instance,list), not \"" + name + "\"", e);
        }
      }
      return pairs;
    }
  }

  static List<Row> run(int records, Duration each, Duration warmup, int connections, Set<Pair> pairs)
      throws IOException, InterruptedException {
    String wrk = wrk();
    try (PagedSource source = new PagedSource(); BenchEngine engine = BenchEngine.open(BenchDatabase.H2, source.baseUri());
        TributaryServer server = TributaryServer.start(engine.tributary(), ServerSettings.defaults().withPort(0))) {
      source.dataset("api", records);
      source.dataset("empty", 0);
      engine.tributary().dataSources().create(engine.admin(), new DataSourceInput(DATA_SOURCE, "Contacts", BenchEngine.CONNECTOR,
          null, BenchEngine.COLLECTION, Map.of("dataset", "api"), null, null));
      String token = new TokenIssuer(BenchEngine.WORKSPACE_KEY, BenchEngine.WORKSPACE_SECRET)
          .customer(BenchEngine.CUSTOMER, null, null, Instant.now(), Duration.ofHours(2));
      String api = "http://127.0.0.1:" + server.port();
      String instance = "dataSourceKey=" + DATA_SOURCE + "&connectionId=" + engine.connection();
      Target emptyPage = new Target("source: empty page", "GET", URI.create(source.baseUri() + "/contacts?dataset=empty&limit=1000"),
          "", "");
      Target page = new Target("source: page of " + records, "GET",
          URI.create(source.baseUri() + "/contacts?dataset=api&limit=1000"), "", "");
      Target get = new Target("API: GET /data-source-instance", "GET",
          URI.create(api + "/data-source-instance?" + instance + "&autoCreate=true"), token, "");
      Target list = new Target("API: POST /data-source-instance/collection/list (" + records + " records)", "POST",
          URI.create(api + "/data-source-instance/collection/list?" + instance), token, "{}");
      check(emptyPage, "\"items\":[]");
      check(page, "\"id\":\"" + (records - 1) + "\"");
      check(get, "\"collectionKey\":\"contacts\"");
      check(list, "\"id\":\"" + (records - 1) + "\"");

      List<Row> rows = new ArrayList<>();
      if (pairs.contains(Pair.INSTANCE)) {
        Row emptyRow = measure(wrk, emptyPage, warmup, each, connections, null);
        rows.add(emptyRow);
        rows.add(measure(wrk, get, warmup, each, connections, emptyRow));
      }
      if (pairs.contains(Pair.LIST)) {
        Row pageRow = measure(wrk, page, warmup, each, connections, null);
        rows.add(pageRow);
        rows.add(measure(wrk, list, warmup, each, connections, pageRow));
      }
      return rows;
    }
  }

  /** Calls the target once: it must answer 200 with the expected content, or the figures would measure an error. */
  static void check(Target target, String expected) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(target.uri()).method(target.method(),
        target.body().isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(target.body()));
    if (!target.token().isEmpty()) {
      request.header("Authorization", "Bearer " + target.token()).header("Content-Type", "application/json");
    }
    HttpResponse<String> response;
    try (HttpClient http = HttpClient.newHttpClient()) {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
    if (response.statusCode() != 200 || !response.body().contains(expected)) {
      throw new IllegalStateException(target.name() + " answered " + response.statusCode() + " without " + expected + ": "
          + response.body().substring(0, Math.min(500, response.body().length())));
    }
  }

  private static Row measure(String wrk, Target target, Duration warmup, Duration each, int connections, Row bound)
      throws IOException, InterruptedException {
    Duration warmed = warmUp(wrk, target, warmup, connections);
    Load single = wrk(wrk, target, each, 1);
    Load loaded = wrk(wrk, target, each, connections);
    return new Row(target.name(), warmed, single, loaded, bound, LoadAverage.now());
  }

  /**
   * Drives the target unmeasured, in rounds of 10 s, for at least {@code minimum} and then until the
   * JIT is quiet: a round in which it compiled for less than {@link #QUIET_JIT} of the round's time
   * (the compilers' own clock, {@link CompilationMXBean#getTotalCompilationTime}), at most
   * {@link #MAX_WARMUP}. On two cores the compilers otherwise take a core away from the measured
   * requests, and code still running on the first tier is timed instead of the engine's steady state.
   *
   * @return how long the target was driven
   */
  private static Duration warmUp(String wrk, Target target, Duration minimum, int connections)
      throws IOException, InterruptedException {
    if (minimum.isZero()) {
      return Duration.ZERO;
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    Duration round = minimum.compareTo(WARMUP_ROUND) < 0 ? minimum : WARMUP_ROUND;
    Duration warmed = Duration.ZERO;
    boolean quiet = false;
    while (warmed.compareTo(MAX_WARMUP) < 0 && (warmed.compareTo(minimum) < 0 || !quiet)) {
      long compiling = jit.getTotalCompilationTime();
      wrk(wrk, target, round, connections);
      warmed = warmed.plus(round);
      long compiled = jit.getTotalCompilationTime() - compiling;
      quiet = compiled < round.toMillis() * QUIET_JIT;
      System.err.printf(Locale.ROOT, "%s: warmed %d s, the JIT compiled for %d ms in the last %d s%n", target.name(),
          warmed.toSeconds(), compiled, round.toSeconds());
    }
    return warmed;
  }

  /** Runs wrk against the target and reads its summary. */
  static Load wrk(String wrk, Target target, Duration duration, int connections) throws IOException, InterruptedException {
    Path script = Files.createTempFile("tributary-bench", ".lua");
    try {
      StringBuilder lua = new StringBuilder("wrk.method = \"" + target.method() + "\"\n");
      if (!target.token().isEmpty()) {
        lua.append("wrk.headers[\"Authorization\"] = \"Bearer ").append(target.token()).append("\"\n")
            .append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
      }
      if (!target.body().isEmpty()) {
        lua.append("wrk.body = '").append(target.body()).append("'\n");
      }
      Files.writeString(script, lua);
      Process process = new ProcessBuilder(wrk, "-t", "1", "-c", Integer.toString(connections), "-d", duration.toSeconds() + "s",
          "--latency", "-s", script.toString(), target.uri().toString()).redirectErrorStream(true).start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (process.waitFor() != 0 || output.contains("Non-2xx")) {
        throw new IllegalStateException("wrk against " + target.name() + " failed or got errors:\n" + output);
      }
      return new Load(number(output, "Requests/sec:\\s+([\\d.]+)"), millis(output, "50%"), millis(output, "99%"));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static double number(String output, String pattern) {
    Matcher matcher = Pattern.compile(pattern).matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("wrk's output has no " + pattern + ":\n" + output);
    }
    return Double.parseDouble(matcher.group(1));
  }

  /** A latency percentile line such as {@code 50%  1.23ms} (wrk writes us, ms or s). */
  private static double millis(String output, String percentile) {
    Matcher matcher = Pattern.compile("\\s" + percentile + "\\s+([\\d.]+)(us|ms|s)").matcher(output);
    if (!matcher.find()) {
      throw new IllegalStateException("wrk's output has no " + percentile + " latency:\n" + output);
    }
    double value = Double.parseDouble(matcher.group(1));
    return switch (matcher.group(2)) {
      case "us" -> value / 1000;
      case "s" -> value * 1000;
      default -> value;
    };
  }

  /** The wrk command, or a clear error saying how to get it. */
  static String wrk() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "wrk"))) {
        return Path.of(dir, "wrk").toString();
      }
    }
    throw new IllegalStateException("The API benchmark needs wrk on the PATH. Install it with \"apt-get install wrk\""
        + " (Debian/Ubuntu) or build it from https://github.com/wg/wrk.");
  }
}
