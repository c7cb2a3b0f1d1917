package dev.tributary.connectors.ldap;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorProvider;
import java.util.List;

/** Offers the LDAP connector to the engine (listed in META-INF/services). */
public final class LdapConnectorProvider implements ConnectorProvider {

  @Override
  public List<Connector> connectors() {
    return List.of(new LdapConnector());
  }
}
