package dev.tributary.connector;

/**
 * Java code for a declarative connector: what its YAML cannot express (webhook handling, a pull
 * by update time) added to the connector the files describe. Implementations are listed in
 * {@code META-INF/services/dev.tributary.connector.ConnectorExtension}; the engine applies each to
 * the declarative connector of {@link #connectorKey()} when it loads it.
 *
 * <pre>{@code
 * public final class GithubExtension implements ConnectorExtension {
 *   public String connectorKey() { return "github"; }
 *   public Connector extend(Connector declared) {
 *     DataCollection issues = (DataCollection) declared.location("issues").orElseThrow();
 *     return Connectors.withCollection(declared, new IssueEvents(issues));
 *   }
 * }
 * }</pre>
 */
public interface ConnectorExtension {

  /** The key of the declarative connector this extends. */
  String connectorKey();

  /** The connector with the Java parts added (usually through {@link Connectors#withCollection}). */
  Connector extend(Connector declared);
}
