package dev.tributary.engine.events;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.PullLatestRecords;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.testkit.fake.FakeCollection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * An app in memory whose collection declares one change-detection strategy, as a connector for
 * such an app would: a change feed with a position ({@code custom-pull}), a newest-first listing
 * ({@code pull-latest-records}), or webhooks signed with HMAC-SHA256 that expire and need renewing.
 * Changes made through {@link #create}, {@link #update} and {@link #delete} go to its feed.
 */
public final class StrategyCollection extends ForwardingDataCollection {

  public static final String SECRET = "app-signing-secret";
  static final int FEED_BATCH = 2;

  private final FakeCollection records;
  private final EventStrategy strategy;
  private final CollectionSpec spec;
  private final List<ChangeEvent> feed = new CopyOnWriteArrayList<>();
  /** Webhook addresses registered at the app, as the app would keep them. */
  final List<String> webhooks = new CopyOnWriteArrayList<>();
  @Nullable Instant webhookExpiry;
  /** What the app does with the address while it creates the webhook (Trello and Asana call it then). */
  java.util.function.Consumer<String> whileCreatingWebhook = uri -> { };
  /** The state the last webhook call was handled with. */
  volatile Map<String, Object> lastWebhookState = Map.of();

  public StrategyCollection(FakeCollection records, EventStrategy strategy, boolean reportsDeletions) {
    super(records);
    this.records = records;
    this.strategy = strategy;
    CollectionSpec base = records.spec();
    Map<String, CollectionSpec.EventSpec> events = new LinkedHashMap<>();
    events.put("created", new CollectionSpec.EventSpec(strategy.wireName(), Map.of("ignoredFields", List.of("viewedAt"))));
    events.put("updated", new CollectionSpec.EventSpec(strategy.wireName(), Map.of("ignoredFields", List.of("viewedAt"))));
    events.put("deleted", new CollectionSpec.EventSpec(reportsDeletions ? strategy.wireName() : "full-scan"));
    this.spec = new CollectionSpec(base.type(), base.key(), base.name(), base.parametersSchema(), base.fieldsSchema(), base.list(),
        base.search(), base.match(), base.findById(), base.create(), base.update(), base.delete(), events, base.customFields());
  }

  @Override
  public CollectionSpec spec() {
    return spec;
  }

  @Override
  public CollectionSpec spec(ConnectorContext context) {
    return spec;
  }

  @Override
  public String create(@Nullable ConnectorContext context, Map<String, Object> fields) {
    String id = records.create(context, fields);
    feed.add(new ChangeEvent(ChangeEvent.Operation.CREATED, id, records.findById(context, id).orElseThrow()));
    return id;
  }

  @Override
  public String update(@Nullable ConnectorContext context, String id, Map<String, Object> fields) {
    records.update(context, id, fields);
    feed.add(new ChangeEvent(ChangeEvent.Operation.UPDATED, id, records.findById(context, id).orElseThrow()));
    return id;
  }

  @Override
  public void delete(@Nullable ConnectorContext context, String id) {
    records.delete(context, id);
    feed.add(new ChangeEvent(ChangeEvent.Operation.DELETED, id, null));
  }

  private volatile java.util.concurrent.@Nullable CountDownLatch listingReached;
  private volatile java.util.concurrent.@Nullable CountDownLatch listingReleased;

  /** Makes the next listing signal {@code reached} and wait for {@code release}: a pull caught in the middle. */
  void pauseListing(java.util.concurrent.CountDownLatch reached, java.util.concurrent.CountDownLatch release) {
    listingReached = reached;
    listingReleased = release;
  }

  private volatile @Nullable RuntimeException nextListingFault;

  /** Makes the next listing throw {@code fault}: a fault of the connector's code, not an answer of the app. */
  void failNextListingWith(RuntimeException fault) {
    nextListingFault = fault;
  }

  @Override
  public RecordPage list(ConnectorContext context, dev.tributary.connector.ListRequest request) {
    RuntimeException fault = nextListingFault;
    if (fault != null) {
      nextListingFault = null;
      throw fault;
    }
    var reached = listingReached;
    var release = listingReleased;
    if (reached != null && release != null) {
      listingReached = null;
      reached.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return super.list(context, request);
  }

  /** Makes the next listing of the page after {@code cursor} fail as the app would. */
  void failNextListingAt(String cursor) {
    records.failNextListingAt(cursor);
  }

  /** A change the feed never hears of (e.g. made by a part of the app the feed does not cover). */
  void deleteSilently(String id) {
    records.delete(null, id);
  }

  @Override
  public Optional<CustomPullEvents> customPullEvents() {
    return strategy != EventStrategy.CUSTOM_PULL ? Optional.empty() : Optional.of(new CustomPullEvents() {
      @Override
      public String currentState(ConnectorContext context) {
        return Integer.toString(feed.size());
      }

      @Override
      public Batch pull(ConnectorContext context, String state) {
        int from = Integer.parseInt(state);
        int to = Math.min(feed.size(), from + FEED_BATCH);
        return new Batch(List.copyOf(feed.subList(from, to)), Integer.toString(to), to < feed.size());
      }
    });
  }

  @Override
  public Optional<PullLatestRecords> pullLatestRecords() {
    return strategy != EventStrategy.PULL_LATEST_RECORDS ? Optional.empty() : Optional.of((context, cursor) -> {
      List<DataRecord> newestFirst = new ArrayList<>(records.records());
      newestFirst.sort(Comparator.comparing(DataRecord::updatedTime).thenComparing(record -> Long.parseLong(record.id())).reversed());
      int from = cursor == null ? 0 : Integer.parseInt(cursor);
      int to = Math.min(newestFirst.size(), from + FakeCollection.PAGE_SIZE);
      return new RecordPage(newestFirst.subList(from, to), to < newestFirst.size() ? Integer.toString(to) : null);
    });
  }

  @Override
  public Optional<WebhookEvents> webhookEvents() {
    return strategy != EventStrategy.WEBHOOK ? Optional.empty() : Optional.of(new WebhookEvents() {
      @Override
      public Subscription subscribe(ConnectorContext context, String webhookUri) {
        whileCreatingWebhook.accept(webhookUri);
        webhooks.add(webhookUri);
        return new Subscription(Map.of("hookId", "hook-" + webhooks.size()), webhookExpiry);
      }

      @Override
      public Handling handle(ConnectorContext context, Call call, Map<String, Object> state) {
        lastWebhookState = state;
        List<String> handshake = call.headers().get("x-hook-secret");
        if (handshake != null) {
          Map<String, Object> next = new java.util.LinkedHashMap<>(state);
          next.put("hookSecret", handshake.getFirst());
          return new Handling(List.of(), new Reply(200, Map.of("X-Hook-Secret", handshake.getFirst()), null), next);
        }
        List<String> signature = call.headers().getOrDefault("x-signature", List.of());
        if (signature.isEmpty() || !signature.getFirst().equals(sign(call.body()))) {
          throw new ConnectorException(ConnectorException.Kind.CREDENTIALS_REJECTED, 401,
              "The webhook call's X-Signature does not match the body signed with the app's secret: ignored.");
        }
        // The app sends "<created|updated|deleted> <id>".
        String[] parts = call.body().trim().split(" ");
        ChangeEvent.Operation operation = ChangeEvent.Operation.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT));
        DataRecord record = operation == ChangeEvent.Operation.DELETED ? null : records.findById(context, parts[1]).orElse(null);
        return new Handling(List.of(new ChangeEvent(operation, parts[1], record)), null, Map.of("hookId", state.get("hookId"),
            "calls", ((Number) state.getOrDefault("calls", 0)).intValue() + 1));
      }

      @Override
      public void unsubscribe(ConnectorContext context, Map<String, Object> state) {
        webhooks.remove(webhooks.size() - 1);
      }
    });
  }

  public static String sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
