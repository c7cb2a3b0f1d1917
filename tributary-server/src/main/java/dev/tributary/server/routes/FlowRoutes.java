package dev.tributary.server.routes;

import static dev.tributary.server.http.Bodies.text;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.flow.AppApi;
import dev.tributary.engine.flow.Flow;
import dev.tributary.engine.flow.FlowInstance;
import dev.tributary.engine.flow.FlowInstanceService;
import dev.tributary.engine.flow.FlowRun;
import dev.tributary.engine.flow.FlowRuns;
import dev.tributary.engine.flow.FlowService;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.server.http.Access;
import dev.tributary.server.http.Api;
import dev.tributary.server.http.Call;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Flows ({@code /flows}, {@code /integrations/{i}/flows}), their instances ({@code
 * /connections/{c}/flows/{key}}, {@code /flow-instances}), their runs ({@code /flow-runs}), and the
 * product's API the runs call ({@code /app-api}).
 */
public final class FlowRoutes {

  private static final String FLOWS = "Flows";
  private static final String INSTANCES = "Flow instances";
  private static final String RUNS = "Flow runs";

  private final FlowService flows;
  private final FlowInstanceService instances;
  private final FlowRuns runs;
  private final AppApi appApi;

  public FlowRoutes(Tributary tributary) {
    this.flows = tributary.flows();
    this.instances = tributary.flowInstances();
    this.runs = tributary.flowRuns();
    this.appApi = tributary.appApi();
  }

  public void register(Api api) {
    registerFlows(api);
    registerIntegrationFlows(api);
    registerInstances(api);
    registerRuns(api);
  }

  private void registerFlows(Api api) {
    api.get("/flows").summary("List flows").tag(FLOWS).pageQuery()
        .query("integrationId", "string", "Only this integration's (id or key); \"null\" for universal ones.")
        .responds(200, Schemas.page(Schemas.FLOW))
        .handle(call -> flows.list(call.caller(), call.query("integrationId"), call.page()).map(FlowRoutes::view));
    api.post("/flows").summary("Create a flow (universal, or an integration's with integrationId)").tag(FLOWS).access(Access.ADMIN)
        .body(Schemas.FLOW_INPUT).responds(201, Schemas.FLOW)
        .handle(call -> view(flows.create(call.caller(), input(call.body(), integration(call.body())))));
    String one = "/flows/{flow}";
    api.get(one).summary("Read a flow (by id, or a universal flow by key)").tag(FLOWS).responds(200, Schemas.FLOW)
        .handle(call -> view(flows.get(call.caller(), call.path("flow"))));
    api.patch(one).summary("Change a flow").tag(FLOWS).access(Access.ADMIN).body(Schemas.FLOW_INPUT).responds(200, Schemas.FLOW)
        .handle(call -> view(flows.update(call.caller(), call.path("flow"), input(call.body(), null))));
    api.delete(one).summary("Delete a flow and its instances (their runs stay in the run log)").tag(FLOWS).access(Access.ADMIN)
        .responds(200, Schemas.FLOW)
        .handle(call -> view(flows.delete(call.caller(), flows.get(call.caller(), call.path("flow")))));
  }

  private void registerIntegrationFlows(Api api) {
    String list = "/integrations/{integration}/flows";
    api.get(list).summary("List an integration's own flows and its copies of universal flows").tag(FLOWS).pageQuery()
        .responds(200, Schemas.page(Schemas.FLOW))
        .handle(call -> flows.list(call.caller(), call.path("integration"), call.page()).map(FlowRoutes::view));
    api.post(list).summary("Create a flow of the integration's own").tag(FLOWS).access(Access.ADMIN)
        .body(Schemas.FLOW_INPUT).responds(201, Schemas.FLOW)
        .handle(call -> view(flows.create(call.caller(), input(call.body(), call.path("integration")))));
    String one = list + "/{flow}";
    api.get(one).summary("Read the flow an integration runs for a key (its own or copy, else the universal one)").tag(FLOWS)
        .responds(200, Schemas.FLOW)
        .handle(call -> view(flows.forIntegration(call.caller(), call.path("integration"), call.path("flow"))));
    api.patch(one).summary("Customise a flow for an integration (a universal flow is copied first)").tag(FLOWS)
        .access(Access.ADMIN).body(Schemas.FLOW_INPUT).responds(200, Schemas.FLOW)
        .handle(call -> view(flows.updateForIntegration(call.caller(), call.path("integration"), call.path("flow"),
            input(call.body(), null))));
    api.delete(one).summary("Delete an integration's own flow, or its copy (it runs the universal flow again)").tag(FLOWS)
        .access(Access.ADMIN).responds(200, Schemas.FLOW)
        .handle(call -> {
          Flow flow = flows.forIntegration(call.caller(), call.path("integration"), call.path("flow"));
          if (flow.isUniversal()) {
            throw new dev.tributary.error.InvalidInputException("The integration runs the universal flow \"" + flow.key()
                + "\" as it is: there is nothing of its own to delete. Delete the universal flow with DELETE /flows/" + flow.id() + ".");
          }
          return view(flow.isCustomized() ? flows.reset(call.caller(), call.path("integration"), call.path("flow"))
              : flows.delete(call.caller(), flow));
        });
    api.post(one + "/reset").summary("Drop an integration's copy: it runs the universal flow again").tag(FLOWS)
        .access(Access.ADMIN).responds(200, Schemas.FLOW)
        .handle(call -> view(flows.reset(call.caller(), call.path("integration"), call.path("flow"))));
  }

