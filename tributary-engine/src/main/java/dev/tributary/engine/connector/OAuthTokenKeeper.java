package dev.tributary.engine.connector;

import dev.tributary.connector.AddressPolicy;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.ConnectorException.Kind;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.ConnectionService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a connection's OAuth access token usable: refreshes it shortly before it expires (or when
 * the app rejected it), fetches one with the client credentials grant, and stores the new tokens
 * encrypted. One renewal per connection at a time: concurrent requests wait and use its result.
 */
final class OAuthTokenKeeper {

  /** How long before expiry a token is renewed. */
  static final Duration MARGIN = Duration.ofSeconds(60);

  private final OAuthTokens tokens;
  private final ConnectionService connections;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  OAuthTokenKeeper(OAuthTokens tokens, ConnectionService connections) {
    this.tokens = tokens;
    this.connections = connections;
  }

  /**
   * The credentials to call the app with.
   *
   * @param force renew even if the token looks valid (the app rejected it)
   * @throws ConnectorException CREDENTIALS_REJECTED when there is no way to a valid token; the
   *     caller then marks the connection for the customer to reconnect
   */
  Map<String, Object> current(Caller caller, Connection connection, AuthDefinition.OAuth2 auth, Map<String, Object> credentials,
      Map<String, Object> integration, AddressPolicy addresses, boolean force) {
    if (!force && !tokens.isDue(credentials, MARGIN)) {
      return credentials;
    }
    synchronized (locks.computeIfAbsent(connection.id(), id -> new Object())) {
      // Another request may have renewed the token while this one waited.
      Map<String, Object> latest = connections.storedSecretsOf(connection).credentials();
      if (!latest.equals(credentials) && !tokens.isDue(latest, MARGIN)) {
        return latest;
      }
      Map<String, Object> renewed;
      if ("client_credentials".equals(auth.grantType())) {
        renewed = tokens.clientCredentials(auth, integration, addresses);
      } else if (latest.get(OAuthTokens.REFRESH_TOKEN) instanceof String refresh && !refresh.isBlank()) {
        renewed = tokens.refresh(auth, integration, refresh, addresses);
      } else {
        throw new ConnectorException(Kind.CREDENTIALS_REJECTED, 0, "The connection's access token "
            + (latest.containsKey(OAuthTokens.ACCESS_TOKEN) ? "expired and there is no refresh token" : "is missing")
            + ". The customer must connect again.");
      }
      Map<String, Object> merged = new LinkedHashMap<>(latest);
      merged.putAll(renewed);
      connections.update(caller, connection.id(), new ConnectionInput(null, null, null, null, merged, null, null), false);
      return merged;
    }
  }
}
