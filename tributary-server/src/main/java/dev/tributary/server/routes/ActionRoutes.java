package dev.tributary.server.routes;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.action.Action;
import dev.tributary.engine.action.ActionInstanceService;
import dev.tributary.engine.element.ElementInstance;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import dev.tributary.server.http.Api;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

/**
 * Actions ({@code /actions}, {@code /integrations/{i}/actions}), their instances ({@code
 * /connections/{c}/actions}, {@code /action-instances}, {@code /action-instance?<selector>}) and
 * running them ({@code POST /connections/{c}/actions/{key}/run}, {@code POST
 * /action-instance/run?<selector>}: the body is the action's input).
 */
public final class ActionRoutes {

  private static final String INSTANCES = "Action instances";
  private static final Set<String> SPEC_FIELDS = Set.of("type", "inputSchema", "config");
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {};

  private final Tributary tributary;
  private final ActionInstanceService instances;

  public ActionRoutes(Tributary tributary) {
    this.tributary = tributary;
    this.instances = tributary.actionInstances();
  }

  public void register(Api api) {
    ElementRoutes.register(api, new ElementRoutes.Kind(tributary.actions().elements(), "Actions", INSTANCES, "universalActionId",
        SPEC_FIELDS, Schemas.ACTION_INPUT, Schemas.ACTION, Schemas.ANY_OBJECT, Schemas.ACTION_INSTANCE, this::view, null));
    var kind = tributary.actions().elements().kind();
    ElementRoutes.instanceKey(api.post("/connections/{connection}/actions/{key}/run").summary("Run a connection's action")
        .tag(INSTANCES).body(Schemas.ANY_OBJECT).responds(200, Schemas.ACTION_RUN))
        .handle(call -> run(instances.run(call.caller(), ElementRoutes.connectionSelector(call), input(call.context().body(), call))));
    ElementRoutes.selectorQuery(api.post("/action-instance/run").summary("Run an action instance").tag(INSTANCES)
        .body(Schemas.ANY_OBJECT).responds(200, Schemas.ACTION_RUN), kind)
        .handle(call -> run(instances.run(call.caller(), ElementRoutes.selector(call, kind), input(call.context().body(), call))));
  }

  private static Map<String, Object> input(String raw, dev.tributary.server.http.Call call) {
    if (raw.isBlank()) {
      return Map.of();
    }
    JsonNode body = call.body();
    return Json.MAPPER.convertValue(body, OBJECT);
  }

  private static Map<String, Object> run(ActionInstanceService.Run run) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("output", run.output());
    view.put("actionInstanceId", run.actionInstanceId());
    return view;
  }

  private Map<String, Object> view(Caller caller, ElementInstance instance) {
    ActionInstanceService.View resolved = instances.view(caller, instance);
    Action action = resolved.action();
    Map<String, Object> view = ElementRoutes.instanceView(instance, tributary.actions().elements().elementOf(caller, instance),
        "actionId", "universalActionId");
    view.put("type", action.type());
    view.put("inputSchema", action.inputSchema());
    view.put("config", action.config());
    view.put("state", resolved.state());
    view.put("errors", resolved.errors());
    return ElementRoutes.finish(view, instance);
  }
}
