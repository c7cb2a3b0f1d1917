package dev.tributary.connector;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a connector authenticates requests, and which credentials a connection must hold. Values
 * named {@code …Field} are keys of the connection's credentials.
 */
public sealed interface AuthDefinition {

  /** The JSON Schema of the credentials a connection provides (empty for OAuth: the flow fills them). */
  Map<String, Object> credentialsSchema();

  /** No authentication. */
  record None() implements AuthDefinition {
    @Override
    public Map<String, Object> credentialsSchema() {
      return Map.of("type", "object");
    }
  }

  /** An API key sent in a header or a query parameter, optionally with a prefix ("Token "). */
  record ApiKey(String in, String name, String credentialField, @Nullable String prefix) implements AuthDefinition {
    @Override
    public Map<String, Object> credentialsSchema() {
      return requiredStrings(credentialField);
    }
  }

  /** HTTP basic authentication. */
  record Basic(String usernameField, String passwordField) implements AuthDefinition {
    @Override
    public Map<String, Object> credentialsSchema() {
      return requiredStrings(usernameField, passwordField);
    }
  }

  /** A static bearer token. */
  record Bearer(String tokenField) implements AuthDefinition {
    @Override
    public Map<String, Object> credentialsSchema() {
      return requiredStrings(tokenField);
    }
  }

  /**
   * OAuth 2.0: authorization code (with PKCE unless {@code skipPkce}) or client credentials.
   * {@code clientAuthLocation} is {@code body} or {@code headers}.
   */
  record OAuth2(
      String grantType,
      @Nullable String authorizeUri,
      String tokenUri,
      List<String> scopes,
      String clientAuthLocation,
      boolean noRefreshToken,
      boolean skipPkce) implements AuthDefinition {
    @Override
    public Map<String, Object> credentialsSchema() {
      return Map.of("type", "object");
    }
  }

  private static Map<String, Object> requiredStrings(String... fields) {
    var properties = new java.util.LinkedHashMap<String, Object>();
    for (String field : fields) {
      properties.put(field, Map.of("type", "string", "minLength", 1));
    }
    return Map.of("type", "object", "properties", properties, "required", List.of(fields));
  }
}
