package dev.tributary.engine.datasource;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.connector.Parameters;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.udm.UdmConverter;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.Integration;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import dev.tributary.engine.events.EventSubscription;
import dev.tributary.engine.events.EventSubscriptionService;
import org.jspecify.annotations.Nullable;

/**
 * Data source instances: one per (data source, connection, instance key). A customer sees and
 * changes only its own. {@link #resolve} is the one way to learn which collection an instance
 * points to: every feature that names a data source goes through it, so a customer's change
 * reaches all of them at once.
 */
public final class DataSourceInstanceService {

  private final Database database;
  private final DataSourceService sources;
  private final ConnectionService connections;
  private final IntegrationService integrations;
  private final ConnectorRegistry connectors;
  private final ConnectionData data;
  private final UdmConverter udm;
  private final Clock clock;
  private final EventSubscriptionService events;

  public DataSourceInstanceService(Database database, DataSourceService sources, ConnectionService connections,
      IntegrationService integrations, ConnectorRegistry connectors, ConnectionData data, UdmConverter udm,
      EventSubscriptionService events, Clock clock) {
    this.events = events;
    this.database = database;
    this.sources = sources;
    this.connections = connections;
    this.integrations = integrations;
    this.connectors = connectors;
    this.data = data;
    this.udm = udm;
    this.clock = clock;
  }

  /** Filters for {@link #list}; null means any. */
  public record Filter(@Nullable String connection, @Nullable String dataSource, @Nullable String integration) {}

  /**
   * An instance with what it resolves to, as the API shows it.
   *
   * @param spec the collection's spec for this connection (custom fields included), or null when
   *     the instance points to no collection or the app could not be asked
   * @param state {@code READY} or {@code CONFIGURATION_ERROR}
   * @param errors what is wrong and what to do, when not ready
   */
  public record View(
      DataSourceInstance instance,
      DataSource dataSource,
      Connection connection,
      @Nullable String collectionKey,
      Map<String, Object> collectionParameters,
      @Nullable String defaultCollectionKey,
      Map<String, Object> defaultCollectionParameters,
      @Nullable CollectionSpec collectionSpec,
      int pullUpdatesIntervalSeconds,
      int fullSyncIntervalSeconds,
      String state,
      List<Map<String, Object>> errors,
      java.util.Set<String> subscribedTo,
      @Nullable String eventSubscriptionId) {

    public @Nullable String path() {
      return DataPaths.format(collectionKey, collectionParameters);
    }

    public @Nullable String defaultPath() {
      return DataPaths.format(defaultCollectionKey, defaultCollectionParameters);
    }
  }

