package dev.tributary.connector;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the engine builds a connection's {@link ApiClient}.
 *
 * @param baseUri the base URI, or a formula over {@code connectionParameters} / {@code
 *     integrationParameters} (e.g. {@code {$var: $.connectionParameters.baseUri}})
 * @param headers headers sent with every request; values may be formulas
 * @param requestsPerSecond the rate budget per connection (the app's limit, leaving headroom)
 * @param timeout the time one request may take
 * @param local true for apps that run inside the customer's network (a database, a self-hosted
 *     server): only then may an admin allow private and loopback addresses
 * @param query query parameters sent with every request (a request's own value of the same name
 *     wins); values may be formulas, e.g. Trello's app key {@code {$var: $.integrationParameters.apiKey}}
 */
public record ApiClientDefinition(
    Object baseUri, Map<String, Object> headers, double requestsPerSecond, Duration timeout, boolean local,
    Map<String, Object> query) {

  public static final double DEFAULT_REQUESTS_PER_SECOND = 10;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public ApiClientDefinition {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    query = Collections.unmodifiableMap(new LinkedHashMap<>(query));
    if (requestsPerSecond <= 0) {
      throw new IllegalArgumentException("requestsPerSecond must be positive: " + requestsPerSecond);
    }
  }

  /** A definition without default query parameters. */
  public ApiClientDefinition(Object baseUri, Map<String, Object> headers, double requestsPerSecond, Duration timeout,
      boolean local) {
    this(baseUri, headers, requestsPerSecond, timeout, local, Map.of());
  }
}
