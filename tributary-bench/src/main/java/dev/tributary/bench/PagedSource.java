package dev.tributary.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An app in the benchmark's own process: {@code GET /contacts?dataset=…&cursor=…&limit=…} answers
 * a page of JSON contacts and the cursor of the next page. Records are computed from their number,
 * never stored, so a million-record collection costs the benchmark's heap nothing.
 *
 * <p>A dataset of {@code n} records starts at generation 1 (records 0…n-1). {@link Dataset#mutate}
 * moves it to generation 2, where every record numbered 1 mod 100 has changed, every record
 * numbered 2 mod 100 is gone, and n/100 records numbered n… are new: the counts a scan must
 * report are then exactly {@link Dataset#changed}, {@link Dataset#removed} and {@link Dataset#added}.
 */
final class PagedSource implements AutoCloseable {

  static final String[] FIRST_NAMES = {"Ann", "Bob", "Carla", "Dmitri", "Eve", "Farah", "Gus", "Hana", "Ivo", "Jun"};
  static final String[] STAGES = {"lead", "prospect", "customer", "churned", "partner"};
  static final String[] CITIES = {"Lisbon", "Oslo", "Austin", "Osaka", "Lagos", "Lima", "Perth", "Quebec"};

  private final HttpServer server;
  private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();

  PagedSource() throws IOException {
    // A page goes out in several writes: without TCP_NODELAY the last one waits for the client's
    // delayed acknowledgement of the one before (up to 40 ms). Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/contacts", this::handle);
    server.start();
  }

  /** Adds (or replaces) a dataset of {@code records} records at generation 1. */
  Dataset dataset(String name, long records) {
    Dataset dataset = new Dataset(records);
    datasets.put(name, dataset);
    return dataset;
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      Dataset dataset = datasets.get(query.getOrDefault("dataset", ""));
      if (dataset == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      long from = Long.parseLong(query.getOrDefault("cursor", "0"));
      int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
      PageBuffer page = PAGE_BUFFER.get();
      int length = page.encode(json -> dataset.write(json, from, limit));
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, length);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int offset = 0; offset < length; offset += WRITE_CHUNK) {
          out.write(page.bytes, offset, Math.min(WRITE_CHUNK, length - offset));
        }
      }
    }
  }

  /**
   * Bytes handed to the server per write: it copies each write into a buffer it keeps per
   * connection, of twice the largest write.
   */
  private static final int WRITE_CHUNK = 64 * 1024;

  /**
   * The buffers a serving thread builds its pages in, kept for its next page. A page of 1000 records
   * is about 440 kB: built anew per request, its text and bytes were arrays of more than half a heap
   * region, which G1 allocates outside the young generation, and each such allocation started a
   * concurrent marking cycle of the whole heap. An app on another machine costs the scan's process
   * none of that, so the app in this process must not either.
   */
  private static final ThreadLocal<PageBuffer> PAGE_BUFFER = ThreadLocal.withInitial(PageBuffer::new);

  /** A reusable page: its JSON text, then its bytes (the JSON is ASCII). */
  private static final class PageBuffer {
    private final StringBuilder json = new StringBuilder();
    private byte[] bytes = new byte[0];

    /** Builds a page with {@code writer} and encodes it into {@link #bytes}; returns its length. */
    int encode(java.util.function.Consumer<StringBuilder> writer) {
      json.setLength(0);
      writer.accept(json);
      int length = json.length();
      if (bytes.length < length) {
        bytes = new byte[length + length / 4];
      }
      for (int i = 0; i < length; i++) {
        char c = json.charAt(i);
        if (c > 0x7f) {
          throw new IllegalStateException("the benchmark's pages are ASCII, found U+" + Integer.toHexString(c));
        }
        bytes[i] = (byte) c;
      }
      return length;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return query;
  }

  /** One collection, computed record by record from its size and generation. */
  static final class Dataset {
    private final long size;
    private volatile int generation = 1;

    Dataset(long size) {
      this.size = size;
    }

    void mutate() {
      generation = 2;
    }

    long changed() {
      return countBelow(size, 1);
    }

    long removed() {
      return countBelow(size, 2);
    }

    long added() {
      return size / 100;
    }

    /** Records listed now. */
    long records() {
      return generation == 1 ? size : size - removed() + added();
    }

    private static long countBelow(long size, int remainder) {
      return size / 100 + (size % 100 > remainder ? 1 : 0);
    }

    private long slots() {
      return generation == 1 ? size : size + added();
    }

    private boolean listed(long number) {
      return generation == 1 || number >= size || number % 100 != 2;
    }

    /** Up to {@code limit} records from slot {@code from} on, and the next slot (null after the last). */
    String page(long from, int limit) {
      StringBuilder json = new StringBuilder(limit * 450);
      write(json, from, limit);
      return json.toString();
    }

    /** Appends the page of {@link #page} to {@code json}. */
    void write(StringBuilder json, long from, int limit) {
      json.append("{\"items\":[");
      long slot = from;
      int count = 0;
      long end = slots();
      while (slot < end && count < limit) {
        if (listed(slot)) {
          if (count > 0) {
            json.append(',');
          }
          record(json, slot);
          count++;
        }
        slot++;
      }
      json.append("],\"next\":").append(slot < end ? "\"" + slot + "\"" : "null").append('}');
    }

    private void record(StringBuilder json, long n) {
      boolean changed = generation == 2 && n < size && n % 100 == 1;
      int company = (int) (n % 997);
      json.append("{\"id\":\"").append(n)
          .append("\",\"first_name\":\"").append(FIRST_NAMES[(int) (n % FIRST_NAMES.length)])
          .append("\",\"last_name\":\"Surname").append(n)
          .append("\",\"email\":\"contact").append(n).append("@example.org")
          .append("\",\"phone\":\"+1-555-").append(1000 + n % 9000)
          .append("\",\"company\":{\"id\":\"co").append(company).append("\",\"name\":\"Company ").append(company)
          .append("\"},\"job_title\":\"").append(n % 3 == 0 ? "Engineer" : "Buyer")
          .append("\",\"stage\":\"").append(changed ? "changed" : STAGES[(int) (n % STAGES.length)])
          .append("\",\"source\":\"").append(n % 2 == 0 ? "web" : "referral")
          .append("\",\"owner_id\":\"u").append(n % 20)
          .append("\",\"score\":").append(n % 100)
          .append(",\"active\":").append(n % 3 != 0)
          .append(",\"tags\":[\"t").append(n % 7).append("\",\"t").append(n % 11)
          .append("\"],\"created_at\":\"2025-01-01T00:00:00Z")
          .append("\",\"updated_at\":\"").append(changed ? "2026-06-01T12:00:00Z" : "2025-02-01T00:00:00Z")
          .append("\",\"address\":{\"street\":\"").append(n % 500).append(" Main Street")
          .append("\",\"city\":\"").append(CITIES[(int) (n % CITIES.length)])
          .append("\",\"zip\":\"").append(10000 + n % 90000)
          .append("\",\"country\":\"US\"}}");
    }
  }
}
