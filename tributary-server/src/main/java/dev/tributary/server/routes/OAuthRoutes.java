package dev.tributary.server.routes;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.OAuthFlow;
import dev.tributary.error.InvalidInputException;
import dev.tributary.server.http.Access;
import dev.tributary.server.http.Api;
import static dev.tributary.server.http.Bodies.text;
import dev.tributary.server.http.BodySchema;
import dev.tributary.server.http.Call;
import dev.tributary.server.http.Json;
import dev.tributary.server.http.Schemas;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Connecting with OAuth 2.0: a customer starts an authorization and sends its browser to the
 * app; the app sends it back to the public callback, which stores the tokens in the connection.
 */
public final class OAuthRoutes {

  private static final BodySchema START = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "connectionId": {"type": "string", "description": "Renew this connection instead of creating one."},
        "redirectUri": {"type": "string", "pattern": "^https?://", "description": "Where to send the browser when done."}}}""");

  private final OAuthFlow oauth;
  private final Supplier<String> callbackUri;

  /**
   * @param callbackUri this server's public callback URL (known once the server listens)
   */
  public OAuthRoutes(Tributary tributary, Supplier<String> callbackUri) {
    this.oauth = tributary.oauth();
    this.callbackUri = callbackUri;
  }

  public void register(Api api) {
    api.post("/integrations/{integration}/connect").summary("Start connecting a customer's account with OAuth").tag("Connections")
        .body(START).responds(200, Schemas.ANY_OBJECT)
        .handle(call -> {
          JsonNode body = call.context().body().isBlank() ? Json.MAPPER.createObjectNode() : call.body();
          OAuthFlow.Started started = oauth.start(call.caller(), call.path("integration"), text(body, "connectionId"),
              text(body, "redirectUri"), callbackUri.get());
          return Map.of("authorizationUrl", started.authorizationUrl(), "expiresAt", started.expiresAt());
        });
    api.get("/oauth/callback").summary("Complete an OAuth authorization (the app redirects the browser here)").tag("Connections")
        .access(Access.PUBLIC)
        .query("code", "string", "The authorization code.").query("state", "string", "The authorization's state.")
        .query("error", "string", "Set by the app when the customer declined.")
        .responds(200, Schemas.ANY_OBJECT)
        .handle(this::callback);
  }

  private Object callback(Call call) {
    String error = call.query("error");
    if (error != null) {
      throw new InvalidInputException("The app did not authorize the connection (" + error + "). Start connecting again.");
    }
    String code = call.query("code");
    String state = call.query("state");
    if (code == null || state == null) {
      throw new InvalidInputException("The callback needs the \"code\" and \"state\" the app sends; open it only through the"
          + " app's redirect.");
    }
    OAuthFlow.Completed completed = oauth.complete(state, code, callbackUri.get());
    if (completed.redirectUri() != null) {
      String target = completed.redirectUri() + (completed.redirectUri().contains("?") ? "&" : "?") + "connectionId="
          + URLEncoder.encode(completed.connection().id(), StandardCharsets.UTF_8);
      call.context().redirect(target);
      return Map.of("connectionId", completed.connection().id(), "redirectUri", target);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", "connected");
    result.put("connectionId", completed.connection().id());
    return result;
  }

}
