package dev.tributary.engine.connector;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorInfo;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.UdmMapping;
import java.util.List;
import java.util.Map;

/** A connector read from a folder of YAML files by {@link DeclarativeConnectorLoader}. */
record DeclarativeConnector(
    ConnectorInfo info,
    AuthDefinition auth,
    Map<String, Object> integrationParametersSchema,
    Map<String, Object> connectionParametersSchema,
    ApiClientDefinition apiClient,
    String rootLocationKey,
    List<DataLocation> locations,
    Map<String, UdmMapping> udm) implements Connector {

  DeclarativeConnector {
    locations = List.copyOf(locations);
    udm = Map.copyOf(udm);
  }
}
