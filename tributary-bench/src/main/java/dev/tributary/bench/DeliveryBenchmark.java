package dev.tributary.bench;

import dev.tributary.engine.events.DataEvent;
import dev.tributary.engine.events.EventDelivery;
import dev.tributary.engine.events.EventSubscription;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Event delivery end to end: a pull writes {@code n} events to the event log, then {@link
 * EventDelivery#deliverDue} sends them to a {@link WebhookSink} in this process, with the outbox's
 * durability on (the cursor is written to the database after every batch the receiver took). The
 * bound in the same run ({@code raw}) is the same HTTP client sending the same signed CloudEvents
 * batches to the same sink, built from events read before the clock starts: no database at all.
 * On PostgreSQL the rows written during delivery are counted from {@code pg_stat_user_tables}.
 *
 * <pre>
 * java -cp tributary-bench.jar dev.tributary.bench.DeliveryBenchmark --events 100000 --db postgresql
 * </pre>
 */
public final class DeliveryBenchmark {

  static final String HEADER = "| store | events | raw send events/s | delivery events/s | of raw | webhook calls | rows written"
      + " during delivery | rows written per event | load average |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|";
  private static final int BATCH = 100;

  private DeliveryBenchmark() {}

  /** What one run measured; rows written is empty on H2, which keeps no such statistics. */
  record Result(BenchDatabase database, int events, double rawRate, double deliveryRate, int calls, OptionalLong rowsWritten,
      double load) {

    String row() {
      String rows = rowsWritten.isPresent() ? String.format(Locale.ROOT, "%,d | %.3f", rowsWritten.getAsLong(),
          (double) rowsWritten.getAsLong() / events) : "n/a | n/a";
      return String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %.0f %% | %,d | %s | %.1f |", database, events, rawRate,
          deliveryRate, 100 * deliveryRate / rawRate, calls, rows, load);
    }
  }

  public static void main(String[] args) throws Exception {
    List<String> arguments = Arrays.asList(args);
    Result result = run(BenchDatabase.parse(FullScanBenchmark.option(arguments, "--db", "h2")),
        Integer.parseInt(FullScanBenchmark.option(arguments, "--events", "100000")));
    System.out.println(HEADER);
    System.out.println(result.row());
  }

  static Result run(BenchDatabase database, int count) throws IOException, InterruptedException {
    try (PagedSource source = new PagedSource(); WebhookSink sink = new WebhookSink();
        BenchEngine engine = BenchEngine.open(database, source.baseUri())) {
      source.dataset("delivery", 0);
      EventSubscription subscription = engine.subscribe("delivery"); // an empty baseline
      EventDelivery delivery = engine.tributary().delivery();
      String secret = delivery.configure(engine.admin(), sink.url()).signingSecret();
      source.dataset("delivery", count);
      FullScanBenchmark.check("events logged", count, engine.pull(subscription).events());
      List<DataEvent> logged = logged(engine);

      double rawRate = rawSend(sink, logged);
      List<String> ids = logged.stream().map(DataEvent::id).toList();
      FullScanBenchmark.check("events the raw send delivered in order", 1, sink.drain().equals(ids) ? 1 : 0);
      sink.secret(secret);

      OptionalLong before = engine.store().rowsWritten();
      long start = System.nanoTime();
      int delivered = 0;
      while (delivered < count) {
        int now = delivery.deliverDue();
        if (now == 0) {
          throw new IllegalStateException("Delivery stopped after " + delivered + " of " + count + " events: "
              + delivery.webhook(engine.admin()).lastError());
        }
        delivered += now;
      }
      double deliveryRate = count / ((System.nanoTime() - start) / 1e9);
      OptionalLong after = engine.store().rowsWritten();
      int calls = sink.calls();
      FullScanBenchmark.check("events delivered in order, each once", 1, sink.drain().equals(ids) ? 1 : 0);
      FullScanBenchmark.check("calls with a bad signature", 0, sink.badSignatures());
      OptionalLong written = before.isPresent() && after.isPresent()
          ? OptionalLong.of(after.getAsLong() - before.getAsLong()) : OptionalLong.empty();
      return new Result(database, count, rawRate, deliveryRate, calls, written, LoadAverage.now());
    }
  }

  /** Every event of the log, oldest first, read before any clock starts. */
  private static List<DataEvent> logged(BenchEngine engine) {
    List<DataEvent> events = new ArrayList<>();
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<DataEvent> page = engine.tributary().events().events(engine.admin(), null, request);
      events.addAll(page.items());
      if (page.cursor() == null) {
        return events;
      }
      request = PageRequest.parse(String.valueOf(PageRequest.MAX_LIMIT), page.cursor());
    }
  }

  /** The bound: the same signed batches, POSTed one after the other, with nothing read or written. */
  private static double rawSend(WebhookSink sink, List<DataEvent> events) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String secret = "whsec_raw";
    sink.secret(secret);
    long start = System.nanoTime();
    for (int from = 0; from < events.size(); from += BATCH) {
      String body = Json.write(events.subList(from, Math.min(events.size(), from + BATCH)).stream()
          .map(DataEvent::toCloudEvent).toList());
      long timestamp = Instant.now().getEpochSecond();
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(sink.url()))
          .header("Content-Type", "application/cloudevents-batch+json")
          .header(EventDelivery.SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + EventDelivery.sign(secret, timestamp + "." + body))
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.discarding());
      FullScanBenchmark.check("raw send status", 204, response.statusCode());
    }
    return events.size() / ((System.nanoTime() - start) / 1e9);
  }
}
