package dev.tributary.error;

import java.util.List;
import java.util.Map;

/**
 * A well-formed request whose content an element's own rules refuse: a frozen field of a field
 * mapping, an action's input outside its {@code inputSchema}. Answered with HTTP 422.
 */
public class UnprocessableInputException extends InvalidInputException {

  public UnprocessableInputException(String message, Map<String, List<String>> details) {
    super(message, details);
  }

  @Override
  public String type() {
    return "unprocessable-input";
  }
}
