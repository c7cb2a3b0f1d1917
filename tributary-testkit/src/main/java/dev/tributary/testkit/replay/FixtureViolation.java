package dev.tributary.testkit.replay;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One way in which a recorded exchange disagrees with its vendor's API description, as reported by
 * {@link FixtureValidator}.
 *
 * @param exchange the exchange at fault
 * @param key the swagger-request-validator message key, e.g. {@code
 *     validation.response.body.schema.required}, or a {@code tributary.fixture.*} key for the
 *     testkit's own checks
 * @param message what is wrong, as the validator words it
 * @param location {@code REQUEST} or {@code RESPONSE}, or null when the validator does not say
 * @param instancePointer the JSON pointer into the body, e.g. {@code /values/0/id}, or null when
 *     the message is not about a body value
 * @param schemaPointer the JSON pointer into the schema that refused it, or null likewise
 * @param details further messages, e.g. why each {@code oneOf} alternative did not match
 */
public record FixtureViolation(
    Exchange exchange,
    String key,
    String message,
    @Nullable String location,
    @Nullable String instancePointer,
    @Nullable String schemaPointer,
    List<String> details) {

  public FixtureViolation {
    Objects.requireNonNull(exchange, "exchange == null");
    Objects.requireNonNull(key, "key == null");
    Objects.requireNonNull(message, "message == null");
    details = List.copyOf(details);
  }

  /**
   * {@code [key] response body at /values/0/id (schema /properties/values/items/properties/id): message},
   * followed by the details, one per line.
   */
  public String describe() {
    var text = new StringBuilder("[").append(key).append("] ");
    if (location != null) {
      text.append(location.toLowerCase(java.util.Locale.ROOT)).append(' ');
    }
    if (instancePointer != null) {
      text.append("body at ").append(instancePointer.isEmpty() ? "/" : instancePointer);
      if (schemaPointer != null) {
        text.append(" (schema ").append(schemaPointer.isEmpty() ? "/" : schemaPointer).append(')');
      }
      text.append(": ");
    }
    text.append(message);
    details.forEach(detail -> text.append("\n      ").append(detail));
    return text.toString();
  }
}
