package dev.tributary.error;

import java.util.List;
import java.util.Map;

/** The caller sent something that breaks a rule: a wrong type, a missing field, a bad value. */
public class InvalidInputException extends TributaryException {

  public InvalidInputException(String message) {
    super(message, Map.of());
  }

  public InvalidInputException(String message, Map<String, List<String>> details) {
    super(message, details);
  }

  /** One offending field: {@code field} is its path (e.g. {@code credentials.apiKey}). */
  public static InvalidInputException forField(String field, String message) {
    return new InvalidInputException(message, Map.of(field, List.of(message)));
  }

  @Override
  public String type() {
    return "invalid-input";
  }
}
