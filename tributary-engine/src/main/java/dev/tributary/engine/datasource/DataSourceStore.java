package dev.tributary.engine.datasource;

import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/** The SQL of data sources. */
final class DataSourceStore {

  static final String UNIVERSAL_SCOPE = "*";

  private DataSourceStore() {}

  static void insert(Handle handle, String workspaceId, DataSource source) {
    handle.createUpdate("insert into data_sources (id, workspace_id, scope, ds_key, name, integration_id, universal_id, udm,"
            + " collection_key, collection_parameters, pull_interval, full_sync_interval, is_customized, created_at, updated_at)"
            + " values (:id, :ws, :scope, :key, :name, :integration, :universal, :udm, :collectionKey, :parameters, :pull, :full,"
            + " :customized, :created, :updated)")
        .bind("id", source.id()).bind("ws", workspaceId)
        .bind("scope", source.integrationId() == null ? UNIVERSAL_SCOPE : source.integrationId())
        .bind("key", source.key()).bind("name", source.name()).bind("integration", source.integrationId())
        .bind("universal", source.universalDataSourceId()).bind("udm", source.udm())
        .bind("collectionKey", source.collectionKey()).bind("parameters", Json.write(source.collectionParameters()))
        .bind("pull", source.pullUpdatesIntervalSeconds()).bind("full", source.fullSyncIntervalSeconds())
        .bind("customized", source.isCustomized())
        .bind("created", Rows.time(source.createdAt())).bind("updated", Rows.time(source.updatedAt()))
        .execute();
  }

  static void update(Handle handle, DataSource source) {
    handle.createUpdate("update data_sources set ds_key = :key, name = :name, udm = :udm, collection_key = :collectionKey,"
            + " collection_parameters = :parameters, pull_interval = :pull, full_sync_interval = :full,"
            + " is_customized = :customized, updated_at = :updated, archived_at = :archived where id = :id")
        .bind("key", source.key()).bind("name", source.name()).bind("udm", source.udm())
        .bind("collectionKey", source.collectionKey()).bind("parameters", Json.write(source.collectionParameters()))
        .bind("pull", source.pullUpdatesIntervalSeconds()).bind("full", source.fullSyncIntervalSeconds())
        .bind("customized", source.isCustomized()).bind("updated", Rows.time(source.updatedAt()))
        .bind("archived", Rows.time(source.archivedAt())).bind("id", source.id())
        .execute();
  }

  static Optional<DataSource> byId(Handle handle, String workspaceId, String id) {
    return handle.createQuery("select * from data_sources where workspace_id = :ws and id = :id")
        .bind("ws", workspaceId).bind("id", id).map((rs, ctx) -> map(rs)).findOne();
  }

  static Optional<DataSource> byKey(Handle handle, String workspaceId, @Nullable String integrationId, String key) {
    return handle.createQuery("select * from data_sources where workspace_id = :ws and scope = :scope and ds_key = :key")
        .bind("ws", workspaceId).bind("scope", integrationId == null ? UNIVERSAL_SCOPE : integrationId).bind("key", key)
        .map((rs, ctx) -> map(rs)).findOne();
  }

  static Optional<DataSource> childOf(Handle handle, String universalId, String integrationId) {
    return handle.createQuery("select * from data_sources where universal_id = :universal and integration_id = :integration")
        .bind("universal", universalId).bind("integration", integrationId).map((rs, ctx) -> map(rs)).findOne();
  }

  static List<DataSource> children(Handle handle, String universalId) {
    return handle.createQuery("select * from data_sources where universal_id = :universal order by id")
        .bind("universal", universalId).map((rs, ctx) -> map(rs)).list();
  }

  static List<DataSource> universals(Handle handle, String workspaceId) {
    return handle.createQuery("select * from data_sources where workspace_id = :ws and scope = :scope and archived_at is null order by id")
        .bind("ws", workspaceId).bind("scope", UNIVERSAL_SCOPE).map((rs, ctx) -> map(rs)).list();
  }

  static DataSource map(ResultSet rs) throws SQLException {
    String parameters = rs.getString("collection_parameters");
    return new DataSource(rs.getString("id"), rs.getString("ds_key"), rs.getString("name"), rs.getString("integration_id"),
        rs.getString("universal_id"), rs.getString("udm"), rs.getString("collection_key"),
        parameters == null ? Map.of() : Json.readObject(parameters),
        (Integer) rs.getObject("pull_interval"), (Integer) rs.getObject("full_sync_interval"),
        rs.getBoolean("is_customized"), Rows.requiredInstant(rs, "created_at"), Rows.requiredInstant(rs, "updated_at"),
        Rows.instant(rs, "archived_at"));
  }
}
