package dev.tributary.error;

import java.util.Map;

/**
 * The caller is known but its role may not do this, e.g. a customer token asking for secrets or
 * for a workspace-wide operation.
 */
public class AccessDeniedException extends TributaryException {

  public AccessDeniedException(String message) {
    super(message, Map.of());
  }

  @Override
  public String type() {
    return "forbidden";
  }
}
