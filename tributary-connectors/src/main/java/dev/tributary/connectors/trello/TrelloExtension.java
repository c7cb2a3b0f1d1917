package dev.tributary.connectors.trello;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorExtension;
import dev.tributary.connector.Connectors;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.ForwardingDataCollection;
import dev.tributary.connector.WebhookEvents;
import java.util.Optional;

/** Adds board webhooks to the declarative Trello connector's cards. */
public final class TrelloExtension implements ConnectorExtension {

  @Override
  public String connectorKey() {
    return "trello";
  }

  @Override
  public Connector extend(Connector declared) {
    DataCollection cards = (DataCollection) declared.location("cards").orElseThrow(
        () -> new IllegalStateException("the trello connector has no cards collection to extend"));
    TrelloWebhooks webhooks = new TrelloWebhooks(cards);
    return Connectors.withCollection(declared, new ForwardingDataCollection(cards) {
      @Override
      public Optional<WebhookEvents> webhookEvents() {
        return Optional.of(webhooks);
      }
    });
  }
}
