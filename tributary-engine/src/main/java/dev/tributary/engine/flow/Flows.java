package dev.tributary.engine.flow;

import dev.tributary.engine.action.ActionInstanceService;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.crypto.SecretBox;
import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.events.EventSubscriptionService;
import dev.tributary.engine.mapping.FieldMappingInstanceService;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.IntegrationService;
import java.net.http.HttpClient;
import java.time.Clock;

/** The flow feature, wired: flows, their instances, their runs, and the product's API the runs call. */
public final class Flows implements AutoCloseable {

  private final FlowService flows;
  private final FlowInstanceService instances;
  private final FlowRuns runs;
  private final AppApi appApi;

  public Flows(Database database, IntegrationService integrations, ConnectionService connections,
      DataSourceInstanceService dataSourceInstances, EventSubscriptionService events, ConnectionData data, SecretBox box,
      HttpClient http, FieldMappingInstanceService fieldMappings, ActionInstanceService actions, Clock clock) {
    this.flows = new FlowService(database, integrations, clock);
    this.appApi = new AppApi(database, box, http, clock);
    var execution = new FlowExecution(dataSourceInstances, data, appApi, new ActionRunner(fieldMappings, actions));
    this.runs = new FlowRuns(database, flows, execution, clock);
    this.instances = new FlowInstanceService(database, flows, connections, dataSourceInstances, events, runs, clock);
    // A customer's new choice of collection reaches the flows' triggers at once.
    dataSourceInstances.onChanged((caller, instance) -> instances.followConnection(caller.workspaceId(), instance.connectionId()));
    flows.onChanged(instances::followFlow);
  }

  public FlowService flows() {
    return flows;
  }

  public FlowInstanceService instances() {
    return instances;
  }

  public FlowRuns runs() {
    return runs;
  }

  public AppApi appApi() {
    return appApi;
  }

  @Override
  public void close() {
    runs.close();
  }
}
