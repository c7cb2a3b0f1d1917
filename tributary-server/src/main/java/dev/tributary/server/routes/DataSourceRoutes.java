package dev.tributary.server.routes;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.datasource.DataSource;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.DataSourceInstance;
import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.datasource.DataSourceService;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.NotFoundException;
import dev.tributary.server.http.Access;
import dev.tributary.server.http.Api;
import static dev.tributary.server.http.Bodies.integer;
import static dev.tributary.server.http.Bodies.object;
import static dev.tributary.server.http.Bodies.optionalObject;
import static dev.tributary.server.http.Bodies.text;
import dev.tributary.server.http.Call;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Data sources ({@code /data-sources}, {@code /integrations/{i}/data-sources}) and their
 * instances ({@code /connections/{c}/data-sources}, {@code /data-source-instances}, {@code
 * /data-source-instance?<selector>}), with the records of the collection an instance points to.
 */
public final class DataSourceRoutes {

  private static final String SOURCES = "Data sources";
  private static final String INSTANCES = "Data source instances";

  private final DataSourceService sources;
  private final DataSourceInstanceService instances;
  private final ConnectionData data;

  public DataSourceRoutes(Tributary tributary) {
    this.sources = tributary.dataSources();
    this.instances = tributary.dataSourceInstances();
    this.data = tributary.connectionData();
  }

  public void register(Api api) {
    registerDataSources(api);
    registerIntegrationDataSources(api);
    registerConnectionInstances(api);
    registerInstanceSelectorRoutes(api);
  }

