package dev.tributary.engine.connector;

import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.engine.crypto.SecretBox;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Rows;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.Integration;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.error.AccessDeniedException;
import dev.tributary.error.InvalidInputException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The OAuth 2.0 authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636): a customer starts
 * it and is sent to the app's authorization page; the app sends the browser back to the callback
 * with a code, which is exchanged for tokens kept (encrypted) in the connection's credentials.
 * A state is single-use and expires after {@value #LIFETIME_MINUTES} minutes.
 */
public final class OAuthFlow {

  static final long LIFETIME_MINUTES = 10;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Database database;
  private final SecretBox box;
  private final IntegrationService integrations;
  private final ConnectionService connections;
  private final ConnectorRegistry connectors;
  private final OAuthTokens tokens;
  private final Clock clock;

  public OAuthFlow(Database database, SecretBox box, IntegrationService integrations, ConnectionService connections,
      ConnectorRegistry connectors, java.net.http.HttpClient http, Clock clock) {
    this.database = database;
    this.box = box;
    this.integrations = integrations;
    this.connections = connections;
    this.connectors = connectors;
    this.tokens = new OAuthTokens(http, clock);
    this.clock = clock;
  }

  /** Where to send the customer's browser, and until when the authorization may complete. */
  public record Started(String authorizationUrl, Instant expiresAt) {}

  /** The connection the authorization created or renewed, and where to send the browser next. */
  public record Completed(Connection connection, @Nullable String redirectUri) {}

  /**
   * Starts an authorization for the calling customer.
   *
   * @param connection a connection of the customer's to renew, or null to create a new one
   * @param redirectUri where the callback sends the browser when done (the SaaS product's page), or null
   * @param callbackUri Tributary's callback URL, registered with the app
   */
  public Started start(Caller caller, String integrationSelector, @Nullable String connection, @Nullable String redirectUri,
      String callbackUri) {
    if (!(caller instanceof Caller.ActingCustomer customer)) {
      throw new AccessDeniedException("A connection belongs to a customer: start the authorization with the customer's token.");
    }
    Integration integration = integrations.get(caller, integrationSelector);
    AuthDefinition.OAuth2 auth = authorizationCode(connectors.require(integration.connectorKey()));
    String connectionId = connection == null ? null : connections.get(caller, connection).id();
    Map<String, Object> parameters = integrations.parametersOf(caller.workspaceId(), integration.id());
    Object clientId = parameters.get("clientId");
    if (!(clientId instanceof String id) || id.isBlank()) {
      throw new InvalidInputException("The integration \"" + integration.key() + "\" has no OAuth \"clientId\". An admin must"
          + " set it (and \"clientSecret\") in the integration's parameters.");
    }
    String state = random(32);
    String verifier = random(48);
    Instant expiresAt = Rows.now(clock).plus(Duration.ofMinutes(LIFETIME_MINUTES));
    database.inTransaction(handle -> handle.createUpdate("insert into oauth_authorizations (state_hash, workspace_id, customer_id,"
            + " integration_id, connection_id, verifier, redirect_uri, expires_at) values (:hash, :ws, :customer, :integration,"
            + " :connection, :verifier, :redirect, :expires)")
        .bind("hash", sha256Hex(state)).bind("ws", caller.workspaceId()).bind("customer", customer.customerId())
        .bind("integration", integration.id()).bind("connection", connectionId)
        .bind("verifier", box.seal(verifier, "oauth_authorizations/verifier/" + sha256Hex(state)))
        .bind("redirect", redirectUri).bind("expires", Rows.time(expiresAt)).execute());
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", id);
    query.put("redirect_uri", callbackUri);
    if (!auth.scopes().isEmpty()) {
      query.put("scope", String.join(" ", auth.scopes()));
    }
    query.put("state", state);
    if (!auth.skipPkce()) {
      query.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier)));
      query.put("code_challenge_method", "S256");
    }
    StringBuilder url = new StringBuilder(auth.authorizeUri()).append(auth.authorizeUri().contains("?") ? '&' : '?');
    query.forEach((name, value) -> url.append(encode(name)).append('=').append(encode(value)).append('&'));
    url.setLength(url.length() - 1);
    return new Started(url.toString(), expiresAt);
  }

  /**
   * Completes an authorization from the app's redirect.
   *
   * @throws InvalidInputException for an unknown, used or expired state (nothing is written)
   */
  public Completed complete(String state, String code, String callbackUri) {
    String hash = sha256Hex(state);
    Instant now = Rows.now(clock);
    Pending pending = database.inTransaction(handle -> {
      Optional<Pending> found = handle.createQuery("select * from oauth_authorizations where state_hash = :hash")
          .bind("hash", hash)
          .map((rs, ctx) -> new Pending(rs.getString("workspace_id"), rs.getString("customer_id"), rs.getString("integration_id"),
              rs.getString("connection_id"), rs.getBytes("verifier"), rs.getString("redirect_uri"),
              Rows.requiredInstant(rs, "expires_at"), Rows.instant(rs, "used_at")))
          .findOne();
      if (found.isEmpty() || found.get().usedAt() != null) {
        throw InvalidInputException.forField("state", "This authorization is unknown or was already completed. Start connecting"
            + " again from the app.");
      }
      if (found.get().expiresAt().isBefore(now)) {
        throw InvalidInputException.forField("state", "This authorization expired (they last " + LIFETIME_MINUTES
            + " minutes). Start connecting again from the app.");
      }
      // Claimed before the code is exchanged, so a replayed callback cannot use it twice.
      handle.createUpdate("update oauth_authorizations set used_at = :now where state_hash = :hash and used_at is null")
          .bind("now", Rows.time(now)).bind("hash", hash).execute();
      return found.get();
    });
    Caller customer = Caller.customer(pending.workspaceId(), pending.customerId());
    Integration integration = integrations.get(customer, pending.integrationId());
    Connector connector = connectors.require(integration.connectorKey());
    AuthDefinition.OAuth2 auth = authorizationCode(connector);
    Map<String, Object> parameters = integrations.parametersOf(pending.workspaceId(), integration.id());
    String verifier = auth.skipPkce() ? null : box.open(pending.verifier(), "oauth_authorizations/verifier/" + hash);
    Map<String, Object> credentials = tokens.exchange(auth, parameters, code, callbackUri, verifier,
        ConnectionData.addressPolicy(connector, parameters));
    Connection connection;
    if (pending.connectionId() == null) {
      connection = connections.create(customer, new ConnectionInput(integration.id(), null, null, null, credentials, null, null));
    } else {
      connection = connections.update(customer, pending.connectionId(), new ConnectionInput(null, null, null, null, credentials, null, null), false);
      connections.recordState(connection.id(), Connection.READY, null);
    }
    return new Completed(connections.get(customer, connection.id()), pending.redirectUri());
  }

  private record Pending(String workspaceId, String customerId, String integrationId, @Nullable String connectionId,
      byte[] verifier, @Nullable String redirectUri, Instant expiresAt, @Nullable Instant usedAt) {}

  private static AuthDefinition.OAuth2 authorizationCode(Connector connector) {
    if (connector.auth() instanceof AuthDefinition.OAuth2 oauth && "authorization_code".equals(oauth.grantType())
        && oauth.authorizeUri() != null) {
      return oauth;
    }
    throw new InvalidInputException("The " + connector.info().name() + " connector does not connect with OAuth authorization;"
        + " create the connection with its credentials (POST /connections).");
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256(text));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  OAuthTokens tokens() {
    return tokens;
  }
}
