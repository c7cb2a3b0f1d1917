package dev.tributary.engine.datasource;

import dev.tributary.connector.Connector;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.LocationPointer;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.udm.UdmCatalogue;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Integration;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Data sources. A universal data source is applied to every integration (when it is created, and
 * when an integration is created later): each integration gets a child that points to the
 * collection the connector maps to the data source's UDM. An admin may customise a child; {@code
 * reset} makes it follow the universal data source again.
 */
public final class DataSourceService {

  private final Database database;
  private final IntegrationService integrations;
  private final ConnectorRegistry connectors;
  private final UdmCatalogue catalogue;
  private final Clock clock;

  public DataSourceService(Database database, IntegrationService integrations, ConnectorRegistry connectors,
      UdmCatalogue catalogue, Clock clock) {
    this.database = database;
    this.integrations = integrations;
    this.connectors = connectors;
    this.catalogue = catalogue;
    this.clock = clock;
  }

  /**
   * Filters for {@link #list}.
   *
   * @param integration only data sources of this integration (id or key); {@code "null"} for universal ones
   * @param universalDataSourceId only the children of this universal data source
   */
  public record Filter(@Nullable String integration, @Nullable String universalDataSourceId) {}

  public Page<DataSource> list(Caller caller, Filter filter, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select * from data_sources where workspace_id = :ws and archived_at is null and id > :after");
      var bindings = new java.util.LinkedHashMap<String, Object>();
      if ("null".equals(filter.integration())) {
        sql.append(" and integration_id is null");
      } else if (filter.integration() != null) {
        sql.append(" and integration_id = :integration");
        bindings.put("integration", integrations.get(caller, filter.integration()).id());
      }
      if (filter.universalDataSourceId() != null) {
        sql.append(" and universal_id = :universal");
        bindings.put("universal", filter.universalDataSourceId());
      }
      sql.append(" order by id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> DataSourceStore.map(rs)).list(), page, DataSource::id);
    });
  }

  /** By id, or by key (a universal data source's key, or with {@code integration} the integration's). */
  public DataSource get(Caller caller, String selector, @Nullable String integration) {
    return database.reads().memoised(
        List.of("data-source", caller.workspaceId(), selector, Objects.requireNonNullElse(integration, "")),
        () -> database.withHandle(handle -> find(handle, caller, selector, integration)));
  }

  /** The data source of an integration with this key (its own, or the child of a universal one). */
  public Optional<DataSource> forIntegration(Caller caller, String integrationId, String key) {
    Optional<DataSource> found = database.reads().memoised(List.of("integration-data-source", caller.workspaceId(), integrationId, key),
        () -> database.withHandle(handle -> DataSourceStore.byKey(handle, caller.workspaceId(), integrationId, key))
            .filter(source -> source.archivedAt() == null));
    found.ifPresent(source -> database.reads().remember(List.of("data-source", caller.workspaceId(), source.id(), ""), source));
    return found;
  }

  public DataSource create(Caller caller, DataSourceInput input) {
    caller.requireAdmin("create data sources");
    String key = DataSourceRules.key(input.key());
    Instant now = Rows.now(clock);
    try {
      return database.inTransaction(handle -> {
        if (input.integration() == null) {
          if (input.collectionKey() != null) {
            throw InvalidInputException.forField("collectionKey", "A universal data source points to no collection: give it"
                + " a \"udm\" (e.g. \"tasks\") and each integration resolves its own, or give \"integrationId\" to make a"
                + " data source for one integration.");
          }
          var source = new DataSource(Ids.newId(), key, DataSourceRules.name(input.name(), key), null, null, udm(input.udm()),
              null, Map.of(), Intervals.check("pullUpdatesIntervalSeconds", input.pullUpdatesIntervalSeconds()),
              Intervals.check("fullSyncIntervalSeconds", input.fullSyncIntervalSeconds()), false, now, now, null);
          DataSourceStore.insert(handle, caller.workspaceId(), source);
          for (Integration integration : integrations.all(caller)) {
            applyTo(handle, caller, source, integration, now);
          }
          return source;
        }
        Integration integration = integrations.get(caller, input.integration());
        Connector connector = connectors.require(integration.connectorKey());
        String udm = udm(input.udm());
        String collectionKey = input.collectionKey();
        Map<String, Object> parameters = input.collectionParameters() == null ? Map.of() : input.collectionParameters();
        if (collectionKey == null && udm != null) {
          Optional<LocationPointer> pointer = DefaultCollections.forUdm(connector, udm, catalogue);
          collectionKey = pointer.map(LocationPointer::key).orElse(null);
          parameters = pointer.map(LocationPointer::parameters).orElse(parameters);
        }
        if (collectionKey == null) {
          throw InvalidInputException.forField("collectionKey", "A data source for one integration points to a collection:"
              + " give \"collectionKey\" (one of " + collections(connector) + ") or a \"udm\" the " + connector.info().name()
              + " connector maps.");
        }
        DataSourceRules.requireCollection(connector, collectionKey);
        var source = new DataSource(Ids.newId(), key, DataSourceRules.name(input.name(), key), integration.id(), null, udm,
            collectionKey, parameters, Intervals.check("pullUpdatesIntervalSeconds", input.pullUpdatesIntervalSeconds()),
            Intervals.check("fullSyncIntervalSeconds", input.fullSyncIntervalSeconds()), false, now, now, null);
        DataSourceStore.insert(handle, caller.workspaceId(), source);
        return source;
      });
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        throw new ConflictException("A data source with key \"" + key + "\" already exists"
            + (input.integration() == null ? "" : " for integration \"" + input.integration() + "\"")
            + ". Choose another key, or change the existing one.", "key");
      }
      throw e;
    }
  }

  /**
   * Changes a data source. On a universal one the change reaches every child that is not
   * customised; on an integration's child it customises the child.
   */
  public DataSource update(Caller caller, String selector, @Nullable String integration, DataSourceInput input) {
    caller.requireAdmin("change data sources");
    return database.inTransaction(handle -> {
      DataSource current = find(handle, caller, selector, integration);
      Instant now = Rows.now(clock);
      String udm = input.udm() != null ? udm(input.udm()) : current.udm();
      String collectionKey = current.collectionKey();
      Map<String, Object> parameters = current.collectionParameters();
      if (!current.isUniversal()) {
        Connector connector = connectors.require(integrations.get(caller, current.integrationId()).connectorKey());
        if (input.collectionKey() != null) {
          collectionKey = DataSourceRules.requireCollection(connector, input.collectionKey()).key();
          parameters = input.collectionParameters() == null ? Map.of() : input.collectionParameters();
        } else if (input.collectionParameters() != null) {
          parameters = input.collectionParameters();
        }
      } else if (input.collectionKey() != null) {
        throw InvalidInputException.forField("collectionKey", "A universal data source points to no collection; change its"
            + " \"udm\", or customise one integration's data source with PATCH /integrations/{integration}/data-sources/" + current.key() + ".");
      }
      var updated = new DataSource(current.id(), input.key() != null ? DataSourceRules.key(input.key()) : current.key(),
          input.name() != null ? DataSourceRules.name(input.name(), current.key()) : current.name(),
          current.integrationId(), current.universalDataSourceId(), udm, collectionKey, parameters,
          input.pullUpdatesIntervalSeconds() != null ? Intervals.check("pullUpdatesIntervalSeconds", input.pullUpdatesIntervalSeconds())
              : current.pullUpdatesIntervalSeconds(),
          input.fullSyncIntervalSeconds() != null ? Intervals.check("fullSyncIntervalSeconds", input.fullSyncIntervalSeconds())
              : current.fullSyncIntervalSeconds(),
          current.universalDataSourceId() != null || current.isCustomized(), current.createdAt(), now, current.archivedAt());
      DataSourceStore.update(handle, updated);
      if (updated.isUniversal()) {
        for (DataSource child : DataSourceStore.children(handle, updated.id())) {
          if (!child.isCustomized()) {
            DataSourceStore.update(handle, derive(caller, updated, child, now));
          }
        }
      }
      return updated;
    });
  }

  /** An integration's child follows its universal data source again. */
  public DataSource reset(Caller caller, String selector, @Nullable String integration) {
    caller.requireAdmin("reset data sources");
    return database.inTransaction(handle -> {
      DataSource current = find(handle, caller, selector, integration);
      Instant now = Rows.now(clock);
      if (current.isUniversal()) {
        for (DataSource child : DataSourceStore.children(handle, current.id())) {
          DataSourceStore.update(handle, derive(caller, current, child, now));
        }
        return current;
      }
      if (current.universalDataSourceId() == null) {
        return current;
      }
      DataSource universal = DataSourceStore.byId(handle, caller.workspaceId(), current.universalDataSourceId()).orElseThrow();
      DataSource reset = derive(caller, universal, current, now);
      DataSourceStore.update(handle, reset);
      return reset;
    });
  }

  /** Applies a universal data source to integrations (by key or id); returns their children. */
  public List<DataSource> apply(Caller caller, String selector, List<String> integrationSelectors) {
    caller.requireAdmin("apply data sources");
    return database.inTransaction(handle -> {
      DataSource universal = find(handle, caller, selector, null);
      if (!universal.isUniversal()) {
        throw new InvalidInputException("Only a universal data source can be applied to integrations; \"" + universal.key()
            + "\" belongs to one integration.");
      }
      List<DataSource> children = new ArrayList<>();
      for (String integration : integrationSelectors) {
        children.add(applyTo(handle, caller, universal, integrations.get(caller, integration), Rows.now(clock)));
      }
      return children;
    });
  }

  /** Applies every universal data source to a new integration (called when an integration is created). */
  public void applyAll(Caller caller, Integration integration) {
    database.inTransaction(handle -> {
      for (DataSource universal : DataSourceStore.universals(handle, caller.workspaceId())) {
        applyTo(handle, caller, universal, integration, Rows.now(clock));
      }
      return null;
    });
  }

  public DataSource archive(Caller caller, String selector, @Nullable String integration) {
    caller.requireAdmin("archive data sources");
    return setArchived(caller, selector, integration, true);
  }

  public DataSource restore(Caller caller, String selector, @Nullable String integration) {
    caller.requireAdmin("restore data sources");
    return setArchived(caller, selector, integration, false);
  }

  private DataSource setArchived(Caller caller, String selector, @Nullable String integration, boolean archived) {
    return database.inTransaction(handle -> {
      DataSource current = archived ? find(handle, caller, selector, integration)
          : DataSourceStore.byId(handle, caller.workspaceId(), selector).orElseThrow(() -> notFound(selector));
      Instant now = Rows.now(clock);
      var changed = new DataSource(current.id(), current.key(), current.name(), current.integrationId(),
          current.universalDataSourceId(), current.udm(), current.collectionKey(), current.collectionParameters(),
          current.pullUpdatesIntervalSeconds(), current.fullSyncIntervalSeconds(), current.isCustomized(),
          current.createdAt(), now, archived ? now : null);
      DataSourceStore.update(handle, changed);
      return changed;
    });
  }

  private DataSource applyTo(Handle handle, Caller caller, DataSource universal, Integration integration, Instant now) {
    Optional<DataSource> existing = DataSourceStore.childOf(handle, universal.id(), integration.id());
    if (existing.isPresent()) {
      return existing.get();
    }
    DataSource template = new DataSource(Ids.newId(), universal.key(), universal.name(), integration.id(), universal.id(),
        null, null, Map.of(), null, null, false, now, now, null);
    DataSource child = derive(caller, universal, template, now);
    DataSourceStore.insert(handle, caller.workspaceId(), child);
    return child;
  }

  /** The child as the universal data source makes it: its UDM's default collection in the connector. */
  private DataSource derive(Caller caller, DataSource universal, DataSource child, Instant now) {
    String collectionKey = null;
    Map<String, Object> parameters = Map.of();
    if (universal.udm() != null && child.integrationId() != null) {
      Optional<Connector> connector = connectors.find(integrations.get(caller, child.integrationId()).connectorKey());
      Optional<LocationPointer> pointer = connector.flatMap(c -> DefaultCollections.forUdm(c, universal.udm(), catalogue));
      collectionKey = pointer.map(LocationPointer::key).orElse(null);
      parameters = pointer.map(LocationPointer::parameters).orElse(Map.of());
    }
    return new DataSource(child.id(), universal.key(), universal.name(), child.integrationId(), universal.id(), universal.udm(),
        collectionKey, parameters, universal.pullUpdatesIntervalSeconds(), universal.fullSyncIntervalSeconds(), false,
        child.createdAt(), now, child.archivedAt());
  }

  private @Nullable String udm(@Nullable String udm) {
    if (udm != null) {
      catalogue.find(udm).orElseThrow(() -> InvalidInputException.forField("udm", "Unknown udm \"" + udm
          + "\". Known Universal Data Models: " + String.join(", ", catalogue.all().stream().map(u -> u.key()).toList()) + "."));
    }
    return udm;
  }

  private static String collections(Connector connector) {
    return String.join(", ", connector.locations().stream().filter(l -> l instanceof DataCollection).map(DataLocation::key).toList());
  }

  DataSource find(Handle handle, Caller caller, String selector, @Nullable String integration) {
    Optional<DataSource> found = DataSourceStore.byId(handle, caller.workspaceId(), selector);
    if (found.isEmpty()) {
      String integrationId = integration == null ? null : integrations.get(caller, integration).id();
      found = DataSourceStore.byKey(handle, caller.workspaceId(), integrationId, selector);
    }
    return found.filter(source -> source.archivedAt() == null).orElseThrow(() -> notFound(selector));
  }

  static NotFoundException notFound(String selector) {
    return new NotFoundException("No data source \"" + selector + "\" in this workspace. List data sources with GET"
        + " /data-sources, or create one with POST /data-sources.");
  }
}