  private void registerInstances(Api api) {
    String one = "/connections/{connection}/flows/{flow}";
    api.get(one).summary("Read a connection's instance of a flow").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.")
        .query("autoCreate", "boolean", "Create the instance (enabled) when it does not exist yet.")
        .responds(200, Schemas.FLOW_INSTANCE)
        .handle(call -> view(call.caller(), instance(call, call.flag("autoCreate"))));
    api.put(one).summary("Create a connection's instance of a flow (enabled: its triggers subscribe)").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.").responds(200, Schemas.FLOW_INSTANCE)
        .handle(call -> view(call.caller(), instances.create(call.caller(), call.path("connection"), call.path("flow"),
            call.query("instanceKey"))));
    api.patch(one).summary("Enable, disable or rename a flow instance").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.")
        .body(Schemas.FLOW_INSTANCE_INPUT).responds(200, Schemas.FLOW_INSTANCE)
        .handle(call -> {
          JsonNode body = call.body();
          Boolean enabled = body.has("enabled") ? body.get("enabled").asBoolean() : null;
          return view(call.caller(), instances.update(call.caller(), instance(call, false), enabled, text(body, "name")));
        });
    api.delete(one).summary("Delete a flow instance (its triggers unsubscribe; its runs stay)").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.").responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          FlowInstance deleted = instances.delete(call.caller(), instance(call, false));
          return Map.of("id", deleted.id());
        });
    api.post(one + "/run").summary("Run a flow instance from its api-trigger with an input").tag(INSTANCES)
        .query("instanceKey", "string", "Which instance, when there are several.")
        .body(Schemas.FLOW_RUN_REQUEST).responds(200, Schemas.FLOW_RUN)
        .handle(call -> {
          JsonNode body = call.body();
          Object input = body.has("input") ? Json.MAPPER.convertValue(body.get("input"), Object.class) : null;
          return view(instances.run(call.caller(), instance(call, true), text(body, "nodeKey"), input));
        });
    api.get("/flow-instances").summary("List flow instances").tag(INSTANCES).pageQuery()
        .query("connectionId", "string", "Only this connection's.").query("flowKey", "string", "Only this flow's.")
        .responds(200, Schemas.page(Schemas.FLOW_INSTANCE))
        .handle(call -> instances.list(call.caller(), new FlowInstanceService.Filter(call.query("connectionId"), call.query("flowKey")),
            call.page()).map(instance -> view(call.caller(), instance)));
    api.get("/flow-instances/{id}").summary("Read a flow instance").tag(INSTANCES).responds(200, Schemas.FLOW_INSTANCE)
        .handle(call -> view(call.caller(), instances.byId(call.caller(), call.path("id"))));
  }

  private void registerRuns(Api api) {
    api.get("/flow-runs").summary("List flow runs, newest first").tag(RUNS).pageQuery()
        .query("flowInstanceId", "string", "Only this flow instance's runs.").query("connectionId", "string", "Only this connection's runs.")
        .responds(200, Schemas.page(Schemas.FLOW_RUN))
        .handle(call -> {
          String instance = call.query("flowInstanceId");
          if (instance != null) {
            instances.byId(call.caller(), instance); // 404 for another customer's instance
          }
          return runs.list(call.caller(), instance, call.query("connectionId"), call.page()).map(FlowRoutes::view);
        });
    api.get("/flow-runs/{id}").summary("Read a flow run with each node's input, output, status and error").tag(RUNS)
        .responds(200, Schemas.FLOW_RUN).handle(call -> view(runs.get(call.caller(), call.path("id"))));
    api.put("/app-api").summary("Set your product's API, called by api-request-to-your-app nodes (answers the signing secret, once)")
        .tag(RUNS).access(Access.ADMIN).body(Schemas.APP_API_INPUT).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> appApi.configure(call.caller(), call.body().get("baseUri").asString()));
    api.get("/app-api").summary("Read your product's API settings").tag(RUNS).access(Access.ADMIN).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> appApi.get(call.caller()));
    api.delete("/app-api").summary("Remove your product's API settings").tag(RUNS).access(Access.ADMIN)
        .responds(200, Schemas.ANY_OBJECT).handle(call -> {
          appApi.remove(call.caller());
          return Map.of();
        });
  }

  private FlowInstance instance(Call call, boolean autoCreate) {
    return instances.get(call.caller(), call.path("connection"), call.path("flow"), call.query("instanceKey"), autoCreate);
  }

  private static FlowService.FlowInput input(JsonNode body, @Nullable String integration) {
    Object nodes = body.has("nodes") ? Json.MAPPER.convertValue(body.get("nodes"), Object.class) : null;
    return new FlowService.FlowInput(text(body, "key"), text(body, "name"), integration, nodes);
  }

  private static @Nullable String integration(JsonNode body) {
    String id = text(body, "integrationId");
    return id != null ? id : text(body, "integrationKey");
  }

  static Map<String, Object> view(Flow flow) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", flow.id());
    view.put("key", flow.key());
    view.put("name", flow.name());
    if (flow.integrationId() != null) {
      view.put("integrationId", flow.integrationId());
    }
    if (flow.universalFlowId() != null) {
      view.put("universalFlowId", flow.universalFlowId());
    }
    view.put("isCustomized", flow.isCustomized());
    Map<String, Object> nodes = new LinkedHashMap<>();
    flow.nodes().forEach((key, node) -> nodes.put(key, node.toMap()));
    view.put("nodes", nodes);
    view.put("createdAt", flow.createdAt());
    view.put("updatedAt", flow.updatedAt());
    return view;
  }

  private Map<String, Object> view(Caller caller, FlowInstance instance) {
    FlowInstanceService.View resolved = instances.view(caller, instance);
    Flow flow = resolved.flow();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", instance.id());
    view.put("flowId", flow.id());
    view.put("flowKey", instance.flowKey());
    if (flow.isUniversal()) {
      view.put("universalFlowId", flow.id());
    } else if (flow.universalFlowId() != null) {
      view.put("universalFlowId", flow.universalFlowId());
    }
    view.put("connectionId", instance.connectionId());
    view.put("userId", instance.customerId());
    view.put("instanceKey", instance.instanceKey());
    if (instance.name() != null) {
      view.put("name", instance.name());
    }
    view.put("enabled", instance.enabled());
    Map<String, Object> nodes = new LinkedHashMap<>();
    flow.nodes().forEach((key, node) -> nodes.put(key, node.toMap()));
    view.put("nodes", nodes);
    List<Map<String, Object>> dependencies = new ArrayList<>();
    resolved.subscriptions().forEach((node, subscription) ->
        dependencies.add(Map.of("type", "external-event", "nodeKey", node, "instanceId", subscription)));
    view.put("dependencies", dependencies);
    view.put("state", instance.error() == null ? "READY" : "SETUP_FAILED");
    if (instance.error() != null) {
      view.put("error", Map.of("message", instance.error()));
    }
    view.put("createdAt", instance.createdAt());
    view.put("updatedAt", instance.updatedAt());
    return view;
  }

  static Map<String, Object> view(FlowRun run) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", run.id());
    view.put("flowInstanceId", run.flowInstanceId());
    view.put("flowKey", run.flowKey());
    view.put("connectionId", run.connectionId());
    view.put("userId", run.customerId());
    view.put("triggerNodeKey", run.triggerNodeKey());
    if (run.eventId() != null) {
      view.put("eventId", run.eventId());
    }
    view.put("input", run.input());
    view.put("status", run.status());
    if (run.error() != null) {
      view.put("error", Map.of("message", run.error()));
    }
    view.put("nodes", run.nodes());
    view.put("createdAt", run.createdAt());
    if (run.startedAt() != null) {
      view.put("startedAt", run.startedAt());
    }
    if (run.finishedAt() != null) {
      view.put("finishedAt", run.finishedAt());
    }
    return view;
  }
}
