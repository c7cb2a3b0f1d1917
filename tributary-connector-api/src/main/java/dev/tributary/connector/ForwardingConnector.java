package dev.tributary.connector;

import java.util.List;
import java.util.Map;

/**
 * A connector that passes every call to another; subclasses override what they change (the
 * locations, the API client). {@link #forConnection} is not passed on: the delegate's copy would
 * drop what the subclass changes.
 */
public class ForwardingConnector implements Connector {

  private final Connector delegate;

  public ForwardingConnector(Connector delegate) {
    this.delegate = java.util.Objects.requireNonNull(delegate, "delegate == null");
  }

  /** The connector calls are passed to. */
  protected Connector delegate() {
    return delegate;
  }

  @Override
  public ConnectorInfo info() {
    return delegate.info();
  }

  @Override
  public AuthDefinition auth() {
    return delegate.auth();
  }

  @Override
  public Map<String, Object> integrationParametersSchema() {
    return delegate.integrationParametersSchema();
  }

  @Override
  public Map<String, Object> connectionParametersSchema() {
    return delegate.connectionParametersSchema();
  }

  @Override
  public ApiClientDefinition apiClient() {
    return delegate.apiClient();
  }

  @Override
  public String rootLocationKey() {
    return delegate.rootLocationKey();
  }

  @Override
  public List<DataLocation> locations() {
    return delegate.locations();
  }

  @Override
  public Map<String, UdmMapping> udm() {
    return delegate.udm();
  }
}
