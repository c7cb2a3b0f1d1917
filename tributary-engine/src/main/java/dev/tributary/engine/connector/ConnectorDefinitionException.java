package dev.tributary.engine.connector;

import dev.tributary.error.TributaryException;
import java.util.List;
import java.util.Map;

/**
 * A connector's files break a rule of the format. The message names the connector, the file,
 * the line, the key and what to write instead.
 */
public final class ConnectorDefinitionException extends TributaryException {

  public ConnectorDefinitionException(String connector, String file, int line, String key, String problem) {
    super(format(connector, file, line, key, problem), Map.of(file + (key.isEmpty() ? "" : "#" + key), List.of(problem)));
  }

  static String format(String connector, String file, int line, String key, String problem) {
    return "Connector \"" + connector + "\", " + file + (line > 0 ? " line " + line : "")
        + (key.isEmpty() ? "" : ", key \"" + key + "\"") + ": " + problem;
  }

  @Override
  public String type() {
    return "invalid-connector";
  }
}
