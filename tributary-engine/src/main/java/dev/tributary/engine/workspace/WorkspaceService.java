package dev.tributary.engine.workspace;

import dev.tributary.engine.crypto.EncryptedColumn;
import dev.tributary.engine.crypto.SecretBox;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Rows;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidConfigException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Workspaces and their signing secrets. On first start {@link #bootstrap} creates the default
 * workspace; tokens name their workspace by key ({@code iss}) and are checked against its secret.
 */
public final class WorkspaceService {

  public static final EncryptedColumn SECRET_COLUMN = new EncryptedColumn("workspaces", "secret");
  /** HS256 needs a secret of at least 256 bits; we ask for 32 characters. */
  public static final int MIN_SECRET_LENGTH = 32;

  private final Database database;
  private final SecretBox box;
  private final Clock clock;
  private final ConcurrentHashMap<String, WorkspaceCredentials> byKey = new ConcurrentHashMap<>();

  public WorkspaceService(Database database, SecretBox box, Clock clock) {
    this.database = database;
    this.box = box;
    this.clock = clock;
  }

  /** A workspace with its secret, as token verification needs it. Never log this. */
  public record WorkspaceCredentials(Workspace workspace, String secret) {
    @Override
    public String toString() {
      return "WorkspaceCredentials[" + workspace.key() + "]";
    }
  }

  /**
   * What {@link #bootstrap} did.
   *
   * @param generatedSecret the secret, only when it was generated just now (to print once)
   */
  public record Bootstrap(Workspace workspace, boolean created, @Nullable String generatedSecret) {}

  /**
   * Makes sure the default workspace exists. Given a key or secret, the default workspace uses
   * it (updating a stored one); what is not given is generated on first start and kept after.
   */
  public Bootstrap bootstrap(@Nullable String key, @Nullable String secret) {
    if (key != null) {
      Validation.key("TRIBUTARY_WORKSPACE_KEY", key);
    }
    if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
      throw new InvalidConfigException(
          "TRIBUTARY_WORKSPACE_SECRET",
          "TRIBUTARY_WORKSPACE_SECRET is " + secret.length() + " characters long but must be at"
              + " least " + MIN_SECRET_LENGTH + " (64 or more to accept HS512 tokens). Generate one"
              + " with `openssl rand -base64 48`.");
    }
    Bootstrap result =
        database.inTransaction(
            handle -> {
              Optional<Workspace> existing = defaultWorkspace(handle);
              Instant now = Rows.now(clock);
              if (existing.isEmpty()) {
                String newKey = key != null ? key : UUID.randomUUID().toString();
                String newSecret = secret != null ? secret : generateSecret();
                String id = Ids.newId();
                handle
                    .createUpdate(
                        "insert into workspaces (id, ws_key, name, secret, created_at, updated_at)"
                            + " values (:id, :key, :name, :secret, :now, :now)")
                    .bind("id", id)
                    .bind("key", newKey)
                    .bind("name", "Default workspace")
                    .bind("secret", box.seal(newSecret, SECRET_COLUMN.associatedData(id)))
                    .bind("now", Rows.time(now))
                    .execute();
                Workspace created = new Workspace(id, newKey, "Default workspace", now, now);
                return new Bootstrap(created, true, secret == null ? newSecret : null);
              }
              Workspace workspace = existing.get();
              if (key != null && !key.equals(workspace.key())) {
                handle
                    .createUpdate("update workspaces set ws_key = :key, updated_at = :now where id = :id")
                    .bind("key", key)
                    .bind("now", Rows.time(now))
                    .bind("id", workspace.id())
                    .execute();
                workspace = new Workspace(workspace.id(), key, workspace.name(), workspace.createdAt(), now);
              }
              if (secret != null && !secret.equals(readSecret(handle, workspace.id()))) {
                handle
                    .createUpdate("update workspaces set secret = :secret, updated_at = :now where id = :id")
                    .bind("secret", box.seal(secret, SECRET_COLUMN.associatedData(workspace.id())))
                    .bind("now", Rows.time(now))
                    .bind("id", workspace.id())
                    .execute();
              }
              return new Bootstrap(workspace, false, null);
            });
    byKey.clear();
    return result;
  }

  /** The default workspace: the first one created. */
  public Workspace defaultWorkspace() {
    return database
        .withHandle(this::defaultWorkspace)
        .orElseThrow(() -> new IllegalStateException("no workspace yet: call bootstrap first"));
  }

  /** A workspace by id. */
  public Workspace get(String id) {
    return database.withHandle(handle -> handle.createQuery("select * from workspaces where id = :id")
        .bind("id", id).map((rs, ctx) -> map(rs)).findOne())
        .orElseThrow(() -> new dev.tributary.error.NotFoundException("No workspace \"" + id + "\"."));
  }

  /** The workspace a token's {@code iss} names, with its secret; cached. */
  public Optional<WorkspaceCredentials> credentialsByKey(String key) {
    WorkspaceCredentials cached = byKey.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<WorkspaceCredentials> loaded =
        database.withHandle(
            handle ->
                handle
                    .createQuery("select * from workspaces where ws_key = :key")
                    .bind("key", key)
                    .map((rs, ctx) -> WorkspaceService.map(rs))
                    .findOne()
                    .map(workspace -> new WorkspaceCredentials(workspace, readSecret(handle, workspace.id()))));
    loaded.ifPresent(credentials -> byKey.put(key, credentials));
    return loaded;
  }

  private Optional<Workspace> defaultWorkspace(Handle handle) {
    return handle
        .createQuery("select * from workspaces order by created_at, id limit 1")
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  private String readSecret(Handle handle, String workspaceId) {
    byte[] sealed =
        handle
            .createQuery("select secret from workspaces where id = :id")
            .bind("id", workspaceId)
            .mapTo(byte[].class)
            .one();
    return box.open(sealed, SECRET_COLUMN.associatedData(workspaceId));
  }

  private static Workspace map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Workspace(
        rs.getString("id"),
        rs.getString("ws_key"),
        rs.getString("name"),
        Rows.requiredInstant(rs, "created_at"),
        Rows.requiredInstant(rs, "updated_at"));
  }

  private static String generateSecret() {
    byte[] bytes = new byte[64];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static ConflictException keyTaken(String what, String key) {
    return new ConflictException(
        "The " + what + " key \"" + key + "\" is already taken in this workspace. Choose another"
            + " key, or update the existing " + what + ".", "key");
  }
}
