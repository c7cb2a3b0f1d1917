package dev.tributary.connectors.jira;

import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ConnectorContext;
import java.util.Map;

/** A connector context with other collection parameters: how the pull reuses the declared listing with a narrower JQL. */
record ParametersContext(ConnectorContext context, Map<String, Object> parameters) implements ConnectorContext {

  public ParametersContext {
    parameters = Map.copyOf(parameters);
  }

  @Override
  public ApiClient api() {
    return context.api();
  }

  @Override
  public Map<String, Object> credentials() {
    return context.credentials();
  }

  @Override
  public Map<String, Object> connectionParameters() {
    return context.connectionParameters();
  }

  @Override
  public Map<String, Object> integrationParameters() {
    return context.integrationParameters();
  }
}
