package dev.tributary.connectors.github;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorExtension;
import dev.tributary.connector.Connectors;
import dev.tributary.connector.DataCollection;

/**
 * The Java parts of the declarative GitHub connector: repository webhooks for issues, and the
 * newest-first pulls of issues and pull requests.
 */
public final class GithubExtension implements ConnectorExtension {

  @Override
  public String connectorKey() {
    return "github";
  }

  @Override
  public Connector extend(Connector declared) {
    DataCollection issues = (DataCollection) declared.location("issues").orElseThrow();
    DataCollection pulls = (DataCollection) declared.location("pull-requests").orElseThrow();
    Connector withIssues = Connectors.withCollection(declared, new GithubCollection(issues, true));
    return Connectors.withCollection(withIssues, new GithubCollection(pulls, false));
  }
}
