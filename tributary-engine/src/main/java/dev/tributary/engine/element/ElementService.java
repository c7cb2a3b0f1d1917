package dev.tributary.engine.element;

import dev.tributary.engine.datasource.DataSourceRules;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.Integration;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * The layers of one kind of element, as data sources have them: a universal element is applied to
 * every integration (when it is created, and when an integration is created later), each
 * integration getting a child that follows it until an admin customises the child ({@code reset}
 * makes it follow again); each connection gets an instance of its integration's element (per
 * {@code instanceKey}), which a customer sees and changes only for its own connections.
 */
public final class ElementService {

  private final Database database;
  private final IntegrationService integrations;
  private final ConnectionService connections;
  private final ElementKind kind;
  private final ElementKind.Rules rules;
  private final ElementStore store;
  private final Clock clock;

  public ElementService(Database database, IntegrationService integrations, ConnectionService connections, ElementKind kind,
      ElementKind.Rules rules, Clock clock) {
    this.database = database;
    this.integrations = integrations;
    this.connections = connections;
    this.kind = kind;
    this.rules = rules;
    this.store = new ElementStore(kind);
    this.clock = clock;
    integrations.onCreated(this::applyAll);
  }

  public ElementKind kind() {
    return kind;
  }

  /**
   * Filters for {@link #list}.
   *
   * @param integration only elements of this integration (id or key); {@code "null"} for universal ones
   * @param universalId only the children of this universal element
   */
  public record Filter(@Nullable String integration, @Nullable String universalId) {}

