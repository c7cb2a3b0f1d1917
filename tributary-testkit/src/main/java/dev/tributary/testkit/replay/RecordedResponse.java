package dev.tributary.testkit.replay;

import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The response half of a recorded {@link Exchange}, as the {@link ReplayServer} sends it back.
 *
 * @param status the HTTP status code
 * @param headers the response headers, by name (case-insensitive)
 * @param body the body text, or null for a response without a body
 */
public record RecordedResponse(int status, Map<String, String> headers, @Nullable String body) {

  public RecordedResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, not " + status);
    }
    headers = RecordedRequest.caseInsensitive(headers);
  }

  /** The value of header {@code name}, matched case-insensitively. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name));
  }
}
