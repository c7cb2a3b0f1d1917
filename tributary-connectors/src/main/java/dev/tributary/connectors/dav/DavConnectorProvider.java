package dev.tributary.connectors.dav;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorProvider;
import java.util.List;

/** Offers the CalDAV/CardDAV connector to the engine (listed in META-INF/services). */
public final class DavConnectorProvider implements ConnectorProvider {

  @Override
  public List<Connector> connectors() {
    return List.of(new DavConnector());
  }
}