  public Page<Element> list(Caller caller, Filter filter, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select * from " + store.table()
          + " where workspace_id = :ws and archived_at is null and id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if ("null".equals(filter.integration())) {
        sql.append(" and integration_id is null");
      } else if (filter.integration() != null) {
        sql.append(" and integration_id = :integration");
        bindings.put("integration", integrations.get(caller, filter.integration()).id());
      }
      if (filter.universalId() != null) {
        sql.append(" and universal_id = :universal");
        bindings.put("universal", filter.universalId());
      }
      sql.append(" order by id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> ElementStore.map(rs)).list(), page, Element::id);
    });
  }

  /** By id, or by key (a universal element's key, or with {@code integration} the integration's). */
  public Element get(Caller caller, String selector, @Nullable String integration) {
    return database.withHandle(handle -> find(handle, caller, selector, integration));
  }

  /**
   * @param integration the integration (id or key) the element is for; null for a universal one
   */
  public Element create(Caller caller, @Nullable String key, @Nullable String name, @Nullable String integration,
      Map<String, Object> spec) {
    caller.requireAdmin("create " + kind.noun() + "s");
    String checkedKey = DataSourceRules.key(key);
    Instant now = Rows.now(clock);
    try {
      return database.inTransaction(handle -> {
        Integration owner = integration == null ? null : integrations.get(caller, integration);
        Map<String, Object> checked = rules.check(caller, owner == null ? null : owner.id(), spec);
        var element = new Element(Ids.newId(), checkedKey, DataSourceRules.name(name, checkedKey),
            owner == null ? null : owner.id(), null, checked, false, now, now, null);
        store.insert(handle, caller.workspaceId(), element);
        if (owner == null) {
          for (Integration each : integrations.all(caller)) {
            applyTo(handle, caller, element, each, now);
          }
        }
        return element;
      });
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        throw new ConflictException("A " + kind.noun() + " with key \"" + checkedKey + "\" already exists"
            + (integration == null ? "" : " for integration \"" + integration + "\"") + ". Choose another key, or change"
            + " the existing one.", "key");
      }
      throw e;
    }
  }

  /**
   * Changes an element: {@code changes} replace the spec's fields of the same name (a null value
   * removes one). On a universal element the change reaches every child that is not customised; on
   * an integration's child it customises the child.
   */
  public Element update(Caller caller, String selector, @Nullable String integration, @Nullable String key,
      @Nullable String name, Map<String, Object> changes) {
    caller.requireAdmin("change " + kind.noun() + "s");
    return database.inTransaction(handle -> {
      Element current = find(handle, caller, selector, integration);
      Map<String, Object> spec = new LinkedHashMap<>(current.spec());
      changes.forEach((field, value) -> {
        if (value == null) {
          spec.remove(field);
        } else {
          spec.put(field, value);
        }
      });
      Instant now = Rows.now(clock);
      Element updated = current.with(key != null ? DataSourceRules.key(key) : current.key(),
          name != null ? DataSourceRules.name(name, current.key()) : current.name(),
          rules.check(caller, current.integrationId(), spec),
          current.universalId() != null || current.isCustomized(), now, current.archivedAt());
      store.update(handle, updated);
      if (updated.isUniversal()) {
        for (Element child : store.children(handle, updated.id())) {
          if (!child.isCustomized()) {
            store.update(handle, derive(updated, child, now));
          }
        }
      }
      return updated;
    });
  }

  /** An integration's child follows its universal element again; on a universal element, all its children do. */
  public Element reset(Caller caller, String selector, @Nullable String integration) {
    caller.requireAdmin("reset " + kind.noun() + "s");
    return database.inTransaction(handle -> {
      Element current = find(handle, caller, selector, integration);
      Instant now = Rows.now(clock);
      if (current.isUniversal()) {
        for (Element child : store.children(handle, current.id())) {
          store.update(handle, derive(current, child, now));
        }
        return current;
      }
      if (current.universalId() == null) {
        return current;
      }
      Element reset = derive(store.byId(handle, caller.workspaceId(), current.universalId()).orElseThrow(), current, now);
      store.update(handle, reset);
      return reset;
    });
  }

  /** Applies a universal element to integrations (by key or id); returns their children. */
  public List<Element> apply(Caller caller, String selector, List<String> integrationSelectors) {
    caller.requireAdmin("apply " + kind.noun() + "s");
    return database.inTransaction(handle -> {
      Element universal = find(handle, caller, selector, null);
      if (!universal.isUniversal()) {
        throw new InvalidInputException("Only a universal " + kind.noun() + " can be applied to integrations; \""
            + universal.key() + "\" belongs to one integration.");
      }
      List<Element> children = new ArrayList<>();
      for (String integration : integrationSelectors) {
        children.add(applyTo(handle, caller, universal, integrations.get(caller, integration), Rows.now(clock)));
      }
      return children;
    });
  }

  /** Applies every universal element to a new integration (called when an integration is created). */
  public void applyAll(Caller caller, Integration integration) {
    database.inTransaction(handle -> {
      for (Element universal : store.universals(handle, caller.workspaceId())) {
        applyTo(handle, caller, universal, integration, Rows.now(clock));
      }
      return null;
    });
  }

  public Element archive(Caller caller, String selector, @Nullable String integration) {
    caller.requireAdmin("archive " + kind.noun() + "s");
    return database.inTransaction(handle -> {
      Element current = find(handle, caller, selector, integration);
      Instant now = Rows.now(clock);
      Element archived = current.with(current.key(), current.name(), current.spec(), current.isCustomized(), now, now);
      store.update(handle, archived);
      return archived;
    });
  }

  public Element restore(Caller caller, String selector) {
    caller.requireAdmin("restore " + kind.noun() + "s");
    return database.inTransaction(handle -> {
      Element current = store.byId(handle, caller.workspaceId(), selector).orElseThrow(() -> notFound(selector));
      Element restored = current.with(current.key(), current.name(), current.spec(), current.isCustomized(), Rows.now(clock), null);
      store.update(handle, restored);
      return restored;
    });
  }

  /**
   * The element a connection uses: its integration's own with this key (or id), or the child of
   * the universal one (applied on the spot when the integration came before it).
   */
  public Element forConnection(Caller caller, String selector, Connection connection) {
    return database.inTransaction(handle -> forConnection(handle, caller, selector, connection));
  }

  private Element forConnection(Handle handle, Caller caller, String selector, Connection connection) {
    Optional<Element> own = store.byKey(handle, caller.workspaceId(), connection.integrationId(), selector)
        .filter(element -> element.archivedAt() == null);
    if (own.isPresent()) {
      return own.get();
    }
    Element found = find(handle, caller, selector, null);
    if (found.isUniversal()) {
      return applyTo(handle, caller, found, integrations.get(caller, connection.integrationId()), Rows.now(clock));
    }
    if (!connection.integrationId().equals(found.integrationId())) {
      throw new NotFoundException("The " + kind.noun() + " \"" + selector + "\" belongs to another integration than connection \""
          + connection.id() + "\".");
    }
    return found;
  }

  /** Filters for {@link #listInstances}; null means any. */
  public record InstanceFilter(@Nullable String connection, @Nullable String element, @Nullable String integration) {}

  public Page<ElementInstance> listInstances(Caller caller, InstanceFilter filter, PageRequest page) {
    return database.withHandle(handle -> {
      StringBuilder sql = new StringBuilder("select i.* from " + store.instanceTable() + " i join " + store.table()
          + " e on e.id = i.element_id where i.workspace_id = :ws and i.archived_at is null and i.id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if (caller instanceof Caller.ActingCustomer self) {
        sql.append(" and i.customer_id = :customer");
        bindings.put("customer", self.customerId());
      }
      if (filter.connection() != null) {
        sql.append(" and i.connection_id = :connection");
        bindings.put("connection", connections.get(caller, filter.connection()).id());
      }
      if (filter.element() != null) {
        sql.append(" and (e.id = :element or e.universal_id = :element or e.el_key = :element)");
        bindings.put("element", filter.element());
      }
      if (filter.integration() != null) {
        sql.append(" and e.integration_id = :integration");
        bindings.put("integration", integrations.get(caller, filter.integration()).id());
      }
      sql.append(" order by i.id limit :limit");
      return Page.fromOverfetched(handle.createQuery(sql.toString()).bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), "")).bind("limit", page.limit() + 1).bindMap(bindings)
          .map((rs, ctx) -> ElementStore.mapInstance(rs)).list(), page, ElementInstance::id);
    });
  }

  /**
   * @param autoCreate create the instance when it does not exist yet
   * @throws NotFoundException when there is no such instance (and {@code autoCreate} is false), or it is another customer's
   */
  public ElementInstance instance(Caller caller, InstanceSelector selector, boolean autoCreate) {
    selector.requireComplete(kind);
    Optional<ElementInstance> found = database.inTransaction(handle -> findInstance(handle, caller, selector))
        .filter(instance -> instance.archivedAt() == null);
    if (found.isPresent()) {
      return found.get();
    }
    if (autoCreate && selector.id() == null) {
      return createInstance(caller, selector);
    }
    throw notFound(selector);
  }

  /** Creates the instance, or returns it when it exists (an archived one comes back, reset). */
  public ElementInstance createInstance(Caller caller, InstanceSelector selector) {
    selector.requireComplete(kind);
    if (selector.id() != null) {
      return instance(caller, selector, false);
    }
    Connection connection = connections.get(caller, Objects.requireNonNull(selector.connection()));
    for (int attempt = 0; ; attempt++) {
      try {
        return database.inTransaction(handle -> {
          Element element = forConnection(handle, caller, Objects.requireNonNull(selector.element()), connection);
          Optional<ElementInstance> existing = store.instanceOf(handle, element.id(), connection.id(), selector.instanceKey());
          if (existing.isPresent() && existing.get().archivedAt() == null) {
            return existing.get();
          }
          Instant now = Rows.now(clock);
          if (existing.isPresent()) {
            ElementInstance revived = existing.get().with(Map.of(), false, now, null);
            store.updateInstance(handle, revived);
            return revived;
          }
          var created = new ElementInstance(Ids.newId(), element.id(), connection.id(), connection.customerId(),
              selector.instanceKey(), Map.of(), false, now, now, null);
          store.insertInstance(handle, caller.workspaceId(), created);
          return created;
        });
      } catch (RuntimeException e) {
        // Two first requests for one instance raced: the loser reads the winner's row.
        if (attempt > 0 || !Rows.isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  /** Replaces what the customer set on the instance; an empty config makes it follow its element again. */
  public ElementInstance configure(Caller caller, InstanceSelector selector, Map<String, Object> config) {
    ElementInstance current = instance(caller, selector, false);
    ElementInstance changed = current.with(config, !config.isEmpty(), Rows.now(clock), null);
    database.inTransaction(handle -> {
      store.updateInstance(handle, changed);
      return null;
    });
    return changed;
  }

  public ElementInstance archiveInstance(Caller caller, InstanceSelector selector) {
    ElementInstance current = instance(caller, selector, false);
    Instant now = Rows.now(clock);
    ElementInstance archived = current.with(current.config(), current.isCustomized(), now, now);
    database.inTransaction(handle -> {
      store.updateInstance(handle, archived);
      return null;
    });
    return archived;
  }

  public ElementInstance restoreInstance(Caller caller, InstanceSelector selector) {
    selector.requireComplete(kind);
    ElementInstance current = database.inTransaction(handle -> findInstance(handle, caller, selector))
        .orElseThrow(() -> notFound(selector));
    ElementInstance restored = current.with(current.config(), current.isCustomized(), Rows.now(clock), null);
    database.inTransaction(handle -> {
      store.updateInstance(handle, restored);
      return null;
    });
    return restored;
  }

  /** The element an instance belongs to (archived or not). */
  public Element elementOf(Caller caller, ElementInstance instance) {
    return database.withHandle(handle -> store.byId(handle, caller.workspaceId(), instance.elementId()).orElseThrow());
  }

  private Optional<ElementInstance> findInstance(Handle handle, Caller caller, InstanceSelector selector) {
    Optional<ElementInstance> found;
    if (selector.id() != null) {
      found = store.instanceById(handle, caller.workspaceId(), selector.id());
    } else {
      Connection connection = connections.get(caller, Objects.requireNonNull(selector.connection()));
      Element element = forConnection(handle, caller, Objects.requireNonNull(selector.element()), connection);
      found = store.instanceOf(handle, element.id(), connection.id(), selector.instanceKey());
    }
    return found.filter(instance -> !(caller instanceof Caller.ActingCustomer self) || self.customerId().equals(instance.customerId()));
  }

  private Element applyTo(Handle handle, Caller caller, Element universal, Integration integration, Instant now) {
    Optional<Element> existing = store.childOf(handle, universal.id(), integration.id());
    if (existing.isPresent()) {
      return existing.get();
    }
    var template = new Element(Ids.newId(), universal.key(), universal.name(), integration.id(), universal.id(), Map.of(), false,
        now, now, null);
    Element child = derive(universal, template, now);
    store.insert(handle, caller.workspaceId(), child);
    return child;
  }

  private Element derive(Element universal, Element child, Instant now) {
    return child.with(universal.key(), universal.name(), rules.derive(universal.spec()), false, now, child.archivedAt());
  }

  private Element find(Handle handle, Caller caller, String selector, @Nullable String integration) {
    Optional<Element> found = store.byId(handle, caller.workspaceId(), selector);
    if (found.isEmpty()) {
      String integrationId = integration == null ? null : integrations.get(caller, integration).id();
      found = store.byKey(handle, caller.workspaceId(), integrationId, selector);
    }
    return found.filter(element -> element.archivedAt() == null).orElseThrow(() -> notFound(selector));
  }

  private NotFoundException notFound(String selector) {
    return new NotFoundException("No " + kind.noun() + " \"" + selector + "\" in this workspace. List them with GET /"
        + kind.path() + ", or create one with POST /" + kind.path() + ".");
  }

  private NotFoundException notFound(InstanceSelector selector) {
    return new NotFoundException("No " + kind.noun() + " instance " + (selector.id() != null ? "\"" + selector.id() + "\""
        : "of " + kind.noun() + " \"" + selector.element() + "\" for connection \"" + selector.connection() + "\""
            + (selector.instanceKey().isEmpty() ? "" : " with instanceKey \"" + selector.instanceKey() + "\""))
        + ". Create it with PUT /connections/{connection}/" + kind.path() + "/{key}, or GET it with autoCreate=true.");
  }
}
