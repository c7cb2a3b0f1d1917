package dev.tributary.server.routes;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.events.EventSubscription;
import dev.tributary.engine.events.EventSubscriptionService;
import dev.tributary.server.http.Api;
import dev.tributary.server.http.BodySchema;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * External event subscriptions, their pulls, and the event log, with Membrane's paths. A
 * subscription is found (or created, with its baseline) by connection, collection and parameters.
 */
public final class EventRoutes {

  private static final String TAG = "Events";
  /** The longest a long poll of the event feed waits. */
  private static final int MAX_WAIT_SECONDS = 30;
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
  private static final BodySchema SUBSCRIBE = BodySchema.of("""
      {"type": "object", "required": ["connectionId", "collectionKey"], "additionalProperties": false, "properties": {
        "connectionId": {"type": "string"}, "collectionKey": {"type": "string"}, "collectionParameters": {"type": "object"}}}""");

  private static final BodySchema WEBHOOK = BodySchema.of("""
      {"type": "object", "required": ["url"], "additionalProperties": false, "properties": {
        "url": {"type": "string", "description": "Where to POST the workspace's events."}}}""");

  private final EventSubscriptionService events;
  private final dev.tributary.engine.events.EventDelivery delivery;

  public EventRoutes(Tributary tributary) {
    this.events = tributary.events();
    this.delivery = tributary.delivery();
  }

