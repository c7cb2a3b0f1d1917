package dev.tributary.engine.element;

import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** The SQL of one kind of layered element; the table names come from {@link ElementKind}, never from input. */
final class ElementStore {

  static final String UNIVERSAL_SCOPE = "*";

  private final String table;
  private final String instances;

  ElementStore(ElementKind kind) {
    this.table = kind.table();
    this.instances = kind.instanceTable();
  }

  String table() {
    return table;
  }

  String instanceTable() {
    return instances;
  }

  void insert(Handle handle, String workspaceId, Element element) {
    handle.createUpdate("insert into " + table + " (id, workspace_id, scope, el_key, name, integration_id, universal_id, spec,"
            + " is_customized, created_at, updated_at) values (:id, :ws, :scope, :key, :name, :integration, :universal, :spec,"
            + " :customized, :created, :updated)")
        .bind("id", element.id()).bind("ws", workspaceId)
        .bind("scope", element.integrationId() == null ? UNIVERSAL_SCOPE : element.integrationId())
        .bind("key", element.key()).bind("name", element.name()).bind("integration", element.integrationId())
        .bind("universal", element.universalId()).bind("spec", Json.write(element.spec()))
        .bind("customized", element.isCustomized())
        .bind("created", Rows.time(element.createdAt())).bind("updated", Rows.time(element.updatedAt()))
        .execute();
  }

  void update(Handle handle, Element element) {
    handle.createUpdate("update " + table + " set el_key = :key, name = :name, spec = :spec, is_customized = :customized,"
            + " updated_at = :updated, archived_at = :archived where id = :id")
        .bind("key", element.key()).bind("name", element.name()).bind("spec", Json.write(element.spec()))
        .bind("customized", element.isCustomized()).bind("updated", Rows.time(element.updatedAt()))
        .bind("archived", Rows.time(element.archivedAt())).bind("id", element.id())
        .execute();
  }

  Optional<Element> byId(Handle handle, String workspaceId, String id) {
    return handle.createQuery("select * from " + table + " where workspace_id = :ws and id = :id")
        .bind("ws", workspaceId).bind("id", id).map((rs, ctx) -> map(rs)).findOne();
  }

  Optional<Element> byKey(Handle handle, String workspaceId, @Nullable String integrationId, String key) {
    return handle.createQuery("select * from " + table + " where workspace_id = :ws and scope = :scope and el_key = :key")
        .bind("ws", workspaceId).bind("scope", integrationId == null ? UNIVERSAL_SCOPE : integrationId).bind("key", key)
        .map((rs, ctx) -> map(rs)).findOne();
  }

  Optional<Element> childOf(Handle handle, String universalId, String integrationId) {
    return handle.createQuery("select * from " + table + " where universal_id = :universal and integration_id = :integration")
        .bind("universal", universalId).bind("integration", integrationId).map((rs, ctx) -> map(rs)).findOne();
  }

  List<Element> children(Handle handle, String universalId) {
    return handle.createQuery("select * from " + table + " where universal_id = :universal order by id")
        .bind("universal", universalId).map((rs, ctx) -> map(rs)).list();
  }

  List<Element> universals(Handle handle, String workspaceId) {
    return handle.createQuery("select * from " + table + " where workspace_id = :ws and scope = :scope and archived_at is null"
            + " order by id")
        .bind("ws", workspaceId).bind("scope", UNIVERSAL_SCOPE).map((rs, ctx) -> map(rs)).list();
  }

  void insertInstance(Handle handle, String workspaceId, ElementInstance instance) {
    handle.createUpdate("insert into " + instances + " (id, workspace_id, element_id, connection_id, customer_id, instance_key,"
            + " config, is_customized, created_at, updated_at) values (:id, :ws, :element, :connection, :customer, :key,"
            + " :config, :customized, :created, :updated)")
        .bind("id", instance.id()).bind("ws", workspaceId).bind("element", instance.elementId())
        .bind("connection", instance.connectionId()).bind("customer", instance.customerId())
        .bind("key", instance.instanceKey()).bind("config", Json.write(instance.config()))
        .bind("customized", instance.isCustomized())
        .bind("created", Rows.time(instance.createdAt())).bind("updated", Rows.time(instance.updatedAt()))
        .execute();
  }

  void updateInstance(Handle handle, ElementInstance instance) {
    handle.createUpdate("update " + instances + " set config = :config, is_customized = :customized, updated_at = :updated,"
            + " archived_at = :archived where id = :id")
        .bind("config", Json.write(instance.config())).bind("customized", instance.isCustomized())
        .bind("updated", Rows.time(instance.updatedAt())).bind("archived", Rows.time(instance.archivedAt()))
        .bind("id", instance.id()).execute();
  }

  Optional<ElementInstance> instanceById(Handle handle, String workspaceId, String id) {
    return handle.createQuery("select * from " + instances + " where workspace_id = :ws and id = :id")
        .bind("ws", workspaceId).bind("id", id).map((rs, ctx) -> mapInstance(rs)).findOne();
  }

  Optional<ElementInstance> instanceOf(Handle handle, String elementId, String connectionId, String instanceKey) {
    return handle.createQuery("select * from " + instances + " where element_id = :element and connection_id = :connection"
            + " and instance_key = :key")
        .bind("element", elementId).bind("connection", connectionId).bind("key", instanceKey)
        .map((rs, ctx) -> mapInstance(rs)).findOne();
  }

  static Element map(ResultSet rs) throws SQLException {
    return new Element(rs.getString("id"), rs.getString("el_key"), rs.getString("name"), rs.getString("integration_id"),
        rs.getString("universal_id"), Json.readObject(rs.getString("spec")), rs.getBoolean("is_customized"),
        Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "updated_at"), Rows.instant(rs, "archived_at"));
  }

  static ElementInstance mapInstance(ResultSet rs) throws SQLException {
    return new ElementInstance(rs.getString("id"), rs.getString("element_id"), rs.getString("connection_id"),
        rs.getString("customer_id"), rs.getString("instance_key"), Json.readObject(rs.getString("config")),
        rs.getBoolean("is_customized"), Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "updated_at"),
        Rows.instant(rs, "archived_at"));
  }
}
