package dev.tributary.connector;

/**
 * Java code that completes a declarative connector where its YAML cannot express something (a
 * webhook handshake, a change feed). Listed in {@code
 * META-INF/services/dev.tributary.connector.ConnectorExtension}; when the engine loads the
 * declarative connector whose key is {@link #connectorKey()}, it uses {@link #extend} of it
 * instead, so the connector keeps one key and one folder.
 *
 * <pre>{@code
 * public final class JiraExtension implements ConnectorExtension {
 *   public String connectorKey() { return "jira"; }
 *   public Connector extend(Connector declared) {
 *     DataCollection issues = (DataCollection) declared.location("issues").orElseThrow();
 *     return Connectors.withCollection(declared, new JiraIssues(issues));
 *   }
 * }
 * }</pre>
 */
public interface ConnectorExtension {

  /** The key of the declarative connector this extends. */
  String connectorKey();

  /** The connector to use in place of {@code declared}, which it usually wraps. */
  Connector extend(Connector declared);
}
