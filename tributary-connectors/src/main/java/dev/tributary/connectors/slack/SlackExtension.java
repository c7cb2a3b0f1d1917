package dev.tributary.connectors.slack;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorExtension;
import dev.tributary.connector.Connectors;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;

/**
 * The Java part of the declarative Slack connector: Slack's {@code ok: false} answers become
 * errors on every collection, and messages get the newest-first pull.
 */
public final class SlackExtension implements ConnectorExtension {

  @Override
  public String connectorKey() {
    return "slack";
  }

  @Override
  public Connector extend(Connector declared) {
    Connector connector = declared;
    for (DataLocation location : declared.locations()) {
      if (location instanceof DataCollection collection) {
        connector = Connectors.withCollection(connector, new SlackCollection(collection, collection.key().equals("messages")));
      }
    }
    return connector;
  }
}
