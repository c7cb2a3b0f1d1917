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
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
  private static final BodySchema SUBSCRIBE = BodySchema.of("""
      {"type": "object", "required": ["connectionId", "collectionKey"], "additionalProperties": false, "properties": {
        "connectionId": {"type": "string"}, "collectionKey": {"type": "string"}, "collectionParameters": {"type": "object"}}}""");

  private final EventSubscriptionService events;

  public EventRoutes(Tributary tributary) {
    this.events = tributary.events();
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
    api.post(base + "/{id}/unsubscribe").summary("Remove a subscription").tag(TAG).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          events.unsubscribe(call.caller(), call.path("id"));
          return Map.of();
        });
    api.post(base + "/{id}/resubscribe").summary("Start over from a new baseline").tag(TAG).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> view(events.resubscribe(call.caller(), call.path("id"))));
    api.post(base + "/{id}/pull-events").summary("Pull now").tag(TAG).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> events.pull(call.caller(), call.path("id")));
    api.get("/external-event-pulls").summary("List a subscription's pulls").tag(TAG).pageQuery()
        .query("subscriptionId", "string", "The subscription (required).").responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> events.pulls(call.caller(), requireQuery(call.query("subscriptionId")), call.page()));
    api.get("/events").summary("Read change events as CloudEvents, in order, after a cursor").tag(TAG).pageQuery()
        .query("subscriptionId", "string", "Only this subscription's events.").responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> events.events(call.caller(), call.query("subscriptionId"), call.page()).map(EventRoutes::cloudEvent));
    api.get("/external-event-log-records").summary("Read the event log in order").tag(TAG).pageQuery()
        .query("subscriptionId", "string", "Only this subscription's events.").responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> events.events(call.caller(), call.query("subscriptionId"), call.page()));
  }

  private static String requireQuery(String value) {
    if (value == null) {
      throw dev.tributary.error.InvalidInputException.forField("subscriptionId", "Pass subscriptionId: the subscription whose pulls to list.");
    }
    return value;
  }

  /** An event in CloudEvents 1.0 structured JSON (DESIGN.md): standard consumers and SDKs read it. */
  static Map<String, Object> cloudEvent(dev.tributary.engine.events.DataEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("record", event.record());
    data.put("subscriptionId", event.subscriptionId());
    data.put("customerId", event.customerId());
    Map<String, Object> cloud = new LinkedHashMap<>();
    cloud.put("specversion", "1.0");
    cloud.put("id", event.id());
    cloud.put("source", "/connections/" + event.connectionId() + "/data/" + event.collectionKey());
    cloud.put("type", event.type());
    cloud.put("time", event.createdAt());
    cloud.put("subject", event.recordId());
    cloud.put("datacontenttype", "application/json");
    cloud.put("data", data);
    return cloud;
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
    view.put("isRealTime", false);
    view.put("requiresPull", true);
    view.put("requiresFullSync", true);
    if (subscription.error() != null) {
      view.put("error", Map.of("message", subscription.error()));
    }
    view.put("createdAt", subscription.createdAt());
    view.put("updatedAt", subscription.updatedAt());
    return view;
  }
}
