package dev.tributary.server.routes;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.ConnectionSecrets;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.CustomerInput;
import dev.tributary.engine.workspace.Integration;
import dev.tributary.engine.workspace.IntegrationInput;
import dev.tributary.server.http.Access;
import dev.tributary.server.http.Api;
import static dev.tributary.server.http.Bodies.optionalObject;
import static dev.tributary.server.http.Bodies.text;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The workspace elements: the workspace itself, integrations, customers and connections. Paths,
 * selectors and shapes follow Membrane's API; secrets are only returned to an admin who asks with
 * {@code includeSecrets=true}.
 */
public final class WorkspaceRoutes {

  private static final String INCLUDE_SECRETS = "includeSecrets";

  private final Tributary tributary;

  public WorkspaceRoutes(Tributary tributary) {
    this.tributary = tributary;
  }

  public void register(Api api) {
    api.get("/workspace").summary("Read the workspace this token belongs to").tag("Workspace").access(Access.ADMIN)
        .responds(200, Schemas.WORKSPACE)
        .handle(call -> tributary.workspaces().get(call.caller().workspaceId()));
    registerIntegrations(api);
    registerCustomers(api);
    registerConnections(api);
  }

  private void registerIntegrations(Api api) {
    var integrations = tributary.integrations();
    api.get("/integrations").summary("List integrations").tag("Integrations").pageQuery()
        .responds(200, Schemas.page(Schemas.INTEGRATION))
        .handle(call -> integrations.list(call.caller(), call.page()).map(integration -> view(integration, null)));
    api.post("/integrations").summary("Create an integration").tag("Integrations").access(Access.ADMIN)
        .body(Schemas.INTEGRATION_CREATE).responds(201, Schemas.INTEGRATION)
        .handle(call -> view(integrations.create(call.caller(), integrationInput(call.body())), null));
    api.get("/integrations/{integration}").summary("Read an integration by id or key").tag("Integrations")
        .query(INCLUDE_SECRETS, "boolean", "Admins only: include the connector parameters.")
        .responds(200, Schemas.INTEGRATION)
        .handle(call -> {
          String selector = call.path("integration");
          boolean secrets = call.flag(INCLUDE_SECRETS);
          Integration integration = integrations.get(call.caller(), selector);
          return view(integration, secrets ? integrations.parameters(call.caller(), integration.id()) : null);
        });
    api.patch("/integrations/{integration}").summary("Change an integration").tag("Integrations").access(Access.ADMIN)
        .body(Schemas.INTEGRATION_UPDATE).responds(200, Schemas.INTEGRATION)
        .handle(call -> view(integrations.update(call.caller(), call.path("integration"), integrationInput(call.body()), false), null));
    api.put("/integrations/{integration}").summary("Replace an integration").tag("Integrations").access(Access.ADMIN)
        .body(Schemas.INTEGRATION_UPDATE).responds(200, Schemas.INTEGRATION)
        .handle(call -> view(integrations.update(call.caller(), call.path("integration"), integrationInput(call.body()), true), null));
    api.delete("/integrations/{integration}").summary("Archive an integration and its connections").tag("Integrations")
        .access(Access.ADMIN).responds(200, Schemas.INTEGRATION)
        .handle(call -> view(integrations.archive(call.caller(), call.path("integration")), null));
  }

  private void registerCustomers(Api api) {
    var customers = tributary.customers();
    api.get("/customers").summary("List customers").tag("Customers").pageQuery()
        .responds(200, Schemas.page(Schemas.CUSTOMER))
        .handle(call -> customers.list(call.caller(), call.page()));
    api.post("/customers").summary("Create a customer").tag("Customers").access(Access.ADMIN)
        .body(Schemas.CUSTOMER_CREATE).responds(201, Schemas.CUSTOMER)
        .handle(call -> customers.create(call.caller(), customerInput(call.body())));
    api.get("/customers/{customer}").summary("Read a customer by id or internal id").tag("Customers")
        .responds(200, Schemas.CUSTOMER)
        .handle(call -> customers.get(call.caller(), call.path("customer")));
    api.patch("/customers/{customer}").summary("Change a customer").tag("Customers")
        .body(Schemas.CUSTOMER_UPDATE).responds(200, Schemas.CUSTOMER)
        .handle(call -> customers.update(call.caller(), call.path("customer"), customerInput(call.body()), false));
    api.put("/customers/{customer}").summary("Replace a customer's name and fields").tag("Customers")
        .body(Schemas.CUSTOMER_UPDATE).responds(200, Schemas.CUSTOMER)
        .handle(call -> customers.update(call.caller(), call.path("customer"), customerInput(call.body()), true));
    api.delete("/customers/{customer}").summary("Archive a customer and its connections").tag("Customers")
        .access(Access.ADMIN).responds(200, Schemas.CUSTOMER)
        .handle(call -> customers.archive(call.caller(), call.path("customer")));
  }

