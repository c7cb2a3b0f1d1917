package dev.tributary.engine.workspace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a connection keeps encrypted: the app's credentials and the connector parameters. */
public record ConnectionSecrets(Map<String, Object> credentials, Map<String, Object> connectorParameters) {

  public ConnectionSecrets {
    credentials = Collections.unmodifiableMap(new LinkedHashMap<>(credentials));
    connectorParameters = Collections.unmodifiableMap(new LinkedHashMap<>(connectorParameters));
  }

  @Override
  public String toString() {
    return "ConnectionSecrets[credentials=" + credentials.keySet() + ", connectorParameters="
        + connectorParameters.keySet() + "]";
  }
}
