package dev.tributary.error;

import java.util.List;
import java.util.Map;

/**
 * A setting of Tributary itself (flag or environment variable) is missing or breaks its rule. The
 * details are keyed by the setting's name.
 */
public class InvalidConfigException extends TributaryException {

  public InvalidConfigException(String setting, String message) {
    super(message, Map.of(setting, List.of(message)));
  }

  public InvalidConfigException(String setting, String message, Throwable cause) {
    super(message, Map.of(setting, List.of(message)), cause);
  }

  @Override
  public String type() {
    return "invalid-config";
  }
}