  public Page<DataSourceInstance> list(Caller caller, Filter filter, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select i.* from data_source_instances i join data_sources d on d.id = i.data_source_id"
          + " where i.workspace_id = :ws and i.archived_at is null and i.id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if (caller instanceof Caller.ActingCustomer self) {
        sql.append(" and i.customer_id = :customer");
        bindings.put("customer", self.customerId());
      }
      if (filter.connection() != null) {
        sql.append(" and i.connection_id = :connection");
        bindings.put("connection", connections.get(caller, filter.connection()).id());
      }
      if (filter.dataSource() != null) {
        sql.append(" and (d.id = :dataSource or d.universal_id = :dataSource or d.ds_key = :dataSource)");
        bindings.put("dataSource", filter.dataSource());
      }
      if (filter.integration() != null) {
        sql.append(" and d.integration_id = :integration");
        bindings.put("integration", integrations.get(caller, filter.integration()).id());
      }
      sql.append(" order by i.id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> map(rs)).list(), page, DataSourceInstance::id);
    });
  }

  /**
   * @param autoCreate create the instance when it does not exist yet (needs a data source and a connection)
   * @throws NotFoundException when there is no such instance (and {@code autoCreate} is false), or it is another customer's
   */
  public DataSourceInstance get(Caller caller, InstanceSelector selector, boolean autoCreate) {
    selector.requireComplete();
    Optional<DataSourceInstance> found = database.withHandle(handle -> find(handle, caller, selector));
    if (found.isPresent()) {
      return found.get();
    }
    if (autoCreate && selector.id() == null) {
      return create(caller, selector);
    }
    throw notFound(selector);
  }

  /** Creates the instance, or returns it when it exists (an archived one is brought back, reset). */
  public DataSourceInstance create(Caller caller, InstanceSelector selector) {
    selector.requireComplete();
    if (selector.id() != null) {
      return get(caller, selector, false);
    }
    Connection connection = connections.get(caller, Objects.requireNonNull(selector.connection()));
    DataSource source = dataSourceFor(caller, Objects.requireNonNull(selector.dataSource()), connection);
    Instant now = Rows.now(clock);
    for (int attempt = 0; ; attempt++) {
      try {
        return database.inTransaction(handle -> {
          Optional<DataSourceInstance> existing = handle.createQuery("select * from data_source_instances where data_source_id = :ds"
                  + " and connection_id = :connection and instance_key = :key")
              .bind("ds", source.id()).bind("connection", connection.id()).bind("key", selector.instanceKey())
              .map((rs, ctx) -> map(rs)).findOne();
          if (existing.isPresent() && existing.get().archivedAt() == null) {
            return existing.get();
          }
          var instance = new DataSourceInstance(existing.map(DataSourceInstance::id).orElseGet(Ids::newId), source.id(),
              connection.id(), connection.customerId(), selector.instanceKey(), null, Map.of(), null, null, false,
              existing.map(DataSourceInstance::createdAt).orElse(now), now, null);
          if (existing.isPresent()) {
            store(handle, instance);
          } else {
            handle.createUpdate("insert into data_source_instances (id, workspace_id, data_source_id, connection_id, customer_id,"
                    + " instance_key, collection_parameters, is_customized, created_at, updated_at) values (:id, :ws, :ds,"
                    + " :connection, :customer, :key, '{}', false, :now, :now)")
                .bind("id", instance.id()).bind("ws", caller.workspaceId()).bind("ds", source.id())
                .bind("connection", connection.id()).bind("customer", connection.customerId())
                .bind("key", selector.instanceKey()).bind("now", Rows.time(now)).execute();
          }
          return instance;
        });
      } catch (RuntimeException e) {
        // Two first requests for one instance raced: the loser reads the winner's row.
        if (attempt > 0 || !Rows.isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  /**
   * Points the instance to another collection or parameters, or changes its intervals. The
   * collection must be a collection (not a directory) of the connection's app, and the parameters
   * must fit its parametersSchema.
   */
  public DataSourceInstance update(Caller caller, InstanceSelector selector, InstanceInput input) {
    DataSourceInstance current = get(caller, selector, false);
    Connection connection = connections.get(caller, current.connectionId());
    Connector connector = connector(caller, connection);
    String collectionKey = current.collectionKey();
    Map<String, Object> parameters = current.collectionParameters();
    if (input.path() != null && input.collectionKey() == null) {
      DataPaths.Location location = DataPaths.parse(input.path());
      collectionKey = location.key();
      parameters = location.parameters();
    }
    if (input.collectionKey() != null) {
      boolean changed = !input.collectionKey().equals(effectiveCollection(caller, current, connection).key());
      collectionKey = input.collectionKey();
      // Another collection takes other parameters: the old ones are dropped unless new ones come.
      parameters = input.collectionParameters() != null ? input.collectionParameters() : changed ? Map.of() : parameters;
    } else if (input.collectionParameters() != null) {
      collectionKey = effectiveCollection(caller, current, connection).key();
      parameters = input.collectionParameters();
    }
    if (collectionKey != null) {
      DataCollection collection = DataSourceRules.requireCollection(connector, collectionKey);
      parameters = Parameters.check(collection.parametersSchema(), parameters, "collection \"" + collectionKey + "\"");
    }
    Instant now = Rows.now(clock);
    var updated = new DataSourceInstance(current.id(), current.dataSourceId(), current.connectionId(), current.customerId(),
        current.instanceKey(), collectionKey, parameters,
        input.pullUpdatesIntervalSeconds() != null ? Intervals.check("pullUpdatesIntervalSeconds", input.pullUpdatesIntervalSeconds())
            : current.pullUpdatesIntervalSeconds(),
        input.fullSyncIntervalSeconds() != null ? Intervals.check("fullSyncIntervalSeconds", input.fullSyncIntervalSeconds())
            : current.fullSyncIntervalSeconds(),
        collectionKey != null || current.isCustomized() || input.pullUpdatesIntervalSeconds() != null
            || input.fullSyncIntervalSeconds() != null,
        current.createdAt(), now, null);
    database.inTransaction(handle -> {
      store(handle, updated);
      if (input.subscribedTo() != null) {
        List<String> types = input.subscribedTo().entrySet().stream().filter(entry -> Boolean.TRUE.equals(entry.getValue()))
            .map(Map.Entry::getKey).sorted().toList();
        handle.createUpdate("update data_source_instances set subscribed_to = :types where id = :id")
            .bind("types", types.isEmpty() ? null : String.join(",", types)).bind("id", updated.id()).execute();
      }
      return null;
    });
    followWithEvents(caller, updated);
    return updated;
  }

  private final List<java.util.function.BiConsumer<Caller, DataSourceInstance>> changeListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Calls {@code listener} after an instance changed where it points (collection, parameters,
   * intervals), was reset, archived or restored: what else watches its collection follows.
   */
  public void onChanged(java.util.function.BiConsumer<Caller, DataSourceInstance> listener) {
    changeListeners.add(listener);
  }

  private static String consumerId(String instanceId) {
    return "data-source-instance:" + instanceId;
  }

  /** The event types the instance is subscribed to. */
  private java.util.Set<String> subscribedTo(String instanceId) {
    Optional<String> types = database.reads().memoised(subscribedToKey(instanceId), () -> database.withHandle(handle ->
        handle.createQuery("select subscribed_to from data_source_instances where id = :id")
            .bind("id", instanceId).mapTo(String.class).findOne()));
    return types.<java.util.Set<String>>map(list -> new java.util.TreeSet<>(List.of(list.split(",")))).orElse(java.util.Set.of());
  }

  private static List<String> subscribedToKey(String instanceId) {
    return List.of("instance-subscribed-to", instanceId);
  }

  /** Maps an instance's row, keeping the event types it is subscribed to for a {@link #view} in this request. */
  private DataSourceInstance mapRow(ResultSet rs) throws SQLException {
    DataSourceInstance instance = map(rs);
    database.reads().remember(subscribedToKey(instance.id()), Optional.ofNullable(rs.getString("subscribed_to")));
    return instance;
  }

  /**
   * Keeps the instance's event subscription on the collection it points to now: after a change of
   * collection, parameters or intervals, the subscription follows (or is let go of when the
   * instance is subscribed to nothing, archived, or points to no collection).
   */
  private void followWithEvents(Caller caller, DataSourceInstance instance) {
    followOwnEvents(caller, instance);
    changeListeners.forEach(listener -> listener.accept(caller, instance));
  }

  private void followOwnEvents(Caller caller, DataSourceInstance instance) {
    java.util.Set<String> types = subscribedTo(instance.id());
    if (types.isEmpty() || instance.archivedAt() != null) {
      events.release(caller, consumerId(instance.id()));
      return;
    }
    ResolvedCollection resolved;
    try {
      resolved = resolve(caller, InstanceSelector.byId(instance.id()));
    } catch (dev.tributary.error.InvalidInputException e) {
      events.release(caller, consumerId(instance.id())); // no collection to watch; the instance's errors say why
      return;
    }
    events.acquire(caller, new EventSubscriptionService.Consumer(consumerId(instance.id()), resolved.connectionId(),
        resolved.collectionKey(), resolved.collectionParameters(), types, resolved.pullUpdatesIntervalSeconds(),
        resolved.fullSyncIntervalSeconds()));
  }

  /** Drops the customer's choice: the instance follows its data source's default again. */
  public DataSourceInstance reset(Caller caller, InstanceSelector selector) {
    DataSourceInstance current = get(caller, selector, false);
    var reset = new DataSourceInstance(current.id(), current.dataSourceId(), current.connectionId(), current.customerId(),
        current.instanceKey(), null, Map.of(), null, null, false, current.createdAt(), Rows.now(clock), null);
    database.inTransaction(handle -> {
      store(handle, reset);
      return null;
    });
    followWithEvents(caller, reset);
    return reset;
  }

  public DataSourceInstance archive(Caller caller, InstanceSelector selector) {
    DataSourceInstance current = get(caller, selector, false);
    Instant now = Rows.now(clock);
    var archived = new DataSourceInstance(current.id(), current.dataSourceId(), current.connectionId(), current.customerId(),
        current.instanceKey(), current.collectionKey(), current.collectionParameters(), current.pullUpdatesIntervalSeconds(),
        current.fullSyncIntervalSeconds(), current.isCustomized(), current.createdAt(), now, now);
    database.inTransaction(handle -> {
      store(handle, archived);
      return null;
    });
    followWithEvents(caller, archived);
    return archived;
  }

  public DataSourceInstance restore(Caller caller, InstanceSelector selector) {
    selector.requireComplete();
    DataSourceInstance current = database.withHandle(handle -> findAny(handle, caller, selector)).orElseThrow(() -> notFound(selector));
    var restored = new DataSourceInstance(current.id(), current.dataSourceId(), current.connectionId(), current.customerId(),
        current.instanceKey(), current.collectionKey(), current.collectionParameters(), current.pullUpdatesIntervalSeconds(),
        current.fullSyncIntervalSeconds(), current.isCustomized(), current.createdAt(), Rows.now(clock), null);
    database.inTransaction(handle -> {
      store(handle, restored);
      return null;
    });
    followWithEvents(caller, restored);
    return restored;
  }

  /**
   * Where the instance points now: the customer's choice, else its data source's default. Every
   * feature that names a data source for a connection calls this.
   *
   * @throws dev.tributary.error.InvalidInputException when the instance points to no collection,
   *     saying how to choose one
   */
  public ResolvedCollection resolve(Caller caller, InstanceSelector selector) {
    DataSourceInstance instance = get(caller, selector, selector.id() == null);
    Connection connection = connections.get(caller, instance.connectionId());
    DataSource source = sources.get(caller, instance.dataSourceId(), null);
    Location location = effectiveCollection(caller, instance, connection);
    if (location.key() == null) {
      throw new dev.tributary.error.InvalidInputException(noCollectionMessage(caller, source, connection, instance));
    }
    return new ResolvedCollection(instance, source, connection.id(), location.key(), location.parameters(), source.udm(),
        firstNonNull(instance.pullUpdatesIntervalSeconds(), source.pullUpdatesIntervalSeconds(), DataSource.DEFAULT_PULL_UPDATES_INTERVAL_SECONDS),
        firstNonNull(instance.fullSyncIntervalSeconds(), source.fullSyncIntervalSeconds(), DataSource.DEFAULT_FULL_SYNC_INTERVAL_SECONDS));
  }

  /**
   * Resolves a DataSourceUnitConfig (an action's or a flow node's {@code config.dataSource}, its
   * formulas already evaluated) for a connection: {@code {key}} names a shared data source, whose
   * instance for the connection and {@code instanceKey} decides the collection, so the customer's
   * choice reaches every action and flow at once; {@code {collectionKey | path | udm,
   * collectionParameters?}} names a collection inline ({@code udm} alone takes the collection the
   * app's connector maps to that model). {@code collectionParameters} in the unit win over the
   * instance's; {@code pullUpdatesIntervalSeconds} and {@code fullSyncIntervalSeconds} in the unit
   * win over the data source's (never below the minimum).
   *
   * @param field where the unit was given, named in errors (e.g. {@code config.dataSource})
   */
  @SuppressWarnings("unchecked")
  public DataSourceUnit resolveUnit(Caller caller, String connectionId, @Nullable String instanceKey,
      @Nullable Object unit, String field) {
    if (!(unit instanceof Map<?, ?> config)) {
      throw InvalidInputException.forField(field, field + " is missing: give {\"key\": <data source key>} (a shared data"
          + " source), or {\"collectionKey\": …, \"collectionParameters\": {…}} or {\"udm\": …} (inline).");
    }
    Map<String, Object> own = config.get("collectionParameters") instanceof Map<?, ?> given
        ? (Map<String, Object>) given : Map.of();
    Map<String, Object> parameters = new LinkedHashMap<>();
    if (config.get("key") instanceof String key) {
      ResolvedCollection resolved = resolve(caller, InstanceSelector.of(key, connectionId, instanceKey));
      parameters.putAll(resolved.collectionParameters());
      parameters.putAll(own);
      return new DataSourceUnit(resolved.connectionId(), resolved.collectionKey(), parameters, resolved.udm(),
          interval(config.get("pullUpdatesIntervalSeconds"), resolved.pullUpdatesIntervalSeconds()),
          interval(config.get("fullSyncIntervalSeconds"), resolved.fullSyncIntervalSeconds()));
    }
    String udmKey = config.get("udm") instanceof String text && !text.isBlank() ? text : null;
    String collectionKey = config.get("collectionKey") instanceof String text && !text.isBlank() ? text : null;
    if (collectionKey == null && config.get("path") instanceof String path && !path.isBlank()) {
      collectionKey = path.replaceFirst("^/?data/", "").replaceFirst("\\?.*$", "");
    }
    if (collectionKey == null && udmKey != null) {
      String model = udmKey;
      dev.tributary.connector.LocationPointer pointer = collectionForUdm(caller, connectionId, model)
          .orElseThrow(() -> InvalidInputException.forField(field + ".udm", "This connection's app maps no collection to"
              + " the Universal Data Model \"" + model + "\". Give " + field + ".collectionKey, or use a data source the"
              + " customer can point ({\"key\": …})."));
      collectionKey = pointer.key();
      parameters.putAll(pointer.parameters());
    }
    if (collectionKey == null) {
      throw InvalidInputException.forField(field, field + " names no collection: give \"key\" (a shared data source),"
          + " \"collectionKey\" or \"udm\".");
    }
    parameters.putAll(own);
    return new DataSourceUnit(connectionId, collectionKey, parameters, udmKey,
        interval(config.get("pullUpdatesIntervalSeconds"), DataSource.DEFAULT_PULL_UPDATES_INTERVAL_SECONDS),
        interval(config.get("fullSyncIntervalSeconds"), DataSource.DEFAULT_FULL_SYNC_INTERVAL_SECONDS));
  }

  private static int interval(@Nullable Object given, int fallback) {
    return given instanceof Number number ? Math.max(DataSource.MIN_INTERVAL_SECONDS, number.intValue()) : fallback;
  }

  /**
   * The collection a connection's app uses for a Universal Data Model (the connector's default for
   * it, or for one of its fallbacks), as a data source bound to that model would point to.
   */
  public Optional<dev.tributary.connector.LocationPointer> collectionForUdm(Caller caller, String connection, String udmKey) {
    return DefaultCollections.forUdm(connector(caller, connections.get(caller, connection)), udmKey, udm.catalogue());
  }

  /** The instance with its defaults, spec, state and errors resolved, as the API shows it. */
  public View view(Caller caller, DataSourceInstance instance) {
    Connection connection = connections.get(caller, instance.connectionId());
    DataSource source = sources.get(caller, instance.dataSourceId(), null);
    Location location = effectiveCollection(caller, instance, connection);
    List<Map<String, Object>> errors = new ArrayList<>();
    CollectionSpec spec = null;
    if (location.key() == null) {
      errors.add(error("configuration", noCollectionMessage(caller, source, connection, instance)));
    } else {
      try {
        spec = data.spec(caller, connection.id(), location.key(), location.parameters());
        if (source.udm() != null && udm.route(connector(caller, connection), source.udm(), location.key(), location.parameters()).isEmpty()) {
          errors.add(error("configuration", "The collection \"" + location.key() + "\" does not map to the Universal Data Model \""
              + source.udm() + "\" of this data source, so its records have no unifiedFields. Choose a collection that"
              + " does (PATCH this instance with collectionKey), or reset it to the default."));
        }
      } catch (ConnectorException e) {
        errors.add(error("connection", e.getMessage()));
      } catch (dev.tributary.error.TributaryException e) {
        errors.add(error("configuration", e.getMessage()));
      }
    }
    return new View(instance, source, connection, location.key(), location.parameters(), source.collectionKey(),
        source.collectionParameters(), spec,
        firstNonNull(instance.pullUpdatesIntervalSeconds(), source.pullUpdatesIntervalSeconds(), DataSource.DEFAULT_PULL_UPDATES_INTERVAL_SECONDS),
        firstNonNull(instance.fullSyncIntervalSeconds(), source.fullSyncIntervalSeconds(), DataSource.DEFAULT_FULL_SYNC_INTERVAL_SECONDS),
        errors.isEmpty() ? "READY" : "CONFIGURATION_ERROR", errors, subscribedTo(instance.id()),
        events.ofConsumer(caller, consumerId(instance.id())).map(EventSubscription::id).orElse(null));
  }

  private record Location(@Nullable String key, Map<String, Object> parameters) {}

  private Location effectiveCollection(Caller caller, DataSourceInstance instance, Connection connection) {
    if (instance.collectionKey() != null) {
      return new Location(instance.collectionKey(), instance.collectionParameters());
    }
    DataSource source = sources.get(caller, instance.dataSourceId(), null);
    if (source.collectionKey() == null && source.udm() != null) {
      // The connection may map its own collections to the model (e.g. a customer's table to contacts).
      Optional<dev.tributary.connector.LocationPointer> own =
          DefaultCollections.forUdm(connector(caller, connection), source.udm(), udm.catalogue());
      if (own.isPresent()) {
        return new Location(own.get().key(), own.get().parameters());
      }
    }
    return new Location(source.collectionKey(), source.collectionParameters());
  }

  private String noCollectionMessage(Caller caller, DataSource source, Connection connection, DataSourceInstance instance) {
    Integration integration = integrations.get(caller, connection.integrationId());
    return "The data source \"" + source.key() + "\" points to no collection in " + integration.name()
        + (source.udm() == null ? "" : " (its connector maps none to the Universal Data Model \"" + source.udm() + "\")")
        + ". Choose one: PATCH /data-source-instance?id=" + instance.id() + " with {\"collectionKey\": …}, or have an admin set"
        + " it for the integration (PATCH /integrations/" + integration.key() + "/data-sources/" + source.key() + ").";
  }

  private DataSource dataSourceFor(Caller caller, String dataSource, Connection connection) {
    Optional<DataSource> byKey = sources.forIntegration(caller, connection.integrationId(), dataSource);
    if (byKey.isPresent()) {
      return byKey.get();
    }
    DataSource found = sources.get(caller, dataSource, null);
    if (found.isUniversal()) {
      // Applied on the spot when the integration came before the data source's last apply.
      return sources.apply(Caller.admin(caller.workspaceId()), found.id(), List.of(connection.integrationId())).getFirst();
    }
    if (!connection.integrationId().equals(found.integrationId())) {
      throw new NotFoundException("The data source \"" + dataSource + "\" belongs to another integration than connection \""
          + connection.id() + "\".");
    }
    return found;
  }

  private Connector connector(Caller caller, Connection connection) {
    return connectors.require(integrations.get(caller, connection.integrationId()).connectorKey())
        .forConnection(connections.secretsOf(connection).connectorParameters());
  }

  private Optional<DataSourceInstance> find(Handle handle, Caller caller, InstanceSelector selector) {
    return findAny(handle, caller, selector).filter(instance -> instance.archivedAt() == null);
  }

  private Optional<DataSourceInstance> findAny(Handle handle, Caller caller, InstanceSelector selector) {
    Optional<DataSourceInstance> found;
    if (selector.id() != null) {
      found = handle.createQuery("select * from data_source_instances where workspace_id = :ws and id = :id")
          .bind("ws", caller.workspaceId()).bind("id", selector.id()).map((rs, ctx) -> mapRow(rs)).findOne();
    } else {
      Connection connection = connections.get(caller, Objects.requireNonNull(selector.connection()));
      DataSource source = dataSourceFor(caller, Objects.requireNonNull(selector.dataSource()), connection);
      found = handle.createQuery("select * from data_source_instances where data_source_id = :ds and connection_id = :connection"
              + " and instance_key = :key")
          .bind("ds", source.id()).bind("connection", connection.id()).bind("key", selector.instanceKey())
          .map((rs, ctx) -> mapRow(rs)).findOne();
    }
    return found.filter(instance -> !(caller instanceof Caller.ActingCustomer self) || self.customerId().equals(instance.customerId()));
  }

  private static void store(Handle handle, DataSourceInstance instance) {
    handle.createUpdate("update data_source_instances set collection_key = :key, collection_parameters = :parameters,"
            + " pull_interval = :pull, full_sync_interval = :full, is_customized = :customized, updated_at = :updated,"
            + " archived_at = :archived where id = :id")
        .bind("key", instance.collectionKey()).bind("parameters", Json.write(instance.collectionParameters()))
        .bind("pull", instance.pullUpdatesIntervalSeconds()).bind("full", instance.fullSyncIntervalSeconds())
        .bind("customized", instance.isCustomized()).bind("updated", Rows.time(instance.updatedAt()))
        .bind("archived", Rows.time(instance.archivedAt())).bind("id", instance.id()).execute();
  }

  private static DataSourceInstance map(ResultSet rs) throws SQLException {
    String parameters = rs.getString("collection_parameters");
    return new DataSourceInstance(rs.getString("id"), rs.getString("data_source_id"), rs.getString("connection_id"),
        rs.getString("customer_id"), rs.getString("instance_key"), rs.getString("collection_key"),
        parameters == null ? Map.of() : Json.readObject(parameters),
        (Integer) rs.getObject("pull_interval"), (Integer) rs.getObject("full_sync_interval"), rs.getBoolean("is_customized"),
        Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "updated_at"), Rows.instant(rs, "archived_at"));
  }

  private static Map<String, Object> error(String type, @Nullable String message) {
    return Map.of("type", type, "message", message == null ? "" : message);
  }

  private static int firstNonNull(@Nullable Integer first, @Nullable Integer second, int fallback) {
    return first != null ? first : second != null ? second : fallback;
  }

  private static NotFoundException notFound(InstanceSelector selector) {
    return new NotFoundException("No data source instance " + (selector.id() != null ? "\"" + selector.id() + "\""
        : "of data source \"" + selector.dataSource() + "\" for connection \"" + selector.connection() + "\""
            + (selector.instanceKey().isEmpty() ? "" : " with instanceKey \"" + selector.instanceKey() + "\""))
        + ". Create it with PUT /connections/{connection}/data-sources/{dataSource}, or GET it with autoCreate=true.");
  }
}
