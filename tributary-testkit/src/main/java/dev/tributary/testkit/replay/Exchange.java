package dev.tributary.testkit.replay;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One recorded HTTP request and the response the vendor gave to it, read from a fixture file by
 * {@link Fixtures}.
 *
 * @param fixture where the exchange was read from (a file path or classpath resource), for messages
 * @param index the position of the exchange in its fixture, from 1
 * @param name a short description from the fixture, or null when it has none
 * @param vendor the vendor whose API description the exchange must satisfy (see {@link VendorSpecs#vendors()})
 * @param operation the operationId the request must resolve to, or null to accept whichever it resolves to
 * @param request what the client sends
 * @param response what the vendor answers
 */
public record Exchange(
    String fixture,
    int index,
    @Nullable String name,
    String vendor,
    @Nullable String operation,
    RecordedRequest request,
    RecordedResponse response) {

  public Exchange {
    Objects.requireNonNull(fixture, "fixture == null");
    Objects.requireNonNull(vendor, "vendor == null");
    Objects.requireNonNull(request, "request == null");
    Objects.requireNonNull(response, "response == null");
  }

  /** {@code fixtures/jira/issue.yaml#2 "issue not found" (GET /rest/api/3/issue/PROJ-404 → 404)}, for messages. */
  public String label() {
    return fixture + "#" + index + (name == null ? "" : " \"" + name + "\"")
        + " (" + request + " → " + response.status() + ")";
  }
}
