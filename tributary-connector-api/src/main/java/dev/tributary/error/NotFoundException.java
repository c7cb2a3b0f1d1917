package dev.tributary.error;

import java.util.Map;

/**
 * The thing asked for does not exist, or the caller may not see it: another customer's object is
 * reported exactly like a missing one, so its existence does not leak.
 */
public class NotFoundException extends TributaryException {

  public NotFoundException(String message) {
    super(message, Map.of());
  }

  @Override
  public String type() {
    return "not-found";
  }
}
