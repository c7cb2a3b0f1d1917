package dev.tributary.server.routes;

import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.error.NotFoundException;
import dev.tributary.server.http.Api;
import static dev.tributary.server.http.Bodies.object;
import static dev.tributary.server.http.Bodies.text;
import dev.tributary.server.http.Call;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The data of apps: an integration's data locations and collection specs, and a connection's
 * directories, collection specs (with its custom fields) and record operations. Collection
 * parameters come as query parameters and/or as {@code parameters} in the body (the body wins).
 */
public final class DataRoutes {

  private static final String TAG = "Data";

  private final Tributary tributary;

  public DataRoutes(Tributary tributary) {
    this.tributary = tributary;
  }

  public void register(Api api) {
    api.get("/integrations/{integration}/data").summary("List the data locations of an integration's connector").tag(TAG)
        .responds(200, Schemas.LOCATIONS)
        .handle(call -> connector(call).locations().stream().map(DataRoutes::summary).toList());
    api.get("/integrations/{integration}/data/{key}").summary("Read a data location's generic spec").tag(TAG)
        .responds(200, Schemas.COLLECTION_SPEC)
        .handle(call -> {
          Connector connector = connector(call);
          String key = call.path("key");
          DataLocation location = connector.location(key).orElseThrow(() -> new NotFoundException("The "
              + connector.info().name() + " connector has no data location \"" + key + "\"."));
          return location instanceof DataCollection collection ? collection.spec() : summary(location);
        });

    ConnectionData data = tributary.connectionData();
    registerUdm(api, data);
    String base = "/connections/{connection}/data/{key}";
    api.get(base).summary("Read a collection's spec for this connection, with its custom fields").tag(TAG)
        .responds(200, Schemas.COLLECTION_SPEC)
        .handle(call -> data.spec(call.caller(), call.path("connection"), call.path("key"), parameters(call, null)));
    api.post(base + "/list").summary("List a collection's records, or a directory's locations").tag(TAG)
        .body(Schemas.DATA_LIST).responds(200, Schemas.RECORD_PAGE)
        .handle(call -> {
          JsonNode body = optionalBody(call);
          String connection = call.path("connection");
          String key = call.path("key");
          Map<String, Object> parameters = parameters(call, body);
          String cursor = text(body, "cursor");
          boolean directory = isDirectory(call, connection, key);
          return directory ? data.locations(call.caller(), connection, key, parameters, cursor)
              : data.list(call.caller(), connection, key, parameters, object(body, "filter"), cursor, text(body, "udm"));
        });
    api.post(base + "/search").summary("Search a collection's records").tag(TAG)
        .body(Schemas.DATA_SEARCH).responds(200, Schemas.RECORD_PAGE)
        .handle(call -> {
          JsonNode body = call.body();
          return data.search(call.caller(), call.path("connection"), call.path("key"), parameters(call, body),
              body.get("query").asString(), text(body, "cursor"));
        });
    api.post(base + "/find-by-id").summary("Find a record by id").tag(TAG)
        .body(Schemas.DATA_ID).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          String id = body.get("id").asString();
          String key = call.path("key");
          return Map.of("record", data.findById(call.caller(), call.path("connection"), key, parameters(call, body), id, text(body, "udm"))
              .orElseThrow(() -> new NotFoundException("The collection \"" + key + "\" has no record \"" + id + "\".")));
        });
    api.post(base + "/match").summary("Find the record whose match fields equal the query").tag(TAG)
        .body(Schemas.DATA_MATCH).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          var record = data.match(call.caller(), call.path("connection"), call.path("key"), parameters(call, body), object(body, "query"));
          return record.<Map<String, Object>>map(found -> Map.of("record", found)).orElse(Map.of());
        });
    api.post(base + "/create").summary("Create a record").tag(TAG)
        .body(Schemas.DATA_CREATE).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          return Map.of("id", data.create(call.caller(), call.path("connection"), call.path("key"), parameters(call, body),
              object(body, "fields")));
        });
    api.post(base + "/update").summary("Update a record").tag(TAG)
        .body(Schemas.DATA_UPDATE).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          return Map.of("id", data.update(call.caller(), call.path("connection"), call.path("key"), parameters(call, body),
              body.get("id").asString(), object(body, "fields")));
        });
    api.post(base + "/delete").summary("Delete a record").tag(TAG)
        .body(Schemas.DATA_ID).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          data.delete(call.caller(), call.path("connection"), call.path("key"), parameters(call, body), body.get("id").asString());
          return Map.of();
        });
  }

  /** Record fields ⇄ Universal Data Models, and the catalogue itself. */
  private void registerUdm(Api api, ConnectionData data) {
    api.post("/connections/{connection}/data/{key}/unified-fields-to-native")
        .summary("Convert unified fields of a Universal Data Model into this collection's fields").tag(TAG)
        .body(Schemas.DATA_TO_NATIVE).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.body();
          return Map.of("fields", data.unifiedFieldsToNative(call.caller(), call.path("connection"), call.path("key"),
              parameters(call, body), body.get("udm").asString(), object(body, "unifiedFields")));
        });
    var catalogue = tributary.udm().catalogue();
    api.get("/udm").summary("List the Universal Data Models").tag("Universal Data Models")
        .responds(200, Schemas.page(Schemas.ANY_OBJECT))
        .handle(call -> Map.of("items", catalogue.all().stream().map(udm -> {
          Map<String, Object> summary = new LinkedHashMap<>();
          summary.put("key", udm.key());
          summary.put("singularName", udm.singularName());
          summary.put("pluralName", udm.pluralName());
          summary.put("categories", udm.categories());
          return summary;
        }).toList()));
    api.get("/udm/{udm}").summary("Read a Universal Data Model: its fields schema, filters and fallbacks")
        .tag("Universal Data Models").responds(200, Schemas.ANY_OBJECT)
        .handle(call -> catalogue.require(call.path("udm")));
  }

  private Connector connector(Call call) {
    String connectorKey = tributary.integrations().get(call.caller(), call.path("integration")).connectorKey();
    return tributary.connectors().require(connectorKey);
  }

  private boolean isDirectory(Call call, String connection, String key) {
    String integrationId = tributary.connections().get(call.caller(), connection).integrationId();
    String connectorKey = tributary.integrations().get(call.caller(), integrationId).connectorKey();
    return tributary.connectors().require(connectorKey).location(key).map(location -> !(location instanceof DataCollection))
        .orElse(false);
  }

  private static Map<String, Object> summary(DataLocation location) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("key", location.key());
    summary.put("name", location.name());
    summary.put("type", location.type());
    if (location.isHidden()) {
      summary.put("isHidden", true);
    }
    return summary;
  }

  /** The query parameters, overridden by the body's {@code parameters}. */
  private static Map<String, Object> parameters(Call call, @Nullable JsonNode body) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    call.context().queryParamMap().forEach((name, values) -> {
      if (!values.isEmpty()) {
        parameters.put(name, values.size() == 1 ? values.getFirst() : List.copyOf(values));
      }
    });
    if (body != null) {
      parameters.putAll(object(body, "parameters"));
    }
    return parameters;
  }

  /** {@code list} may be called without a body. */
  private static @Nullable JsonNode optionalBody(Call call) {
    return call.context().body().isBlank() ? null : call.body();
  }


}
