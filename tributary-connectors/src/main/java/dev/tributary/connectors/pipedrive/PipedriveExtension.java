package dev.tributary.connectors.pipedrive;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorExtension;
import dev.tributary.connector.Connectors;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.WebhookEvents;
import java.util.Map;
import java.util.Optional;

/** The Java part of the declarative Pipedrive connector: webhooks for persons, organizations, deals and activities. */
public final class PipedriveExtension implements ConnectorExtension {

  /** Collection key → Pipedrive's webhook event_object. */
  private static final Map<String, String> OBJECTS =
      Map.of("persons", "person", "organizations", "organization", "deals", "deal", "activities", "activity");

  @Override
  public String connectorKey() {
    return "pipedrive";
  }

  @Override
  public Connector extend(Connector declared) {
    Connector connector = declared;
    for (var entry : OBJECTS.entrySet()) {
      DataCollection collection = (DataCollection) declared.location(entry.getKey()).orElseThrow();
      var webhooks = new PipedriveWebhooks(collection, entry.getValue());
      connector = Connectors.withCollection(connector, new ForwardingDataCollection(collection) {
        @Override
        public Optional<WebhookEvents> webhookEvents() {
          return Optional.of(webhooks);
        }
      });
    }
    return connector;
  }
}
