package dev.tributary.error;

import java.util.List;
import java.util.Map;

/** The request clashes with the current state, e.g. a key that is already taken. */
public class ConflictException extends TributaryException {

  public ConflictException(String message) {
    super(message, Map.of());
  }

  public ConflictException(String message, String field) {
    super(message, Map.of(field, List.of(message)));
  }

  @Override
  public String type() {
    return "conflict";
  }
}
