package dev.tributary.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The root of the exceptions a user of Tributary can meet. The message is written for that user:
 * it names the thing, the offending value, the rule and what to do.
 */
public abstract class TributaryException extends RuntimeException {

  private final Map<String, List<String>> details;

  protected TributaryException(String message, Map<String, List<String>> details) {
    this(message, details, null);
  }

  protected TributaryException(
      String message, Map<String, List<String>> details, Throwable cause) {
    super(message, cause);
    var copy = new LinkedHashMap<String, List<String>>();
    details.forEach((field, messages) -> copy.put(field, List.copyOf(messages)));
    this.details = java.util.Collections.unmodifiableMap(copy);
  }

  /** A stable, kebab-case code for this kind of error, e.g. {@code invalid-input}. */
  public abstract String type();

  /** Per-field messages (field path to messages); empty when the error is not about fields. */
  public Map<String, List<String>> details() {
    return details;
  }
}
