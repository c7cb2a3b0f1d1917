package dev.tributary.testkit.fake;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.SearchRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** One collection of a {@link FakeConnector}: records in memory, in id order. Thread-safe. */
public final class FakeCollection implements DataCollection {

  public static final int PAGE_SIZE = 10;

  private final CollectionSpec spec;
  private final Map<String, DataRecord> records = new LinkedHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private Clock clock = Clock.systemUTC();
  private final java.util.Set<String> failingCursors = new java.util.HashSet<>();

  FakeCollection(CollectionSpec spec) {
    this.spec = spec;
  }

  /** Makes times come from {@code clock} (for tests of change detection). */
  public synchronized FakeCollection withClock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * Makes the next listing of the page after {@code cursor} ({@code "0"} for the first) fail as an
   * app error would, once: for tests of what a cut-short scan does.
   */
  public synchronized FakeCollection failNextListingAt(String cursor) {
    failingCursors.add(cursor);
    return this;
  }

  /** Adds a record as if someone created it in the app; returns its id. */
  public synchronized String seed(Map<String, Object> fields) {
    String id = Long.toString(ids.incrementAndGet());
    Instant now = clock.instant();
    Map<String, Object> all = new LinkedHashMap<>(fields);
    all.put("id", id);
    records.put(id, new DataRecord(id, name(all), null, all, all, null, now, now));
    return id;
  }

  /** What the app holds now, in id order. */
  public synchronized List<DataRecord> records() {
    return List.copyOf(records.values());
  }

  @Override
  public String key() {
    return spec.key();
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public CollectionSpec spec() {
    return spec;
  }

  @Override
  public synchronized RecordPage list(ConnectorContext context, ListRequest request) {
    if (failingCursors.remove(request.cursor() == null ? "0" : request.cursor())) {
      throw new dev.tributary.connector.ConnectorException(dev.tributary.connector.ConnectorException.Kind.APP_FAILED, 503,
          "The fake app failed (HTTP 503) on the page after " + request.cursor() + ".");
    }
    List<DataRecord> matching = records.values().stream()
        .filter(record -> request.filter().entrySet().stream()
            .allMatch(entry -> Objects.equals(String.valueOf(entry.getValue()), String.valueOf(record.fields().get(entry.getKey())))))
        .toList();
    return page(matching, request.cursor());
  }

  @Override
  public synchronized RecordPage search(ConnectorContext context, SearchRequest request) {
    String query = request.query().toLowerCase(Locale.ROOT);
    return page(records.values().stream()
        .filter(record -> record.fields().values().stream().anyMatch(value -> String.valueOf(value).toLowerCase(Locale.ROOT).contains(query)))
        .toList(), request.cursor());
  }

  @Override
  public synchronized Optional<DataRecord> findById(ConnectorContext context, String id) {
    return Optional.ofNullable(records.get(id));
  }

  @Override
  public synchronized Optional<DataRecord> match(ConnectorContext context, Map<String, Object> query) {
    return list(context, new ListRequest(query, null)).records().stream().findFirst();
  }

  @Override
  public synchronized String create(ConnectorContext context, Map<String, Object> fields) {
    return seed(fields);
  }

  @Override
  public synchronized String update(ConnectorContext context, String id, Map<String, Object> fields) {
    DataRecord current = records.get(id);
    if (current == null) {
      throw new dev.tributary.connector.ConnectorException(dev.tributary.connector.ConnectorException.Kind.NOT_FOUND, 404,
          "The fake app has no " + key() + " record " + id + ".");
    }
    Map<String, Object> all = new LinkedHashMap<>(current.fields());
    all.putAll(fields);
    records.put(id, new DataRecord(id, name(all), null, all, all, null, current.createdTime(), clock.instant()));
    return id;
  }

  @Override
  public synchronized void delete(ConnectorContext context, String id) {
    records.remove(id);
  }

  private static RecordPage page(List<DataRecord> matching, @Nullable String cursor) {
    int from = cursor == null ? 0 : Integer.parseInt(cursor);
    int to = Math.min(matching.size(), from + PAGE_SIZE);
    return new RecordPage(new ArrayList<>(matching.subList(Math.min(from, to), to)), to < matching.size() ? Integer.toString(to) : null);
  }

  private static @Nullable String name(Map<String, Object> fields) {
    Object name = fields.getOrDefault("name", fields.get("title"));
    return name == null ? null : name.toString();
  }
}