  public void register(Api api) {
    String base = "/external-event-subscriptions";
    api.get(base).summary("List external event subscriptions").tag(TAG).pageQuery()
        .query("connectionId", "string", "Only this connection's.").responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> events.list(call.caller(), call.query("connectionId"), call.page()).map(EventRoutes::view));
    api.post(base).summary("Subscribe to the changes of a connection's collection").tag(TAG)
        .body(SUBSCRIBE).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          Map<String, Object> parameters = body.has("collectionParameters")
              ? Json.MAPPER.convertValue(body.get("collectionParameters"), OBJECT) : Map.of();
          return view(events.subscribe(call.caller(), body.get("connectionId").asString(), body.get("collectionKey").asString(), parameters));
        });
    api.get(base + "/{id}").summary("Read an external event subscription").tag(TAG).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> view(events.get(call.caller(), call.path("id"))));
    api.post(base + "/{id}/subscribe").summary("Keep a subscription until it is unsubscribed, whoever else uses it").tag(TAG)
        .responds(200, Schemas.ANY_OBJECT).handle(call -> view(events.keep(call.caller(), call.path("id"))));
    api.post(base + "/{id}/unsubscribe").summary("Remove a subscription").tag(TAG).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          events.unsubscribe(call.caller(), call.path("id"));
          return Map.of();
        });
    api.post(base + "/{id}/resubscribe").summary("Start over from a new baseline").tag(TAG).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> view(events.resubscribe(call.caller(), call.path("id"))));
    api.post(base + "/{id}/pull-events").summary("Pull now").tag(TAG).responds(200, Schemas.ANY_OBJECT)
        .query("fullScan", "boolean", "Run the full scan that finds deletions now, not when it is due.")
        .handle(call -> events.pull(call.caller(), call.path("id"), call.flag("fullScan")));
    for (var method : java.util.List.of("get", "post", "put", "head")) {
      Api.RouteBuilder route = switch (method) {
        case "get" -> api.get("/webhooks/{ingressId}");
        case "post" -> api.post("/webhooks/{ingressId}");
        case "put" -> api.put("/webhooks/{ingressId}");
        default -> api.head("/webhooks/{ingressId}");
      };
      route.summary("Receive an app's webhook call for a subscription").tag(TAG).access(dev.tributary.server.http.Access.PUBLIC)
          .responds(200, Schemas.ANY_OBJECT).handle(this::webhook);
    }
    String webhook = "/event-delivery/webhook";
    api.put(webhook).summary("Send the workspace's events to a webhook (answers the signing secret, once)").tag(TAG)
        .access(dev.tributary.server.http.Access.ADMIN).body(WEBHOOK).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> delivery.configure(call.caller(), call.body().get("url").asString()));
    api.get(webhook).summary("Read the workspace's event webhook and its delivery state").tag(TAG)
        .access(dev.tributary.server.http.Access.ADMIN).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> delivery.webhook(call.caller()));
    api.delete(webhook).summary("Stop sending events to the webhook").tag(TAG).access(dev.tributary.server.http.Access.ADMIN)
        .responds(200, Schemas.ANY_OBJECT).handle(call -> {
          delivery.remove(call.caller());
          return Map.of();
        });
    api.get("/event-delivery/dead-letters").summary("List events the webhook refused for 24 hours").tag(TAG)
        .access(dev.tributary.server.http.Access.ADMIN).pageQuery().responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> delivery.deadLetters(call.caller(), call.page()));
    api.post("/event-delivery/dead-letters/{eventId}/redeliver").summary("Send a dead letter again").tag(TAG)
        .access(dev.tributary.server.http.Access.ADMIN).responds(200, Schemas.ANY_OBJECT).handle(call -> {
          delivery.redeliver(call.caller(), call.path("eventId"));
          return Map.of("redelivered", call.path("eventId"));
        });
    api.get("/external-event-pulls").summary("List a subscription's pulls").tag(TAG).pageQuery()
        .query("subscriptionId", "string", "The subscription (required).").responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> events.pulls(call.caller(), requireQuery(call.query("subscriptionId")), call.page()));
    api.get("/events").summary("Read change events as CloudEvents, in order, after a cursor").tag(TAG).pageQuery()
        .query("subscriptionId", "string", "Only this subscription's events.")
        .query("wait", "integer", "Seconds (0-30) to wait for events when there are none after the cursor yet (long poll).")
        .responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(this::feed);
    api.get("/external-event-log-records").summary("Read the event log in order").tag(TAG).pageQuery()
        .query("subscriptionId", "string", "Only this subscription's events.").responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> events.events(call.caller(), call.query("subscriptionId"), call.page()));
  }

  /**
   * An app calling a subscription's webhook address: the connector checks the call (signature,
   * handshake) and turns it into events; its answer goes back to the app as it is.
   */
  private Object webhook(dev.tributary.server.http.Call call) {
    io.javalin.http.Context context = call.context();
    Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
    context.headerMap().forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), java.util.List.of(value)));
    var request = new dev.tributary.connector.WebhookEvents.Call(headers, context.queryParamMap(), context.body());
    var reply = events.handleWebhook(call.path("ingressId"), request);
    return reply == null ? new dev.tributary.server.http.RawResponse(200, Map.of(), "")
        : new dev.tributary.server.http.RawResponse(reply.status(), reply.headers(), reply.body());
  }

  /**
   * The event feed: unlike other lists, its cursor is always given (after the last event, or the
   * one passed when nothing came), so a consumer at the end keeps it and asks again.
   */
  private Object feed(dev.tributary.server.http.Call call) {
    String waitText = call.query("wait");
    int wait = 0;
    if (waitText != null) {
      try {
        wait = Integer.parseInt(waitText.strip());
      } catch (NumberFormatException e) {
        wait = -1;
      }
      if (wait < 0 || wait > MAX_WAIT_SECONDS) {
        throw dev.tributary.error.InvalidInputException.forField("wait", "Invalid wait \"" + waitText
            + "\": give the seconds to wait for new events, a whole number from 0 to " + MAX_WAIT_SECONDS + ".");
      }
    }
    var page = call.page();
    var found = events.awaitEvents(call.caller(), call.query("subscriptionId"), page, java.time.Duration.ofSeconds(wait));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", found.items().stream().map(dev.tributary.engine.events.DataEvent::toCloudEvent).toList());
    String cursor = !found.items().isEmpty() ? dev.tributary.engine.store.PageRequest.cursorAfter(found.items().getLast().id())
        : call.query("cursor");
    if (cursor != null) {
      body.put("cursor", cursor);
    }
    body.put("hasMore", found.cursor() != null);
    return body;
  }

  private static String requireQuery(String value) {
    if (value == null) {
      throw dev.tributary.error.InvalidInputException.forField("subscriptionId", "Pass subscriptionId: the subscription whose pulls to list.");
    }
    return value;
  }

  private static Map<String, Object> view(EventSubscription subscription) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", subscription.id());
    view.put("connectionId", subscription.connectionId());
    view.put("userId", subscription.customerId());
    view.put("collectionKey", subscription.collectionKey());
    view.put("collectionParameters", subscription.parameters());
    view.put("status", subscription.status());
    view.put("implementationType", subscription.strategy());
    view.put("isRealTime", subscription.isRealTime());
    view.put("requiresPull", subscription.requiresPull());
    view.put("requiresFullSync", subscription.requiresFullSync());
    view.put("pullUpdatesIntervalSeconds", subscription.pullIntervalSeconds());
    view.put("fullSyncIntervalSeconds", subscription.fullSyncIntervalSeconds());
    if (subscription.requiresPull() && subscription.nextPullAt() != null) {
      view.put("nextPullEventsTimestamp", subscription.nextPullAt().toEpochMilli());
    }
    if (subscription.requiresFullSync() && subscription.nextFullSyncAt() != null) {
      view.put("nextFullSyncTimestamp", subscription.nextFullSyncAt().toEpochMilli());
    }
    if (subscription.nextRefreshAt() != null) {
      view.put("nextRefreshTimestamp", subscription.nextRefreshAt().toEpochMilli());
    }
    if (subscription.webhookUri() != null) {
      view.put("webhookUri", subscription.webhookUri());
    }
    if (subscription.error() != null) {
      view.put("error", Map.of("message", subscription.error()));
    }
    view.put("createdAt", subscription.createdAt());
    view.put("updatedAt", subscription.updatedAt());
    return view;
  }
}
