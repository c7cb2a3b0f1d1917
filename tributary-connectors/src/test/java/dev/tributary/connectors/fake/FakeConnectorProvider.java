package dev.tributary.connectors.fake;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorProvider;
import dev.tributary.testkit.fake.FakeConnector;
import java.util.List;
import java.util.Map;

/** A Java connector found through ServiceLoader (listed in META-INF/services of the test classpath). */
public final class FakeConnectorProvider implements ConnectorProvider {

  static final FakeConnector NOTES = FakeConnector.builder("fake-notes")
      .collection("notes", "title", "body")
      .udm("notes", "notes", Map.of("title", Map.of("$var", "$.title"), "content", Map.of("$var", "$.body")),
          Map.of("title", Map.of("$var", "$.title"), "body", Map.of("$var", "$.content")))
      .build();

  @Override
  public List<Connector> connectors() {
    return List.of(NOTES);
  }
}
