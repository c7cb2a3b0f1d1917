package dev.tributary.connectors.sql;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorProvider;
import java.util.List;

/** Offers the {@link SqlConnector} as a built-in connector. */
public final class SqlConnectorProvider implements ConnectorProvider {

  @Override
  public List<Connector> connectors() {
    return List.of(new SqlConnector());
  }
}