  private void registerConnections(Api api) {
    ConnectionService connections = tributary.connections();
    api.get("/connections").summary("List connections").tag("Connections").pageQuery()
        .query("integrationId", "string", "Only connections to this integration (id or key).")
        .query("integrationKey", "string", "Same as integrationId.")
        .query("customerId", "string", "Admins: only this customer's connections (id or internal id).")
        .query("userId", "string", "Same as customerId.")
        .responds(200, Schemas.page(Schemas.CONNECTION))
        .handle(call -> connections.list(call.caller(),
                new ConnectionService.Filter(
                    firstNonNull(call.query("integrationId"), call.query("integrationKey")),
                    firstNonNull(call.query("customerId"), call.query("userId"))),
                call.page())
            .map(connection -> view(connection, null)));
    api.post("/connections").summary("Create a connection").tag("Connections")
        .body(Schemas.CONNECTION_CREATE).responds(201, Schemas.CONNECTION)
        .handle(call -> view(connections.create(call.caller(), connectionInput(call.body())), null));
    api.get("/connections/{connection}").summary("Read a connection").tag("Connections")
        .query(INCLUDE_SECRETS, "boolean", "Admins only: include credentials and connector parameters.")
        .responds(200, Schemas.CONNECTION)
        .handle(call -> {
          String selector = call.path("connection");
          boolean secrets = call.flag(INCLUDE_SECRETS);
          Connection connection = connections.get(call.caller(), selector);
          return view(connection, secrets ? connections.secrets(call.caller(), connection.id()) : null);
        });
    api.patch("/connections/{connection}").summary("Change a connection").tag("Connections")
        .body(Schemas.CONNECTION_UPDATE).responds(200, Schemas.CONNECTION)
        .handle(call -> view(connections.update(call.caller(), call.path("connection"), connectionInput(call.body()), false), null));
    api.put("/connections/{connection}").summary("Replace a connection's settings").tag("Connections")
        .body(Schemas.CONNECTION_UPDATE).responds(200, Schemas.CONNECTION)
        .handle(call -> view(connections.update(call.caller(), call.path("connection"), connectionInput(call.body()), true), null));
    api.delete("/connections/{connection}").summary("Archive a connection").tag("Connections")
        .responds(200, Schemas.CONNECTION)
        .handle(call -> view(connections.archive(call.caller(), call.path("connection")), null));
  }

  private static Map<String, Object> view(Integration integration, @Nullable Map<String, Object> parameters) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", integration.id());
    view.put("key", integration.key());
    view.put("name", integration.name());
    view.put("connectorKey", integration.connectorKey());
    view.put("connectorVersion", integration.connectorVersion());
    if (parameters != null) {
      view.put("parameters", parameters);
    }
    view.put("createdAt", integration.createdAt());
    view.put("updatedAt", integration.updatedAt());
    view.put("archivedAt", integration.archivedAt());
    view.values().removeIf(Objects::isNull);
    return view;
  }

  private static Map<String, Object> view(Connection connection, @Nullable ConnectionSecrets secrets) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", connection.id());
    view.put("name", connection.name());
    view.put("key", connection.key());
    view.put("userId", connection.customerId());
    view.put("customerId", connection.customerId());
    view.put("integrationId", connection.integrationId());
    view.put("state", connection.state());
    view.put("errors", connection.error() == null ? List.of()
        : List.of(Map.of("type", "connection-error", "message", connection.error())));
    view.put("isTest", connection.isTest());
    view.put("disconnected", connection.disconnected());
    if (secrets != null) {
      view.put("credentials", secrets.credentials());
      view.put("connectorParameters", secrets.connectorParameters());
    }
    view.put("createdAt", connection.createdAt());
    view.put("updatedAt", connection.updatedAt());
    view.put("lastActiveAt", connection.lastActiveAt());
    view.put("archivedAt", connection.archivedAt());
    view.values().removeIf(Objects::isNull);
    return view;
  }

  private static IntegrationInput integrationInput(JsonNode body) {
    return new IntegrationInput(text(body, "key"), text(body, "name"), text(body, "connectorKey"),
        text(body, "connectorVersion"), optionalObject(body, "parameters"));
  }

  private static CustomerInput customerInput(JsonNode body) {
    return new CustomerInput(text(body, "internalId"), text(body, "name"), optionalObject(body, "fields"));
  }

  private static ConnectionInput connectionInput(JsonNode body) {
    Boolean isTest = body.has("isTest") ? body.get("isTest").asBoolean() : null;
    return new ConnectionInput(
        firstNonNull(text(body, "integrationId"), text(body, "integrationKey")),
        firstNonNull(text(body, "customerId"), text(body, "userId")),
        text(body, "name"), text(body, "key"),
        optionalObject(body, "credentials"), optionalObject(body, "connectorParameters"), isTest);
  }



  private static @Nullable String firstNonNull(@Nullable String first, @Nullable String second) {
    return first != null ? first : second;
  }
}
