package dev.tributary.engine.flow;

import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Flows, with the same layering as data sources: a universal flow runs for every integration as
 * it is, until an admin customises it for one integration ({@code PATCH
 * /integrations/{i}/flows/{key}} makes that integration's copy); {@link #reset} drops the copy. An
 * integration may also have flows of its own.
 */
public final class FlowService {

  private static final String UNIVERSAL = "*";

  private final Database database;
  private final IntegrationService integrations;
  private final Clock clock;
  private final java.util.List<java.util.function.BiConsumer<String, String>> changeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public FlowService(Database database, IntegrationService integrations, Clock clock) {
    this.database = database;
    this.integrations = integrations;
    this.clock = clock;
  }

  /** Calls {@code listener} with the workspace and flow key after a flow was changed, reset or deleted. */
  void onChanged(java.util.function.BiConsumer<String, String> listener) {
    changeListeners.add(listener);
  }

  private Flow announce(Caller caller, Flow flow) {
    changeListeners.forEach(listener -> listener.accept(caller.workspaceId(), flow.key()));
    return flow;
  }

  /**
   * What to create or change; null leaves a value as it is.
   *
   * @param integration the integration (id or key) for a flow of its own; null for a universal flow
   * @param nodes the nodes as JSON values (an object of node key to node)
   */
  public record FlowInput(@Nullable String key, @Nullable String name, @Nullable String integration, @Nullable Object nodes) {}

  /**
   * @param integration only this integration's flows (id or key; its own and its copies), or
   *     {@code "null"} for universal ones; null for all
   */
  public Page<Flow> list(Caller caller, @Nullable String integration, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select * from flows where workspace_id = :ws and id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if ("null".equals(integration)) {
        sql.append(" and integration_id is null");
      } else if (integration != null) {
        sql.append(" and integration_id = :integration");
        bindings.put("integration", integrations.get(caller, integration).id());
      }
      sql.append(" order by id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> map(rs)).list(), page, Flow::id);
    });
  }

  public Flow create(Caller caller, FlowInput input) {
    caller.requireAdmin("create flows");
    String key = FlowNodes.key("key", input.key());
    Map<String, FlowNode> nodes = FlowNodes.parse(input.nodes());
    String integrationId = input.integration() == null ? null : integrations.get(caller, input.integration()).id();
    Instant now = Rows.now(clock);
    var flow = new Flow(Ids.newId(), key, name(input.name(), key), integrationId, null, nodes, now, now);
    try {
      database.inTransaction(handle -> insert(handle, caller.workspaceId(), flow));
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        throw new ConflictException("A flow with key \"" + key + "\" already exists" + (input.integration() == null ? ""
            : " for integration \"" + input.integration() + "\"") + ". Choose another key, or change that flow.", "key");
      }
      throw e;
    }
    return flow;
  }

  /** A flow by id, or a universal flow by key. */
  public Flow get(Caller caller, String selector) {
    return database.withHandle(handle -> byId(handle, caller.workspaceId(), selector)
        .or(() -> byKey(handle, caller.workspaceId(), UNIVERSAL, selector)))
        .orElseThrow(() -> notFound(selector, null));
  }

  /** The flow an integration runs for {@code key}: its own or its copy, else the universal flow. */
  public Flow forIntegration(Caller caller, String integration, String key) {
    String integrationId = integrations.get(caller, integration).id();
    return effective(caller.workspaceId(), integrationId, key).orElseThrow(() -> notFound(key, integration));
  }

  Optional<Flow> effective(String workspaceId, String integrationId, String key) {
    return database.withHandle(handle -> byKey(handle, workspaceId, integrationId, key)
        .or(() -> byKey(handle, workspaceId, UNIVERSAL, key)));
  }

  /** Changes a universal flow (every integration without a copy follows) or an integration's own flow. */
  public Flow update(Caller caller, String selector, FlowInput input) {
    caller.requireAdmin("change flows");
    Flow current = get(caller, selector);
    return announce(caller, store(caller, changed(current, input, current.universalFlowId())));
  }

  /**
   * Changes the flow an integration runs for {@code key}: its own or its copy is changed; a
   * universal flow is copied for the integration first (the copy no longer follows it until reset).
   */
  public Flow updateForIntegration(Caller caller, String integration, String key, FlowInput input) {
    caller.requireAdmin("change flows");
    String integrationId = integrations.get(caller, integration).id();
    Flow current = forIntegration(caller, integration, key);
    if (!current.isUniversal()) {
      return announce(caller, store(caller, changed(current, input, current.universalFlowId())));
    }
    Instant now = Rows.now(clock);
    Flow copy = changed(new Flow(Ids.newId(), current.key(), current.name(), integrationId, current.id(), current.nodes(), now, now),
        input, current.id());
    database.inTransaction(handle -> insert(handle, caller.workspaceId(), copy));
    return announce(caller, copy);
  }

  /** Drops an integration's copy of a universal flow: the integration runs the universal flow again. */
  public Flow reset(Caller caller, String integration, String key) {
    caller.requireAdmin("reset flows");
    Flow current = forIntegration(caller, integration, key);
    if (current.isCustomized()) {
      database.inTransaction(handle -> handle.createUpdate("delete from flows where id = :id").bind("id", current.id()).execute());
    }
    return announce(caller, forIntegration(caller, integration, key));
  }

  /** Deletes a flow (a universal flow's copies go with it). Instances left without a flow are deleted. */
  public Flow delete(Caller caller, Flow flow) {
    caller.requireAdmin("delete flows");
    database.inTransaction(handle -> handle.createUpdate("delete from flows where id = :id").bind("id", flow.id()).execute());
    return announce(caller, flow);
  }

  private Flow changed(Flow current, FlowInput input, @Nullable String universalFlowId) {
    if (input.key() != null && !input.key().equals(current.key())) {
      throw InvalidInputException.forField("key", "A flow's key cannot change (it names the flow in its instances). Create"
          + " a flow with the new key instead.");
    }
    return new Flow(current.id(), current.key(), input.name() != null ? name(input.name(), current.key()) : current.name(),
        current.integrationId(), universalFlowId, input.nodes() != null ? FlowNodes.parse(input.nodes()) : current.nodes(),
        current.createdAt(), Rows.now(clock));
  }

  private Flow store(Caller caller, Flow flow) {
    database.inTransaction(handle -> handle.createUpdate("update flows set name = :name, nodes = :nodes, updated_at = :now"
            + " where id = :id and workspace_id = :ws")
        .bind("name", flow.name()).bind("nodes", FlowNodes.write(flow.nodes())).bind("now", Rows.time(flow.updatedAt()))
        .bind("id", flow.id()).bind("ws", caller.workspaceId()).execute());
    return flow;
  }

  private static int insert(Handle handle, String workspaceId, Flow flow) {
    return handle.createUpdate("insert into flows (id, workspace_id, scope, flow_key, name, integration_id, universal_id, nodes,"
            + " created_at, updated_at) values (:id, :ws, :scope, :key, :name, :integration, :universal, :nodes, :now, :now)")
        .bind("id", flow.id()).bind("ws", workspaceId)
        .bind("scope", flow.integrationId() == null ? UNIVERSAL : flow.integrationId()).bind("key", flow.key())
        .bind("name", flow.name()).bind("integration", flow.integrationId()).bind("universal", flow.universalFlowId())
        .bind("nodes", FlowNodes.write(flow.nodes())).bind("now", Rows.time(flow.createdAt())).execute();
  }

  private static Optional<Flow> byId(Handle handle, String workspaceId, String id) {
    return handle.createQuery("select * from flows where workspace_id = :ws and id = :id").bind("ws", workspaceId).bind("id", id)
        .map((rs, ctx) -> map(rs)).findOne();
  }

  private static Optional<Flow> byKey(Handle handle, String workspaceId, String scope, String key) {
    return handle.createQuery("select * from flows where workspace_id = :ws and scope = :scope and flow_key = :key")
        .bind("ws", workspaceId).bind("scope", scope).bind("key", key).map((rs, ctx) -> map(rs)).findOne();
  }

  private static Flow map(ResultSet rs) throws SQLException {
    return new Flow(rs.getString("id"), rs.getString("flow_key"), rs.getString("name"), rs.getString("integration_id"),
        rs.getString("universal_id"), FlowNodes.read(rs.getString("nodes")), Rows.requiredInstant(rs, "created_at"),
        Rows.requiredInstant(rs, "updated_at"));
  }

  private static String name(@Nullable String name, String key) {
    if (name == null) {
      return key;
    }
    if (name.isBlank() || name.length() > 255) {
      throw InvalidInputException.forField("name", "Invalid name: must be 1 to 255 characters.");
    }
    return name.strip();
  }

  static NotFoundException notFound(String selector, @Nullable String integration) {
    return new NotFoundException("No flow \"" + selector + "\"" + (integration == null ? "" : " for integration \""
        + integration + "\"") + " in this workspace. List flows with GET /flows, or create one with POST /flows.");
  }
}
