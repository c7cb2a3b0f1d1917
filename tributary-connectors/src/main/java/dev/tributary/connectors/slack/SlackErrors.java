package dev.tributary.connectors.slack;

import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.ConnectorException.Kind;
import java.util.Map;
import java.util.Set;

/**
 * Slack answers most failures with HTTP 200 and {@code {"ok": false, "error": "<code>"}}; this
 * turns them into the {@link ConnectorException} an HTTP status would have given, so that a
 * revoked token marks the connection, a missing message is "not found", and so on.
 */
final class SlackErrors {

  private static final Set<String> CREDENTIALS = Set.of("not_authed", "invalid_auth", "account_inactive", "token_revoked",
      "token_expired", "no_permission", "org_login_required", "ekm_access_denied");
  private static final Set<String> NOT_FOUND = Set.of("channel_not_found", "user_not_found", "users_not_found",
      "message_not_found", "thread_not_found", "file_not_found", "canvas_not_found");
  private static final Set<String> FORBIDDEN = Set.of("missing_scope", "not_in_channel", "cant_update_message",
      "cant_delete_message", "access_denied", "restricted_action", "is_archived");

  private SlackErrors() {}

  /** The answer when Slack said {@code ok: true} (or nothing about it). */
  static ApiResponse check(ApiResponse response) {
    if (!(response.data() instanceof Map<?, ?> body) || !Boolean.FALSE.equals(body.get("ok"))) {
      return response;
    }
    String error = String.valueOf(body.get("error"));
    if (CREDENTIALS.contains(error)) {
      throw new ConnectorException(Kind.CREDENTIALS_REJECTED, 401, "Slack rejected the connection's token (" + error
          + "). The customer must connect Slack again.");
    }
    if (NOT_FOUND.contains(error)) {
      throw new ConnectorException(Kind.NOT_FOUND, 404, "Slack has no such " + error.substring(0, error.indexOf("_not_found"))
          + " (" + error + ").");
    }
    if (FORBIDDEN.contains(error)) {
      Object needed = body.get("needed");
      throw new ConnectorException(Kind.FORBIDDEN, 403, "Slack refused the call (" + error + ")"
          + (needed == null ? "" : ": the token lacks the scope " + needed) + ". Reconnect with the scopes the connector asks for"
          + (error.equals("not_in_channel") ? ", or invite the app to the conversation" : "") + ".");
    }
    if (error.equals("ratelimited")) {
      throw new ConnectorException(Kind.RATE_LIMITED, 429, "Slack is limiting requests (ratelimited). Try again later.");
    }
    throw new ConnectorException(Kind.REJECTED, 400, "Slack rejected the call (" + error + ").");
  }
}
