package dev.tributary.engine.connector;

import dev.tributary.connector.AddressPolicy;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.ConnectorException.Kind;
import dev.tributary.engine.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Calls an OAuth 2.0 token endpoint (RFC 6749 §4.1.3, §4.4, §6) with the integration's client
 * credentials, in the body or as HTTP basic as the connector says, and turns the answer into a
 * connection's credentials: {@code accessToken}, {@code refreshToken}, {@code expiresAt}.
 * Secrets never appear in its errors.
 */
final class OAuthTokens {

  static final String ACCESS_TOKEN = "accessToken";
  static final String REFRESH_TOKEN = "refreshToken";
  static final String EXPIRES_AT = "expiresAt";

  private final HttpClient http;
  private final Clock clock;

  OAuthTokens(HttpClient http, Clock clock) {
    this.http = http;
    this.clock = clock;
  }

  /** Exchanges an authorization code (with its PKCE verifier, when one was used). */
  Map<String, Object> exchange(AuthDefinition.OAuth2 auth, Map<String, Object> integration, String code, String redirectUri,
      @Nullable String verifier, AddressPolicy addresses) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", redirectUri);
    if (verifier != null) {
      form.put("code_verifier", verifier);
    }
    return credentials(auth, post(auth, integration, form, addresses), null);
  }

  /** Gets a new access token with a refresh token; keeps the old refresh token when none comes back. */
  Map<String, Object> refresh(AuthDefinition.OAuth2 auth, Map<String, Object> integration, String refreshToken, AddressPolicy addresses) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "refresh_token");
    form.put("refresh_token", refreshToken);
    return credentials(auth, post(auth, integration, form, addresses), refreshToken);
  }

  /** Gets an access token with the integration's client credentials (RFC 6749 §4.4). */
  Map<String, Object> clientCredentials(AuthDefinition.OAuth2 auth, Map<String, Object> integration, AddressPolicy addresses) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "client_credentials");
    if (!auth.scopes().isEmpty()) {
      form.put("scope", String.join(" ", auth.scopes()));
    }
    return credentials(auth, post(auth, integration, form, addresses), null);
  }

  private Map<String, Object> credentials(AuthDefinition.OAuth2 auth, Map<String, Object> answer, @Nullable String previousRefresh) {
    Object access = answer.get("access_token");
    if (!(access instanceof String token) || token.isBlank()) {
      throw new ConnectorException(Kind.CREDENTIALS_REJECTED, 0, "The app's token endpoint answered without an access_token.");
    }
    Map<String, Object> credentials = new LinkedHashMap<>();
    credentials.put(ACCESS_TOKEN, token);
    Object refresh = answer.get("refresh_token");
    if (!auth.noRefreshToken()) {
      if (refresh instanceof String value && !value.isBlank()) {
        credentials.put(REFRESH_TOKEN, value);
      } else if (previousRefresh != null) {
        credentials.put(REFRESH_TOKEN, previousRefresh);
      }
    }
    if (answer.get("expires_in") instanceof Number seconds) {
      credentials.put(EXPIRES_AT, clock.instant().plusSeconds(seconds.longValue()).toString());
    }
    return credentials;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> post(AuthDefinition.OAuth2 auth, Map<String, Object> integration, Map<String, String> form,
      AddressPolicy addresses) {
    String clientId = requiredParameter(integration, "clientId");
    String clientSecret = requiredParameter(integration, "clientSecret");
    URI tokenUri = URI.create(auth.tokenUri());
    addresses.check(tokenUri);
    var request = HttpRequest.newBuilder(tokenUri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
    if ("headers".equals(auth.clientAuthLocation())) {
      request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8)));
    } else {
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
    }
    String body = form.entrySet().stream().map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
        .collect(Collectors.joining("&"));
    try {
      HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      Map<String, Object> answer;
      try {
        answer = Json.MAPPER.readValue(response.body(), Map.class);
      } catch (RuntimeException e) {
        answer = Map.of();
      }
      if (response.statusCode() / 100 != 2) {
        Object error = answer.getOrDefault("error", "HTTP " + response.statusCode());
        Object description = answer.get("error_description");
        throw new ConnectorException(Kind.CREDENTIALS_REJECTED, response.statusCode(), "The app's token endpoint refused the "
            + form.get("grant_type").replace('_', ' ') + " grant (" + error + (description == null ? "" : ": " + description)
            + "). The customer must connect again.");
      }
      return answer;
    } catch (IOException e) {
      throw new ConnectorException(Kind.UNREACHABLE, 0, "Cannot reach the app's token endpoint at " + tokenUri.getHost() + ".", null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectorException(Kind.UNREACHABLE, 0, "Interrupted while calling the token endpoint.", null, e);
    }
  }

  /** True when the credentials' access token is missing or expires within {@code margin}. */
  boolean isDue(Map<String, Object> credentials, Duration margin) {
    if (!(credentials.get(ACCESS_TOKEN) instanceof String token) || token.isBlank()) {
      return true;
    }
    Object expiresAt = credentials.get(EXPIRES_AT);
    return expiresAt != null && Instant.parse(expiresAt.toString()).isBefore(clock.instant().plus(margin));
  }

  private static String requiredParameter(Map<String, Object> integration, String name) {
    Object value = integration.get(name);
    if (!(value instanceof String text) || text.isBlank()) {
      throw new ConnectorException(Kind.CREDENTIALS_REJECTED, 0, "The integration has no OAuth \"" + name + "\". An admin must"
          + " set it in the integration's parameters (PATCH /integrations/{integration} {\"parameters\": {\"" + name + "\": …}}).");
    }
    return text;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
