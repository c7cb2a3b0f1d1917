package dev.tributary.connector;

import java.util.List;

/**
 * Supplies built-in connectors. Implementations are listed in {@code
 * META-INF/services/dev.tributary.connector.ConnectorProvider} and found with {@link
 * java.util.ServiceLoader} when the engine starts.
 */
public interface ConnectorProvider {

  /** The connectors this provider offers; called once at start. */
  List<Connector> connectors();
}
