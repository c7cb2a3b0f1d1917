package dev.tributary.connectors.asana;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorExtension;
import dev.tributary.connector.Connectors;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.WebhookEvents;
import java.util.Optional;

/** Adds webhooks and the /events feed to the declarative Asana connector's tasks. */
public final class AsanaExtension implements ConnectorExtension {

  @Override
  public String connectorKey() {
    return "asana";
  }

  @Override
  public Connector extend(Connector declared) {
    DataCollection tasks = (DataCollection) declared.location("tasks").orElseThrow(
        () -> new IllegalStateException("the asana connector has no tasks collection to extend"));
    AsanaWebhooks webhooks = new AsanaWebhooks();
    AsanaEvents events = new AsanaEvents();
    return Connectors.withCollection(declared, new ForwardingDataCollection(tasks) {
      @Override
      public Optional<WebhookEvents> webhookEvents() {
        return Optional.of(webhooks);
      }

      @Override
      public Optional<CustomPullEvents> customPullEvents() {
        return Optional.of(events);
      }
    });
  }
}
