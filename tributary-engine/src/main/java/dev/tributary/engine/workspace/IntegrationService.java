package dev.tributary.engine.workspace;

import dev.tributary.engine.crypto.EncryptedColumn;
import dev.tributary.engine.crypto.SecretBox;
import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * Integrations: connectors enabled in the workspace. Everyone in the workspace may list and read
 * them (a customer needs them to connect); only an admin changes them or reads their parameters.
 */
public final class IntegrationService {

  public static final EncryptedColumn PARAMETERS_COLUMN = new EncryptedColumn("integrations", "parameters");

  private final Database database;
  private final SecretBox box;
  private final Clock clock;
  private final java.util.List<java.util.function.BiConsumer<Caller, Integration>> createdListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Runs {@code listener} after each integration is created (e.g. to apply universal data sources to it). */
  public void onCreated(java.util.function.BiConsumer<Caller, Integration> listener) {
    createdListeners.add(listener);
  }

  public IntegrationService(Database database, SecretBox box, Clock clock) {
    this.database = database;
    this.box = box;
    this.clock = clock;
  }

  /** Every integration of the workspace, page after page. */
  public java.util.List<Integration> all(Caller caller) {
    java.util.List<Integration> all = new java.util.ArrayList<>();
    PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<Integration> batch = list(caller, page);
      all.addAll(batch.items());
      if (batch.cursor() == null) {
        return all;
      }
      page = PageRequest.parse(null, batch.cursor());
    }
  }

  public Page<Integration> list(Caller caller, PageRequest page) {
    return database.withHandle(handle -> Page.fromOverfetched(
        handle.createQuery("select * from integrations where workspace_id = :ws and archived_at is null"
                + " and id > :after order by id limit :limit")
            .bind("ws", caller.workspaceId())
            .bind("after", Objects.requireNonNullElse(page.afterId(), ""))
            .bind("limit", page.limit() + 1)
            .map((rs, ctx) -> map(rs))
            .list(),
        page, Integration::id));
  }

  /** By id or key. */
  public Integration get(Caller caller, String selector) {
    Integration integration = database.reads().memoised(List.of("integration", caller.workspaceId(), selector),
        () -> database.withHandle(handle -> {
          Row row = findRow(handle, caller.workspaceId(), selector);
          database.reads().remember(sealedParametersKey(row.integration().id()), row.sealedParameters());
          return row.integration();
        }));
    database.reads().remember(List.of("integration", caller.workspaceId(), integration.id()), integration);
    return integration;
  }

  /** The decrypted connector parameters; admin only. */
  public Map<String, Object> parameters(Caller caller, String selector) {
    caller.requireAdmin("read integration parameters");
    return database.withHandle(handle -> readParameters(handle, find(handle, caller.workspaceId(), selector).id()));
  }

  /**
   * The decrypted parameters of an integration, for the engine's own calls to the app; callers
   * have already checked access to the connection that uses it.
   */
  public Map<String, Object> parametersOf(String workspaceId, String integrationId) {
    String id = get(Caller.admin(workspaceId), integrationId).id();
    return database.reads().memoised(List.of("integration-parameters", id), () -> openParameters(id,
        database.reads().memoised(sealedParametersKey(id), () -> database.withHandle(handle -> readSealedParameters(handle, id)))));
  }

  private static List<String> sealedParametersKey(String integrationId) {
    return List.of("integration-sealed-parameters", integrationId);
  }

  public Integration create(Caller caller, IntegrationInput input) {
    caller.requireAdmin("create integrations");
    String key = Validation.key("key", input.key());
    if (input.connectorKey() == null) {
      throw InvalidInputException.forField("connectorKey", "An integration needs a \"connectorKey\": the"
          + " connector it enables (for example \"jira\").");
    }
    Instant now = Rows.now(clock);
    Integration integration = new Integration(Ids.newId(), key,
        input.name() == null ? key : Validation.name("name", input.name()),
        Validation.key("connectorKey", input.connectorKey()), input.connectorVersion(), now, now, null);
    Map<String, Object> parameters = input.parameters() == null ? Map.of() : input.parameters();
    try {
      database.inTransaction(handle -> handle.createUpdate(
              "insert into integrations (id, workspace_id, integration_key, name, connector_key,"
                  + " connector_version, parameters, created_at, updated_at) values (:id, :ws, :key, :name,"
                  + " :connectorKey, :connectorVersion, :parameters, :now, :now)")
          .bind("id", integration.id())
          .bind("ws", caller.workspaceId())
          .bind("key", integration.key())
          .bind("name", integration.name())
          .bind("connectorKey", integration.connectorKey())
          .bind("connectorVersion", integration.connectorVersion())
          .bind("parameters", seal(integration.id(), parameters))
          .bind("now", Rows.time(now))
          .execute());
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        throw WorkspaceService.keyTaken("integration", key);
      }
      throw e;
    }
    createdListeners.forEach(listener -> listener.accept(caller, integration));
    return integration;
  }

  /** PATCH ({@code replace} false) keeps what the input leaves out; PUT resets it. */
  public Integration update(Caller caller, String selector, IntegrationInput input, boolean replace) {
    caller.requireAdmin("change integrations");
    try {
      return database.inTransaction(handle -> {
        Integration current = find(handle, caller.workspaceId(), selector);
        String key = input.key() != null ? Validation.key("key", input.key()) : current.key();
        String name = input.name() != null ? Validation.name("name", input.name()) : replace ? key : current.name();
        String connectorKey = input.connectorKey() != null
            ? Validation.key("connectorKey", input.connectorKey()) : current.connectorKey();
        String connectorVersion = input.connectorVersion() != null || replace
            ? input.connectorVersion() : current.connectorVersion();
        Instant now = Rows.now(clock);
        var update = handle.createUpdate("update integrations set integration_key = :key, name = :name,"
                + " connector_key = :connectorKey, connector_version = :connectorVersion, updated_at = :now"
                + (input.parameters() != null || replace ? ", parameters = :parameters" : "")
                + " where id = :id")
            .bind("key", key).bind("name", name).bind("connectorKey", connectorKey)
            .bind("connectorVersion", connectorVersion).bind("now", Rows.time(now)).bind("id", current.id());
        if (input.parameters() != null || replace) {
          update.bind("parameters", seal(current.id(), input.parameters() == null ? Map.of() : input.parameters()));
        }
        update.execute();
        return new Integration(current.id(), key, name, connectorKey, connectorVersion, current.createdAt(), now, null);
      });
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        throw WorkspaceService.keyTaken("integration", Objects.requireNonNull(input.key()));
      }
      throw e;
    }
  }

  /** Archives the integration and every connection to it, in one transaction. */
  public Integration archive(Caller caller, String selector) {
    caller.requireAdmin("archive integrations");
    return database.inTransaction(handle -> {
      Integration current = find(handle, caller.workspaceId(), selector);
      Instant now = Rows.now(clock);
      handle.createUpdate("update connections set archived_at = :now, updated_at = :now"
              + " where integration_id = :id and archived_at is null")
          .bind("now", Rows.time(now)).bind("id", current.id()).execute();
      // Frees the key for a new integration while keeping the archived row for history.
      handle.createUpdate("update integrations set archived_at = :now, updated_at = :now,"
              + " integration_key = :archivedKey where id = :id")
          .bind("now", Rows.time(now)).bind("archivedKey", "~" + current.id())
          .bind("id", current.id()).execute();
      return new Integration(current.id(), current.key(), current.name(), current.connectorKey(),
          current.connectorVersion(), current.createdAt(), now, now);
    });
  }

  static Integration find(Handle handle, String workspaceId, String selector) {
    return findRow(handle, workspaceId, selector).integration();
  }

  /** An integration's row with its parameters still sealed: {@link #parametersOf} opens them when asked. */
  private record Row(Integration integration, byte[] sealedParameters) {}

  private static Row findRow(Handle handle, String workspaceId, String selector) {
    return handle.createQuery("select * from integrations where workspace_id = :ws and archived_at is null"
            + " and (id = :selector or integration_key = :selector)")
        .bind("ws", workspaceId)
        .bind("selector", selector)
        .map((rs, ctx) -> new Row(map(rs), rs.getBytes("parameters")))
        .findFirst()
        .orElseThrow(() -> new NotFoundException("No integration \"" + selector + "\" in this workspace."
            + " List integrations with GET /integrations, or create one with POST /integrations."));
  }

  private byte[] seal(String id, Map<String, Object> parameters) {
    return box.seal(Json.write(parameters), PARAMETERS_COLUMN.associatedData(id));
  }

  private Map<String, Object> readParameters(Handle handle, String id) {
    return openParameters(id, readSealedParameters(handle, id));
  }

  private static byte[] readSealedParameters(Handle handle, String id) {
    return handle.createQuery("select parameters from integrations where id = :id").bind("id", id).mapTo(byte[].class).one();
  }

  /** The parameters, unmodifiable: a request may hand the same map to several of its calls. */
  private Map<String, Object> openParameters(String id, byte[] sealed) {
    return Collections.unmodifiableMap(Json.readObject(box.open(sealed, PARAMETERS_COLUMN.associatedData(id))));
  }

  private static Integration map(ResultSet rs) throws SQLException {
    return new Integration(
        rs.getString("id"),
        rs.getString("integration_key"),
        rs.getString("name"),
        rs.getString("connector_key"),
        rs.getString("connector_version"),
        Rows.requiredInstant(rs, "created_at"),
        Rows.requiredInstant(rs, "updated_at"),
        Rows.instant(rs, "archived_at"));
  }
}
