package dev.tributary.connectors.jira;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorExtension;
import dev.tributary.connector.Connectors;
import dev.tributary.connector.DataCollection;

/** Adds webhooks and the newest-first pull to the declarative Jira connector's issues. */
public final class JiraExtension implements ConnectorExtension {

  @Override
  public String connectorKey() {
    return "jira";
  }

  @Override
  public Connector extend(Connector declared) {
    DataCollection issues = (DataCollection) declared.location("issues").orElseThrow(
        () -> new IllegalStateException("the jira connector has no issues collection to extend"));
    return Connectors.withCollection(declared, new JiraIssues(issues));
  }
}
