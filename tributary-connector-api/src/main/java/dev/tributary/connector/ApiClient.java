package dev.tributary.connector;

/**
 * Sends requests to the app for one connection: authenticated, rate-limited, retried on
 * transient failures, with pages of the same connection sharing one rate budget. Thread-safe.
 */
public interface ApiClient {

  /**
   * Sends a request and returns the app's answer when it succeeded (2xx).
   *
   * @throws ConnectorException when the app cannot be reached, rejects the credentials (401),
   *     keeps answering 429 or 5xx after the retries, or answers another 4xx
   */
  ApiResponse send(ApiRequest request);
}
