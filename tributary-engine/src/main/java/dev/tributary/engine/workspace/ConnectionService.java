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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Connections: a customer's account in an integration. A customer caller sees and changes only
 * its own; credentials and connector parameters are sealed at rest and only an admin reads them.
 */
public final class ConnectionService {

  public static final EncryptedColumn SECRETS_COLUMN = new EncryptedColumn("connections", "secrets");

  private final Database database;
  private final SecretBox box;
  private final Clock clock;

  public ConnectionService(Database database, SecretBox box, Clock clock) {
    this.database = database;
    this.box = box;
    this.clock = clock;
  }

  /**
   * Filters for {@link #list}; null means any.
   *
   * @param integration an integration id or key
   * @param customer a customer id or internal id (admins only; a customer always sees its own)
   */
  public record Filter(@Nullable String integration, @Nullable String customer) {
    public static final Filter ALL = new Filter(null, null);
  }

  public Page<Connection> list(Caller caller, Filter filter, PageRequest page) {
    return database.withHandle(handle -> {
      var sql = new StringBuilder("select * from connections where workspace_id = :ws and archived_at is null"
          + " and id > :after");
      Map<String, Object> bindings = new LinkedHashMap<>();
      if (caller instanceof Caller.ActingCustomer self) {
        sql.append(" and customer_id = :customer");
        bindings.put("customer", self.customerId());
      } else if (filter.customer() != null) {
        sql.append(" and customer_id = :customer");
        bindings.put("customer", CustomerService.find(handle, caller, filter.customer()).id());
      }
      if (filter.integration() != null) {
        sql.append(" and integration_id = :integration");
        bindings.put("integration", IntegrationService.find(handle, caller.workspaceId(), filter.integration()).id());
      }
      sql.append(" order by id limit :limit");
      var query = handle.createQuery(sql.toString())
          .bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), ""))
          .bind("limit", page.limit() + 1)
          .bindMap(bindings);
      return Page.fromOverfetched(query.map((rs, ctx) -> map(rs)).list(), page, Connection::id);
    });
  }

  /**
   * A connection by id; a customer may also name its connection by its key or by the key or id
   * of the integration it connects (as {@code /connections/jira}).
   */
  public Connection get(Caller caller, String selector) {
    Connection connection = database.reads().memoised(List.of("connection", caller, selector),
        () -> database.withHandle(handle -> {
          Row row = findRow(handle, caller, selector);
          database.reads().remember(sealedSecretsKey(row.connection().id()), row.sealedSecrets());
          return row.connection();
        }));
    database.reads().remember(List.of("connection", caller, connection.id()), connection);
    return connection;
  }

  /** The decrypted credentials and connector parameters; admin only. */
  public ConnectionSecrets secrets(Caller caller, String selector) {
    caller.requireAdmin("read connection secrets (includeSecrets=true)");
    return database.withHandle(handle -> readSecrets(handle, find(handle, caller, selector).id()));
  }

  public Connection create(Caller caller, ConnectionInput input) {
    if (input.integration() == null) {
      throw InvalidInputException.forField("integrationId", "A connection needs the integration it"
          + " connects: pass \"integrationId\" or \"integrationKey\".");
    }
    return database.inTransaction(handle -> {
      Integration integration = IntegrationService.find(handle, caller.workspaceId(), input.integration());
      String customerId = switch (caller) {
        case Caller.ActingCustomer self -> {
          if (input.customer() != null) {
            CustomerService.find(handle, caller, input.customer()); // another customer is "not found"
          }
          yield self.customerId();
        }
        case Caller.Admin admin -> {
          if (input.customer() == null) {
            throw InvalidInputException.forField("customerId", "An admin creating a connection must say"
                + " whose it is: pass \"customerId\" (the customer's id or internal id).");
          }
          yield CustomerService.find(handle, caller, input.customer()).id();
        }
      };
      Instant now = Rows.now(clock);
      Connection connection = new Connection(Ids.newId(),
          input.name() == null ? integration.name() : Validation.name("name", input.name()),
          input.key() == null ? null : Validation.key("key", input.key()),
          customerId, integration.id(), Connection.READY, Boolean.TRUE.equals(input.isTest()), false,
          now, now, null, null, null);
      ConnectionSecrets secrets = new ConnectionSecrets(
          input.credentials() == null ? Map.of() : input.credentials(),
          input.connectorParameters() == null ? Map.of() : input.connectorParameters());
      handle.createUpdate("insert into connections (id, workspace_id, customer_id, integration_id,"
              + " connection_key, name, state, is_test, disconnected, secrets, created_at, updated_at)"
              + " values (:id, :ws, :customer, :integration, :key, :name, :state, :isTest, false, :secrets, :now, :now)")
          .bind("id", connection.id())
          .bind("ws", caller.workspaceId())
          .bind("customer", customerId)
          .bind("integration", integration.id())
          .bind("key", connection.key())
          .bind("name", connection.name())
          .bind("state", connection.state())
          .bind("isTest", connection.isTest())
          .bind("secrets", seal(connection.id(), secrets))
          .bind("now", Rows.time(now))
          .execute();
      return connection;
    });
  }

  /**
   * Changes name, key, credentials or connector parameters. PATCH ({@code replace} false) keeps
   * what the input leaves out; PUT resets it. The integration and customer never change.
   */
  public Connection update(Caller caller, String selector, ConnectionInput input, boolean replace) {
    return database.inTransaction(handle -> {
      Connection current = find(handle, caller, selector);
      if (input.integration() != null
          && !IntegrationService.find(handle, caller.workspaceId(), input.integration()).id().equals(current.integrationId())) {
        throw InvalidInputException.forField("integrationId", "A connection's integration cannot change."
            + " Create a new connection to the other integration instead.");
      }
      Integration integration = IntegrationService.find(handle, caller.workspaceId(), current.integrationId());
      String name = input.name() != null ? Validation.name("name", input.name())
          : replace ? integration.name() : current.name();
      String key = input.key() != null ? Validation.key("key", input.key()) : replace ? null : current.key();
      boolean isTest = input.isTest() != null ? input.isTest() : !replace && current.isTest();
      Instant now = Rows.now(clock);
      var update = handle.createUpdate("update connections set name = :name, connection_key = :key,"
              + " is_test = :isTest, updated_at = :now"
              + (touchesSecrets(input, replace) ? ", secrets = :secrets" : "") + " where id = :id")
          .bind("name", name).bind("key", key).bind("isTest", isTest)
          .bind("now", Rows.time(now)).bind("id", current.id());
      if (touchesSecrets(input, replace)) {
        ConnectionSecrets stored = replace ? new ConnectionSecrets(Map.of(), Map.of()) : readSecrets(handle, current.id());
        update.bind("secrets", seal(current.id(), new ConnectionSecrets(
            input.credentials() != null ? input.credentials() : stored.credentials(),
            input.connectorParameters() != null ? input.connectorParameters() : stored.connectorParameters())));
      }
      update.execute();
      return new Connection(current.id(), name, key, current.customerId(), current.integrationId(),
          current.state(), isTest, current.disconnected(), current.createdAt(), now, current.lastActiveAt(), null,
          current.error());
    });
  }

  public Connection archive(Caller caller, String selector) {
    return database.inTransaction(handle -> {
      Connection current = find(handle, caller, selector);
      Instant now = Rows.now(clock);
      handle.createUpdate("update connections set archived_at = :now, updated_at = :now where id = :id")
          .bind("now", Rows.time(now)).bind("id", current.id()).execute();
      return new Connection(current.id(), current.name(), current.key(), current.customerId(),
          current.integrationId(), current.state(), current.isTest(), current.disconnected(),
          current.createdAt(), now, current.lastActiveAt(), now, current.error());
    });
  }

  /**
   * The connection's decrypted secrets, for the engine's own calls to the app. Callers must have
   * obtained {@code connection} through {@link #get}, which checks the caller may see it.
   */
  public ConnectionSecrets secretsOf(Connection connection) {
    String id = connection.id();
    return database.reads().memoised(List.of("connection-secrets", id), () -> openSecrets(id,
        database.reads().memoised(sealedSecretsKey(id), () -> database.withHandle(handle -> readSealedSecrets(handle, id)))));
  }

  /**
   * The connection's secrets as stored now, even when this request read them before: to see
   * what another request changed meanwhile (a renewed OAuth token).
   */
  public ConnectionSecrets storedSecretsOf(Connection connection) {
    return database.withHandle(handle -> readSecrets(handle, connection.id()));
  }

  private static List<String> sealedSecretsKey(String connectionId) {
    return List.of("connection-sealed-secrets", connectionId);
  }

  /**
   * Records what happened at the app: {@code READY} clears the error; another state (e.g. {@link
   * Connection#CLIENT_ACTION_REQUIRED}) keeps the message saying what the customer must do.
   */
  public void recordState(String connectionId, String state, @Nullable String error) {
    database.inTransaction(handle -> handle.createUpdate("update connections set state = :state, error_message = :error,"
            + " updated_at = :now where id = :id and (state <> :state or coalesce(error_message, '') <> coalesce(:error, ''))")
        .bind("state", state).bind("error", error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error)
        .bind("now", Rows.time(Rows.now(clock))).bind("id", connectionId).execute());
  }

  private static boolean touchesSecrets(ConnectionInput input, boolean replace) {
    return replace || input.credentials() != null || input.connectorParameters() != null;
  }

  /** A connection's row with its secrets still sealed: {@link #secretsOf} opens them when asked. */
  private record Row(Connection connection, byte[] sealedSecrets) {}

  static Connection find(Handle handle, Caller caller, String selector) {
    return findRow(handle, caller, selector).connection();
  }

  private static Row findRow(Handle handle, Caller caller, String selector) {
    // By the primary key alone, the workspace and the archiving checked on the row: with the workspace
    // in the condition, PostgreSQL may keep using a plan made while the table was small that reads
    // connections_by_customer (workspace, customer, id), i.e. every connection of the workspace per lookup.
    var byId = handle.createQuery("select * from connections where id = :id").bind("id", selector)
        .map((rs, ctx) -> caller.workspaceId().equals(rs.getString("workspace_id")) && rs.getTimestamp("archived_at") == null
            ? Optional.of(row(rs)) : Optional.<Row>empty())
        .findOne().flatMap(found -> found);
    if (byId.isPresent() && visible(caller, byId.get().connection())) {
      return byId.get();
    }
    if (byId.isEmpty() && caller instanceof Caller.ActingCustomer self) {
      List<Row> own = handle.createQuery("select c.* from connections c join integrations i on i.id = c.integration_id"
              + " where c.workspace_id = :ws and c.customer_id = :customer and c.archived_at is null"
              + " and (c.connection_key = :selector or i.integration_key = :selector or i.id = :selector)"
              + " order by case when c.connection_key = :selector then 0 else 1 end, c.id")
          .bind("ws", caller.workspaceId()).bind("customer", self.customerId()).bind("selector", selector)
          .map((rs, ctx) -> row(rs)).list();
      if (!own.isEmpty()) {
        return own.getFirst();
      }
    }
    throw new NotFoundException("No connection \"" + selector + "\" in this workspace. List connections"
        + " with GET /connections.");
  }

  private static boolean visible(Caller caller, Connection connection) {
    return !(caller instanceof Caller.ActingCustomer self) || self.customerId().equals(connection.customerId());
  }

  private byte[] seal(String id, ConnectionSecrets secrets) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("credentials", secrets.credentials());
    document.put("connectorParameters", secrets.connectorParameters());
    return box.seal(Json.write(document), SECRETS_COLUMN.associatedData(id));
  }

  private ConnectionSecrets readSecrets(Handle handle, String id) {
    return openSecrets(id, readSealedSecrets(handle, id));
  }

  private static byte[] readSealedSecrets(Handle handle, String id) {
    return handle.createQuery("select secrets from connections where id = :id").bind("id", id).mapTo(byte[].class).one();
  }

  @SuppressWarnings("unchecked")
  private ConnectionSecrets openSecrets(String id, byte[] sealed) {
    Map<String, Object> document = Json.readObject(box.open(sealed, SECRETS_COLUMN.associatedData(id)));
    return new ConnectionSecrets(
        (Map<String, Object>) document.getOrDefault("credentials", Map.of()),
        (Map<String, Object>) document.getOrDefault("connectorParameters", Map.of()));
  }

  private static Row row(ResultSet rs) throws SQLException {
    return new Row(map(rs), rs.getBytes("secrets"));
  }

  private static Connection map(ResultSet rs) throws SQLException {
    return new Connection(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("connection_key"),
        rs.getString("customer_id"),
        rs.getString("integration_id"),
        rs.getString("state"),
        rs.getBoolean("is_test"),
        rs.getBoolean("disconnected"),
        Rows.requiredInstant(rs, "created_at"),
        Rows.requiredInstant(rs, "updated_at"),
        Rows.instant(rs, "last_active_at"),
        Rows.instant(rs, "archived_at"),
        rs.getString("error_message"));
  }
}
