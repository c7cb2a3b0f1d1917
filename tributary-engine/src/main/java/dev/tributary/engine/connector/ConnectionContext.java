package dev.tributary.engine.connector;

import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ConnectorContext;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@link ConnectorContext} of one call for one connection. */
record ConnectionContext(
    ApiClient api,
    Map<String, Object> parameters,
    Map<String, Object> credentials,
    Map<String, Object> connectionParameters,
    Map<String, Object> integrationParameters) implements ConnectorContext {

  ConnectionContext {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  ConnectionContext withParameters(Map<String, Object> next) {
    return new ConnectionContext(api, next, credentials, connectionParameters, integrationParameters);
  }

  @Override
  public String toString() {
    return "ConnectionContext[parameters=" + parameters.keySet() + "]";
  }
}
