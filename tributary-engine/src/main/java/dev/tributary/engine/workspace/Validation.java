package dev.tributary.engine.workspace;

import dev.tributary.error.InvalidInputException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The rules for keys and names shared by workspace elements. */
final class Validation {

  static final int MAX_KEY = 100;
  static final int MAX_NAME = 255;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private Validation() {}

  static String key(String field, @Nullable String value) {
    if (value == null || !KEY.matcher(value).matches()) {
      throw InvalidInputException.forField(
          field,
          "Invalid " + field + " " + quote(value) + ": use 1 to " + MAX_KEY + " letters, digits, '-',"
              + " '_' or '.', starting with a letter or digit (for example \"hubspot\").");
    }
    return value;
  }

  static String name(String field, @Nullable String value) {
    if (value == null || value.isBlank() || value.length() > MAX_NAME || hasControl(value)) {
      throw InvalidInputException.forField(
          field,
          "Invalid " + field + " " + quote(value) + ": must be 1 to " + MAX_NAME + " characters,"
              + " not blank, without control characters.");
    }
    return value.strip();
  }

  private static boolean hasControl(String value) {
    return value.chars().anyMatch(Character::isISOControl);
  }

  static String quote(@Nullable String value) {
    if (value == null) {
      return "(missing)";
    }
    String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
    return "\"" + shown.replace("\"", "\\\"") + "\"";
  }
}
