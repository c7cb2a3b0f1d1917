package dev.tributary.server.routes;

import static dev.tributary.server.http.Bodies.text;

import dev.tributary.engine.element.Element;
import dev.tributary.engine.element.ElementInstance;
import dev.tributary.engine.element.ElementKind;
import dev.tributary.engine.element.ElementService;
import dev.tributary.engine.element.InstanceSelector;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.server.http.Access;
import dev.tributary.server.http.Api;
import dev.tributary.server.http.BodySchema;
import dev.tributary.server.http.Call;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * The routes every layered element has, shaped like the data source routes: {@code /<path>},
 * {@code /integrations/{i}/<path>}, {@code /connections/{c}/<path>}, {@code /<noun>-instances}
 * and {@code /<noun>-instance?<selector>}. The feature's routes add what is its own.
 */
final class ElementRoutes {

  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};
  /** Body fields that are the element's, not its spec's. */
  private static final Set<String> ELEMENT_FIELDS = Set.of("key", "name", "integrationId", "integrationKey");

  /**
   * How one kind of element shows and takes its data.
   *
   * @param universalIdField the name of the universal element's id in views ({@code universalFieldMappingId})
   * @param specFields the spec fields a body may carry (the rest of the schema's fields are read-only)
   * @param instanceView an instance as the API shows it
   * @param configure applies a PATCH of an instance, or null when instances take no changes
   */
  record Kind(
      ElementService elements,
      String tag,
      String instanceTag,
      String universalIdField,
      Set<String> specFields,
      BodySchema input,
      BodySchema view,
      BodySchema instanceInput,
      BodySchema instanceView,
      BiFunction<Caller, ElementInstance, Map<String, Object>> showInstance,
      @Nullable Configure configure) {}

  /** Applies an instance's PATCH body. */
  @FunctionalInterface
  interface Configure {
    ElementInstance apply(Caller caller, InstanceSelector selector, JsonNode body);
  }

  private ElementRoutes() {}

  static void register(Api api, Kind kind) {
    registerElements(api, kind);
    registerIntegrationElements(api, kind);
    registerConnectionInstances(api, kind);
    registerInstanceSelectorRoutes(api, kind);
  }

  private static void registerElements(Api api, Kind kind) {
    ElementKind k = kind.elements().kind();
    String list = "/" + k.path();
    String noun = k.noun();
    api.get(list).summary("List " + noun + "s").tag(kind.tag()).pageQuery()
        .query("integrationId", "string", "Only this integration's (id or key); \"null\" for universal ones.")
        .query(kind.universalIdField(), "string", "Only the children of this universal " + noun + ".")
        .responds(200, Schemas.page(kind.view()))
        .handle(call -> kind.elements().list(call.caller(), new ElementService.Filter(call.query("integrationId"),
            call.query(kind.universalIdField())), call.page()).map(element -> view(kind, element)));
    api.post(list).summary("Create a " + noun).tag(kind.tag()).access(Access.ADMIN).body(kind.input()).responds(201, kind.view())
        .handle(call -> view(kind, create(kind, call, integration(call.body()))));
    String one = list + "/{id}";
    api.get(one).summary("Read a " + noun).tag(kind.tag()).responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().get(call.caller(), call.path("id"), null)));
    for (var route : List.of(api.patch(one).summary("Change a " + noun), api.put(one).summary("Replace a " + noun + "'s settings"))) {
      route.tag(kind.tag()).access(Access.ADMIN).body(kind.input()).responds(200, kind.view())
          .handle(call -> view(kind, update(kind, call, call.path("id"), null)));
    }
    api.delete(one).summary("Archive a " + noun).tag(kind.tag()).access(Access.ADMIN).responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().archive(call.caller(), call.path("id"), null)));
    api.post(one + "/setup").summary("Recompute a " + noun + " from what it depends on").tag(kind.tag()).access(Access.ADMIN)
        .responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().get(call.caller(), call.path("id"), null)));
    api.post(one + "/reset").summary("Make a " + noun + "'s integration children follow it again").tag(kind.tag())
        .access(Access.ADMIN).responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().reset(call.caller(), call.path("id"), null)));
    api.post(one + "/restore").summary("Restore an archived " + noun).tag(kind.tag()).access(Access.ADMIN)
        .responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().restore(call.caller(), call.path("id"))));
    api.post(one + "/apply").summary("Apply a universal " + noun + " to integrations").tag(kind.tag()).access(Access.ADMIN)
        .body(Schemas.APPLY).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          List<String> integrations = new ArrayList<>();
          for (String field : List.of("integrationKeys", "integrationIds")) {
            call.body().path(field).forEach(node -> integrations.add(node.asString()));
          }
          return kind.elements().apply(call.caller(), call.path("id"), integrations).stream().map(e -> view(kind, e)).toList();
        });
  }

  private static void registerIntegrationElements(Api api, Kind kind) {
    ElementKind k = kind.elements().kind();
    String noun = k.noun();
    String list = "/integrations/{integration}/" + k.path();
    api.get(list).summary("List an integration's " + noun + "s").tag(kind.tag()).pageQuery()
        .responds(200, Schemas.page(kind.view()))
        .handle(call -> kind.elements().list(call.caller(), new ElementService.Filter(call.path("integration"), null), call.page())
            .map(element -> view(kind, element)));
    api.post(list).summary("Create a " + noun + " for an integration").tag(kind.tag()).access(Access.ADMIN).body(kind.input())
        .responds(201, kind.view())
        .handle(call -> view(kind, create(kind, call, call.path("integration"))));
    String one = list + "/{key}";
    api.get(one).summary("Read an integration's " + noun).tag(kind.tag()).responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().get(call.caller(), call.path("key"), call.path("integration"))));
    for (var route : List.of(api.patch(one).summary("Customise an integration's " + noun),
        api.put(one).summary("Replace an integration's " + noun + " settings"))) {
      route.tag(kind.tag()).access(Access.ADMIN).body(kind.input()).responds(200, kind.view())
          .handle(call -> view(kind, update(kind, call, call.path("key"), call.path("integration"))));
    }
    api.delete(one).summary("Archive an integration's " + noun).tag(kind.tag()).access(Access.ADMIN).responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().archive(call.caller(), call.path("key"), call.path("integration"))));
    api.post(one + "/reset").summary("Make an integration's " + noun + " follow the universal one again").tag(kind.tag())
        .access(Access.ADMIN).responds(200, kind.view())
        .handle(call -> view(kind, kind.elements().reset(call.caller(), call.path("key"), call.path("integration"))));
  }

  private static void registerConnectionInstances(Api api, Kind kind) {
    ElementKind k = kind.elements().kind();
    String noun = k.noun();
    String list = "/connections/{connection}/" + k.path();
    api.get(list).summary("List a connection's " + noun + " instances").tag(kind.instanceTag()).pageQuery()
        .query(k.idField(), "string", "Only instances of this " + noun + " (id or key).")
        .responds(200, Schemas.page(kind.instanceView()))
        .handle(call -> kind.elements().listInstances(call.caller(), new ElementService.InstanceFilter(call.path("connection"),
            call.query(k.idField()), null), call.page()).map(instance -> kind.showInstance().apply(call.caller(), instance)));
    String one = list + "/{key}";
    instanceKey(api.get(one).summary("Read a connection's instance of a " + noun).tag(kind.instanceTag())
        .query("autoCreate", "boolean", "Create the instance when it does not exist yet.").responds(200, kind.instanceView()))
        .handle(call -> show(kind, call, kind.elements().instance(call.caller(), connectionSelector(call), call.flag("autoCreate"))));
    instanceKey(api.put(one).summary("Create a connection's instance of a " + noun).tag(kind.instanceTag())
        .responds(200, kind.instanceView()))
        .handle(call -> show(kind, call, kind.elements().createInstance(call.caller(), connectionSelector(call))));
    if (kind.configure() != null) {
      instanceKey(api.patch(one).summary("Change a connection's " + noun + " instance").tag(kind.instanceTag())
          .body(kind.instanceInput()).responds(200, kind.instanceView()))
          .handle(call -> show(kind, call, kind.configure().apply(call.caller(), connectionSelector(call), call.body())));
    }
    instanceKey(api.delete(one).summary("Archive a " + noun + " instance").tag(kind.instanceTag()).responds(200, kind.instanceView()))
        .handle(call -> show(kind, call, kind.elements().archiveInstance(call.caller(), connectionSelector(call))));
    instanceKey(api.post(one + "/setup").summary("Recompute a " + noun + " instance").tag(kind.instanceTag())
        .responds(200, kind.instanceView()))
        .handle(call -> show(kind, call, kind.elements().instance(call.caller(), connectionSelector(call), true)));
    instanceKey(api.post(one + "/reset").summary("Drop the customer's changes to a " + noun + " instance").tag(kind.instanceTag())
        .responds(200, kind.instanceView()))
        .handle(call -> show(kind, call, kind.elements().configure(call.caller(), connectionSelector(call), Map.of())));
  }

  private static void registerInstanceSelectorRoutes(Api api, Kind kind) {
    ElementKind k = kind.elements().kind();
    String noun = k.noun();
    String base = "/" + instanceNoun(k);
    api.get(base + "s").summary("List " + noun + " instances").tag(kind.instanceTag()).pageQuery()
        .query("connectionId", "string", "Only this connection's.")
        .query(k.idField(), "string", "Only instances of this " + noun + " (id or key).")
        .query("integrationId", "string", "Only instances in this integration (id or key).")
        .responds(200, Schemas.page(kind.instanceView()))
        .handle(call -> kind.elements().listInstances(call.caller(), new ElementService.InstanceFilter(call.query("connectionId"),
            call.query(k.idField()), call.query("integrationId")), call.page())
            .map(instance -> kind.showInstance().apply(call.caller(), instance)));
    selectorQuery(api.get(base).summary("Read a " + noun + " instance").tag(kind.instanceTag())
        .query("autoCreate", "boolean", "Create the instance when it does not exist yet.").responds(200, kind.instanceView()), k)
        .handle(call -> show(kind, call, kind.elements().instance(call.caller(), selector(call, k), call.flag("autoCreate"))));
    for (var route : List.of(api.post(base), api.put(base))) {
      selectorQuery(route.summary("Create a " + noun + " instance").tag(kind.instanceTag()).responds(200, kind.instanceView()), k)
          .handle(call -> show(kind, call, kind.elements().createInstance(call.caller(), selector(call, k))));
    }
    if (kind.configure() != null) {
      selectorQuery(api.patch(base).summary("Change a " + noun + " instance").tag(kind.instanceTag()).body(kind.instanceInput())
          .responds(200, kind.instanceView()), k)
          .handle(call -> show(kind, call, kind.configure().apply(call.caller(), selector(call, k), call.body())));
    }
    selectorQuery(api.delete(base).summary("Archive a " + noun + " instance").tag(kind.instanceTag())
        .responds(200, kind.instanceView()), k)
        .handle(call -> show(kind, call, kind.elements().archiveInstance(call.caller(), selector(call, k))));
    selectorQuery(api.post(base + "/setup").summary("Recompute a " + noun + " instance").tag(kind.instanceTag())
        .responds(200, kind.instanceView()), k)
        .handle(call -> show(kind, call, kind.elements().instance(call.caller(), selector(call, k), true)));
    selectorQuery(api.post(base + "/reset").summary("Drop the customer's changes to a " + noun + " instance")
        .tag(kind.instanceTag()).responds(200, kind.instanceView()), k)
        .handle(call -> show(kind, call, kind.elements().configure(call.caller(), selector(call, k), Map.of())));
    selectorQuery(api.post(base + "/restore").summary("Restore an archived " + noun + " instance").tag(kind.instanceTag())
        .responds(200, kind.instanceView()), k)
        .handle(call -> show(kind, call, kind.elements().restoreInstance(call.caller(), selector(call, k))));
  }

  /** {@code field-mapping-instance} for {@code field-mappings}. */
  static String instanceNoun(ElementKind kind) {
    return kind.path().substring(0, kind.path().length() - 1) + "-instance";
  }

  static Api.RouteBuilder selectorQuery(Api.RouteBuilder route, ElementKind kind) {
    return route.query("id", "string", "The instance's id; or name it with the three below.")
        .query(kind.keyField(), "string", "The " + kind.noun() + "'s key.")
        .query(kind.idField(), "string", "The " + kind.noun() + "'s id.")
        .query("connectionId", "string", "The connection (for a customer also the integration's key).")
        .query("instanceKey", "string", "Which instance, when there are several.");
  }

  static Api.RouteBuilder instanceKey(Api.RouteBuilder route) {
    return route.query("instanceKey", "string", "Which instance, when there are several.");
  }

  static InstanceSelector selector(Call call, ElementKind kind) {
    String element = call.query(kind.keyField()) != null ? call.query(kind.keyField()) : call.query(kind.idField());
    return new InstanceSelector(call.query("id"), element, call.query("connectionId"),
        Objects.requireNonNullElse(call.query("instanceKey"), ""));
  }

  static InstanceSelector connectionSelector(Call call) {
    return InstanceSelector.of(call.path("key"), call.path("connection"), call.query("instanceKey"));
  }

  /** The element as the API shows it: its own fields, then its spec's. */
  static Map<String, Object> view(Kind kind, Element element) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", element.id());
    view.put("key", element.key());
    view.put("name", element.name());
    view.put("integrationId", element.integrationId());
    view.put(kind.universalIdField(), element.universalId());
    view.putAll(element.spec());
    view.put("isCustomized", element.isCustomized());
    view.put("state", "READY");
    view.put("errors", List.of());
    view.put("createdAt", element.createdAt());
    view.put("updatedAt", element.updatedAt());
    view.put("archivedAt", element.archivedAt());
    view.values().removeIf(Objects::isNull);
    return view;
  }

  /**
   * The fields every instance view starts with; {@link #finish} adds the times and drops the
   * absent ones.
   */
  static Map<String, Object> instanceView(ElementInstance instance, Element element, String idField, String universalIdField) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", instance.id());
    view.put("userId", instance.customerId());
    view.put("connectionId", instance.connectionId());
    view.put("integrationId", element.integrationId());
    view.put(idField, element.id());
    view.put(universalIdField, element.universalId());
    view.put("key", element.key());
    view.put("name", element.name());
    view.put("instanceKey", instance.instanceKey().isEmpty() ? null : instance.instanceKey());
    return view;
  }

  static Map<String, Object> finish(Map<String, Object> view, ElementInstance instance) {
    view.put("createdAt", instance.createdAt());
    view.put("updatedAt", instance.updatedAt());
    view.put("archivedAt", instance.archivedAt());
    view.values().removeIf(Objects::isNull);
    return view;
  }

  private static Map<String, Object> show(Kind kind, Call call, ElementInstance instance) {
    return kind.showInstance().apply(call.caller(), instance);
  }

  private static Element create(Kind kind, Call call, @Nullable String integration) {
    JsonNode body = call.body();
    return kind.elements().create(call.caller(), text(body, "key"), text(body, "name"), integration, spec(kind, body));
  }

  private static Element update(Kind kind, Call call, String selector, @Nullable String integration) {
    JsonNode body = call.body();
    return kind.elements().update(call.caller(), selector, integration, text(body, "key"), text(body, "name"), spec(kind, body));
  }

  private static @Nullable String integration(JsonNode body) {
    return text(body, "integrationId") != null ? text(body, "integrationId") : text(body, "integrationKey");
  }

  /** The body's spec fields (a null one removes the field); read-only fields sent back are ignored. */
  private static Map<String, Object> spec(Kind kind, JsonNode body) {
    Map<String, Object> all = Json.MAPPER.convertValue(body, OBJECT);
    Map<String, Object> spec = new LinkedHashMap<>();
    all.forEach((field, value) -> {
      if (kind.specFields().contains(field) && !ELEMENT_FIELDS.contains(field)) {
        spec.put(field, value);
      }
    });
    return spec;
  }
}
