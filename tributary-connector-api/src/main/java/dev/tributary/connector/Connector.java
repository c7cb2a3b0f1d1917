package dev.tributary.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter for one external app. Stateless and thread-safe: everything about a connection
 * comes through the {@link ConnectorContext} passed to each call.
 */
public interface Connector {

  ConnectorInfo info();

  /** How requests to the app are authenticated, and what a connection must provide. */
  AuthDefinition auth();

  /**
   * The JSON Schema of the connector parameters an integration sets (e.g. an OAuth client id),
   * or an empty object schema.
   */
  Map<String, Object> integrationParametersSchema();

  /**
   * The JSON Schema of the parameters each connection sets (e.g. the app's base URL for a
   * self-hosted app), or an empty object schema.
   */
  Map<String, Object> connectionParametersSchema();

  /**
   * How the {@link ApiClient} reaches the app: the base URI (possibly computed from the
   * connection's parameters), default headers and the rate limit.
   */
  ApiClientDefinition apiClient();

  /** The key of the directory at the top of the app's data tree. */
  String rootLocationKey();

  /** Every data location, directories and collections, in a stable order. */
  List<DataLocation> locations();

  default Optional<DataLocation> location(String key) {
    return locations().stream().filter(location -> location.key().equals(key)).findFirst();
  }

  /** How this app's collections map to Universal Data Models, keyed by UDM (e.g. {@code tasks}). */
  Map<String, UdmMapping> udm();

  /**
   * This connector as one connection sees it. The engine calls it with the connection's
   * parameters before it resolves locations or UDM mappings; a connector whose customers configure
   * their own UDM mappings (e.g. which table holds contacts) returns a copy whose {@link #udm()}
   * has them. The default is this connector.
   */
  default Connector forConnection(Map<String, Object> connectionParameters) {
    return this;
  }
}
