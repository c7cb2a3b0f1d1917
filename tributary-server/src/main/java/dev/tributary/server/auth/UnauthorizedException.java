package dev.tributary.server.auth;

import dev.tributary.error.TributaryException;
import java.util.Map;

/** The request carries no usable credentials; answered with 401 and a message saying which. */
public final class UnauthorizedException extends TributaryException {

  public UnauthorizedException(String message) {
    super(message, Map.of());
  }

  @Override
  public String type() {
    return "unauthorized";
  }
}
