package dev.tributary.connector;

import java.util.Map;

/** What a connector method gets for one call: the connection's client, secrets and parameters. */
public interface ConnectorContext {

  /** The connection's client for the app. */
  ApiClient api();

  /** The parameters of the location called (collection or directory parameters). */
  Map<String, Object> parameters();

  /** The connection's credentials (API key, tokens, …). Never log them. */
  Map<String, Object> credentials();

  /** The connection's connector parameters (e.g. the base URL of a self-hosted app). */
  Map<String, Object> connectionParameters();

  /** The integration's connector parameters (e.g. the OAuth client id). */
  Map<String, Object> integrationParameters();
}