  private void registerDataSources(Api api) {
    api.get("/data-sources").summary("List data sources").tag(SOURCES).pageQuery()
        .query("integrationId", "string", "Only this integration's (id or key); \"null\" for universal ones.")
        .query("universalDataSourceId", "string", "Only the children of this universal data source.")
        .responds(200, Schemas.page(Schemas.DATA_SOURCE))
        .handle(call -> sources.list(call.caller(), new DataSourceService.Filter(call.query("integrationId"),
            call.query("universalDataSourceId")), call.page()).map(this::view));
    api.post("/data-sources").summary("Create a data source").tag(SOURCES).access(Access.ADMIN)
        .body(Schemas.DATA_SOURCE_INPUT).responds(201, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.create(call.caller(), input(call.body()))));
    String one = "/data-sources/{dataSource}";
    api.get(one).summary("Read a data source").tag(SOURCES).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.get(call.caller(), call.path("dataSource"), null)));
    api.patch(one).summary("Change a data source").tag(SOURCES).access(Access.ADMIN)
        .body(Schemas.DATA_SOURCE_INPUT).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.update(call.caller(), call.path("dataSource"), null, input(call.body()))));
    api.put(one).summary("Replace a data source's settings").tag(SOURCES).access(Access.ADMIN)
        .body(Schemas.DATA_SOURCE_INPUT).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.update(call.caller(), call.path("dataSource"), null, input(call.body()))));
    api.delete(one).summary("Archive a data source").tag(SOURCES).access(Access.ADMIN).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.archive(call.caller(), call.path("dataSource"), null)));
    api.post(one + "/setup").summary("Recompute a data source from what it depends on").tag(SOURCES).access(Access.ADMIN)
        .responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.get(call.caller(), call.path("dataSource"), null)));
    api.post(one + "/reset").summary("Make a data source's integration children follow it again").tag(SOURCES)
        .access(Access.ADMIN).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.reset(call.caller(), call.path("dataSource"), null)));
    api.post(one + "/restore").summary("Restore an archived data source").tag(SOURCES).access(Access.ADMIN)
        .responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.restore(call.caller(), call.path("dataSource"), null)));
    api.post(one + "/apply").summary("Apply a universal data source to integrations").tag(SOURCES).access(Access.ADMIN)
        .body(Schemas.APPLY).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          List<String> integrations = new ArrayList<>();
          for (String field : List.of("integrationKeys", "integrationIds")) {
            body.path(field).forEach(node -> integrations.add(node.asString()));
          }
          return sources.apply(call.caller(), call.path("dataSource"), integrations).stream().map(this::view).toList();
        });
  }

  private void registerIntegrationDataSources(Api api) {
    String list = "/integrations/{integration}/data-sources";
    api.get(list).summary("List an integration's data sources").tag(SOURCES).pageQuery()
        .responds(200, Schemas.page(Schemas.DATA_SOURCE))
        .handle(call -> sources.list(call.caller(), new DataSourceService.Filter(call.path("integration"), null), call.page())
            .map(this::view));
    api.post(list).summary("Create a data source for an integration").tag(SOURCES).access(Access.ADMIN)
        .body(Schemas.DATA_SOURCE_INPUT).responds(201, Schemas.DATA_SOURCE)
        .handle(call -> {
          DataSourceInput input = input(call.body());
          return view(sources.create(call.caller(), new DataSourceInput(input.key(), input.name(), call.path("integration"),
              input.udm(), input.collectionKey(), input.collectionParameters(), input.pullUpdatesIntervalSeconds(),
              input.fullSyncIntervalSeconds())));
        });
    String one = list + "/{dataSource}";
    api.get(one).summary("Read an integration's data source").tag(SOURCES).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.get(call.caller(), call.path("dataSource"), call.path("integration"))));
    api.patch(one).summary("Customise an integration's data source").tag(SOURCES).access(Access.ADMIN)
        .body(Schemas.DATA_SOURCE_INPUT).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.update(call.caller(), call.path("dataSource"), call.path("integration"), input(call.body()))));
    api.put(one).summary("Replace an integration's data source settings").tag(SOURCES).access(Access.ADMIN)
        .body(Schemas.DATA_SOURCE_INPUT).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.update(call.caller(), call.path("dataSource"), call.path("integration"), input(call.body()))));
    api.delete(one).summary("Archive an integration's data source").tag(SOURCES).access(Access.ADMIN)
        .responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.archive(call.caller(), call.path("dataSource"), call.path("integration"))));
    api.post(one + "/reset").summary("Make an integration's data source follow the universal one again").tag(SOURCES)
        .access(Access.ADMIN).responds(200, Schemas.DATA_SOURCE)
        .handle(call -> view(sources.reset(call.caller(), call.path("dataSource"), call.path("integration"))));
  }

  private void registerConnectionInstances(Api api) {
    String list = "/connections/{connection}/data-sources";
    api.get(list).summary("List a connection's data source instances").tag(INSTANCES).pageQuery()
        .query("dataSourceId", "string", "Only instances of this data source.")
        .responds(200, Schemas.page(Schemas.INSTANCE))
        .handle(call -> instances.list(call.caller(), new DataSourceInstanceService.Filter(call.path("connection"),
            call.query("dataSourceId"), null), call.page()).map(instance -> view(call.caller(), instance)));
    String one = list + "/{dataSource}";
    api.get(one).summary("Read a connection's instance of a data source").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.")
        .query("autoCreate", "boolean", "Create the instance when it does not exist yet.")
        .responds(200, Schemas.INSTANCE)
        .handle(call -> view(call.caller(), instances.get(call.caller(), connectionSelector(call), call.flag("autoCreate"))));
    api.put(one).summary("Create a connection's instance of a data source").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.").responds(200, Schemas.INSTANCE)
        .handle(call -> view(call.caller(), instances.create(call.caller(), connectionSelector(call))));
    api.patch(one).summary("Choose the collection and parameters of an instance").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.")
        .body(Schemas.INSTANCE_INPUT).responds(200, Schemas.INSTANCE)
        .handle(call -> view(call.caller(), instances.update(call.caller(), connectionSelector(call), instanceInput(call.body()))));
    api.delete(one).summary("Archive an instance").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.").responds(200, Schemas.INSTANCE)
        .handle(call -> view(call.caller(), instances.archive(call.caller(), connectionSelector(call))));
    api.post(one + "/setup").summary("Recompute an instance from its data source").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.").responds(200, Schemas.INSTANCE)
        .handle(call -> view(call.caller(), instances.get(call.caller(), connectionSelector(call), true)));
    api.post(one + "/reset").summary("Drop the customer's choice: follow the data source's default").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.").responds(200, Schemas.INSTANCE)
        .handle(call -> view(call.caller(), instances.reset(call.caller(), connectionSelector(call))));
  }

  private void registerInstanceSelectorRoutes(Api api) {
    api.get("/data-source-instances").summary("List data source instances").tag(INSTANCES).pageQuery()
        .query("connectionId", "string", "Only this connection's.")
        .query("dataSourceId", "string", "Only instances of this data source (id or key).")
        .query("integrationId", "string", "Only instances in this integration (id or key).")
        .responds(200, Schemas.page(Schemas.INSTANCE))
        .handle(call -> instances.list(call.caller(), new DataSourceInstanceService.Filter(call.query("connectionId"),
            call.query("dataSourceId"), call.query("integrationId")), call.page()).map(instance -> view(call.caller(), instance)));
    String one = "/data-source-instance";
    selectorQuery(api.get(one).summary("Read a data source instance").tag(INSTANCES)
        .query("autoCreate", "boolean", "Create the instance when it does not exist yet.").responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.get(call.caller(), selector(call), call.flag("autoCreate"))));
    selectorQuery(api.post(one).summary("Create a data source instance").tag(INSTANCES).responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.create(call.caller(), selector(call))));
    selectorQuery(api.put(one).summary("Create a data source instance").tag(INSTANCES).responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.create(call.caller(), selector(call))));
    selectorQuery(api.patch(one).summary("Choose the collection and parameters of an instance").tag(INSTANCES)
        .body(Schemas.INSTANCE_INPUT).responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.update(call.caller(), selector(call), instanceInput(call.body()))));
    selectorQuery(api.delete(one).summary("Archive a data source instance").tag(INSTANCES).responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.archive(call.caller(), selector(call))));
    selectorQuery(api.post(one + "/setup").summary("Recompute an instance from its data source").tag(INSTANCES)
        .responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.get(call.caller(), selector(call), true)));
    selectorQuery(api.post(one + "/reset").summary("Drop the customer's choice").tag(INSTANCES).responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.reset(call.caller(), selector(call))));
    selectorQuery(api.post(one + "/restore").summary("Restore an archived instance").tag(INSTANCES).responds(200, Schemas.INSTANCE))
        .handle(call -> view(call.caller(), instances.restore(call.caller(), selector(call))));
    selectorQuery(api.post(one + "/unified-fields-to-native").summary("Convert unified fields into the instance's collection fields")
        .tag(INSTANCES).body(Schemas.DATA_TO_NATIVE).responds(200, Schemas.ANY_OBJECT))
        .handle(call -> {
          JsonNode body = call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          return Map.of("fields", data.unifiedFieldsToNative(call.caller(), resolved.connectionId(), resolved.collectionKey(),
              parameters(resolved, body), body.get("udm").asString(), object(body, "unifiedFields")));
        });
    selectorQuery(api.post(one + "/locations").summary("List the locations in a directory of the instance's app").tag(INSTANCES)
        .body(Schemas.LOCATIONS_REQUEST).responds(200, Schemas.LOCATION_PAGE))
        .handle(call -> {
          JsonNode body = call.context().body().isBlank() ? Json.MAPPER.createObjectNode() : call.body();
          DataSourceInstance instance = instances.get(call.caller(), selector(call), false);
          return data.locations(call.caller(), instance.connectionId(), text(body, "key"), object(body, "parameters"), text(body, "cursor"));
        });
    registerRecords(api, one + "/collection");
  }

  private void registerRecords(Api api, String base) {
    selectorQuery(api.get(base).summary("Read the spec of the instance's collection, with custom fields").tag(INSTANCES)
        .responds(200, Schemas.COLLECTION_SPEC))
        .handle(call -> {
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          return data.spec(call.caller(), resolved.connectionId(), resolved.collectionKey(), resolved.collectionParameters());
        });
    selectorQuery(api.post(base + "/list").summary("List records of the instance's collection").tag(INSTANCES)
        .body(Schemas.DATA_LIST).responds(200, Schemas.RECORD_PAGE))
        .handle(call -> {
          JsonNode body = call.context().body().isBlank() ? Json.MAPPER.createObjectNode() : call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          return data.list(call.caller(), resolved.connectionId(), resolved.collectionKey(), parameters(resolved, body),
              object(body, "filter"), text(body, "cursor"), resolved.udm());
        });
    selectorQuery(api.post(base + "/search").summary("Search records of the instance's collection").tag(INSTANCES)
        .body(Schemas.DATA_SEARCH).responds(200, Schemas.RECORD_PAGE))
        .handle(call -> {
          JsonNode body = call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          return data.search(call.caller(), resolved.connectionId(), resolved.collectionKey(), parameters(resolved, body),
              body.get("query").asString(), text(body, "cursor"));
        });
    selectorQuery(api.post(base + "/find-by-id").summary("Find a record of the instance's collection by id").tag(INSTANCES)
        .body(Schemas.DATA_ID).responds(200, Schemas.ANY_OBJECT))
        .handle(call -> {
          JsonNode body = call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          String id = body.get("id").asString();
          return Map.of("record", data.findById(call.caller(), resolved.connectionId(), resolved.collectionKey(),
                  parameters(resolved, body), id, resolved.udm())
              .orElseThrow(() -> new NotFoundException("The collection \"" + resolved.collectionKey() + "\" has no record \"" + id + "\".")));
        });
    selectorQuery(api.post(base + "/match").summary("Match a record of the instance's collection").tag(INSTANCES)
        .body(Schemas.DATA_MATCH).responds(200, Schemas.ANY_OBJECT))
        .handle(call -> {
          JsonNode body = call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          return data.match(call.caller(), resolved.connectionId(), resolved.collectionKey(), parameters(resolved, body),
              object(body, "query")).<Map<String, Object>>map(found -> Map.of("record", found)).orElse(Map.of());
        });
    selectorQuery(api.post(base + "/create").summary("Create a record in the instance's collection").tag(INSTANCES)
        .body(Schemas.DATA_CREATE).responds(200, Schemas.ANY_OBJECT))
        .handle(call -> {
          JsonNode body = call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          return Map.of("id", data.create(call.caller(), resolved.connectionId(), resolved.collectionKey(), parameters(resolved, body),
              object(body, "fields")));
        });
    selectorQuery(api.post(base + "/update").summary("Update a record in the instance's collection").tag(INSTANCES)
        .body(Schemas.DATA_UPDATE).responds(200, Schemas.ANY_OBJECT))
        .handle(call -> {
          JsonNode body = call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          return Map.of("id", data.update(call.caller(), resolved.connectionId(), resolved.collectionKey(), parameters(resolved, body),
              body.get("id").asString(), object(body, "fields")));
        });
    selectorQuery(api.post(base + "/delete").summary("Delete a record in the instance's collection").tag(INSTANCES)
        .body(Schemas.DATA_ID).responds(200, Schemas.ANY_OBJECT))
        .handle(call -> {
          JsonNode body = call.body();
          ResolvedCollection resolved = instances.resolve(call.caller(), selector(call));
          data.delete(call.caller(), resolved.connectionId(), resolved.collectionKey(), parameters(resolved, body), body.get("id").asString());
          return Map.of();
        });
  }

  private static Api.RouteBuilder selectorQuery(Api.RouteBuilder route) {
    return route.query("id", "string", "The instance's id; or name it with the three below.")
        .query("dataSourceKey", "string", "The data source's key.")
        .query("dataSourceId", "string", "The data source's id.")
        .query("connectionId", "string", "The connection (for a customer also the integration's key).")
        .query("instanceKey", "string", "Which instance, when there are several.");
  }

  private static InstanceSelector selector(Call call) {
    String dataSource = call.query("dataSourceKey") != null ? call.query("dataSourceKey") : call.query("dataSourceId");
    return new InstanceSelector(call.query("id"), dataSource, call.query("connectionId"),
        Objects.requireNonNullElse(call.query("instanceKey"), ""));
  }

  private static InstanceSelector connectionSelector(Call call) {
    return InstanceSelector.of(call.path("dataSource"), call.path("connection"), call.query("instanceKey"));
  }

  /** The instance's parameters, with the request's own winning (DESIGN.md). */
  private static Map<String, Object> parameters(ResolvedCollection resolved, @Nullable JsonNode body) {
    Map<String, Object> parameters = new LinkedHashMap<>(resolved.collectionParameters());
    parameters.putAll(object(body, "parameters"));
    return parameters;
  }

  private Map<String, Object> view(DataSource source) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", source.id());
    view.put("key", source.key());
    view.put("name", source.name());
    view.put("integrationId", source.integrationId());
    view.put("universalDataSourceId", source.universalDataSourceId());
    view.put("udm", source.udm());
    view.put("collectionKey", source.collectionKey());
    view.put("collectionParameters", source.collectionKey() == null ? null : source.collectionParameters());
    view.put("defaultPath", source.collectionKey() == null ? null : "/data/" + source.collectionKey());
    view.put("pullUpdatesIntervalSeconds", source.pullUpdatesIntervalSeconds());
    view.put("fullSyncIntervalSeconds", source.fullSyncIntervalSeconds());
    view.put("isCustomized", source.isCustomized());
    boolean missing = !source.isUniversal() && source.collectionKey() == null;
    view.put("state", missing ? "CONFIGURATION_ERROR" : "READY");
    view.put("errors", missing ? List.of(Map.of("type", "configuration", "message", "The connector of this integration maps no"
        + " collection to the Universal Data Model \"" + source.udm() + "\". Choose one with PATCH /integrations/"
        + source.integrationId() + "/data-sources/" + source.key() + " {\"collectionKey\": …}.")) : List.of());
    view.put("createdAt", source.createdAt());
    view.put("updatedAt", source.updatedAt());
    view.put("archivedAt", source.archivedAt());
    view.values().removeIf(Objects::isNull);
    return view;
  }

  private Map<String, Object> view(Caller caller, DataSourceInstance instance) {
    DataSourceInstanceService.View resolved = instances.view(caller, instance);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", instance.id());
    view.put("userId", instance.customerId());
    view.put("connectionId", instance.connectionId());
    view.put("integrationId", resolved.connection().integrationId());
    view.put("dataSourceId", instance.dataSourceId());
    view.put("universalDataSourceId", resolved.dataSource().universalDataSourceId());
    view.put("instanceKey", instance.instanceKey().isEmpty() ? null : instance.instanceKey());
    view.put("udm", resolved.dataSource().udm());
    view.put("collectionKey", resolved.collectionKey());
    view.put("collectionParameters", resolved.collectionKey() == null ? null : resolved.collectionParameters());
    view.put("defaultCollectionKey", resolved.defaultCollectionKey());
    view.put("defaultCollectionParameters", resolved.defaultCollectionKey() == null ? null : resolved.defaultCollectionParameters());
    view.put("path", resolved.path());
    view.put("defaultPath", resolved.defaultPath());
    view.put("collectionSpec", resolved.collectionSpec());
    view.put("isCustomized", instance.isCustomized());
    view.put("pullUpdatesIntervalSeconds", resolved.pullUpdatesIntervalSeconds());
    view.put("fullSyncIntervalSeconds", resolved.fullSyncIntervalSeconds());
    if (!resolved.subscribedTo().isEmpty()) {
      Map<String, Boolean> subscribed = new LinkedHashMap<>();
      resolved.subscribedTo().forEach(type -> subscribed.put(type, true));
      view.put("subscribedTo", subscribed);
      view.put("eventSubscriptionId", resolved.eventSubscriptionId());
    }
    view.put("state", resolved.state());
    view.put("errors", resolved.errors());
    view.put("createdAt", instance.createdAt());
    view.put("updatedAt", instance.updatedAt());
    view.put("archivedAt", instance.archivedAt());
    view.values().removeIf(Objects::isNull);
    return view;
  }

  private static DataSourceInput input(JsonNode body) {
    return new DataSourceInput(text(body, "key"), text(body, "name"),
        text(body, "integrationId") != null ? text(body, "integrationId") : text(body, "integrationKey"),
        text(body, "udm"), text(body, "collectionKey"), optionalObject(body, "collectionParameters"),
        integer(body, "pullUpdatesIntervalSeconds"), integer(body, "fullSyncIntervalSeconds"));
  }

  private static InstanceInput instanceInput(JsonNode body) {
    Map<String, Boolean> subscribedTo = null;
    if (body.hasNonNull("subscribedTo")) {
      subscribedTo = new LinkedHashMap<>();
      for (String type : List.of("created", "updated", "deleted")) {
        subscribedTo.put(type, body.get("subscribedTo").path(type).asBoolean(false));
      }
    } else if (body.has("subscribedTo")) {
      subscribedTo = Map.of(); // null: subscribed to nothing
    }
    return new InstanceInput(text(body, "collectionKey"), optionalObject(body, "collectionParameters"), text(body, "path"),
        integer(body, "pullUpdatesIntervalSeconds"), integer(body, "fullSyncIntervalSeconds"), subscribedTo);
  }



}
