package dev.tributary.server.http;

import dev.tributary.connector.ConnectorException;
import dev.tributary.error.AccessDeniedException;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidConfigException;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import dev.tributary.error.TributaryException;
import dev.tributary.server.auth.UnauthorizedException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns exceptions into JSON {@link ApiError} answers. Expected errors are answered with their
 * message; anything unexpected is logged once with the request id and answered with a message
 * that reveals nothing of the server's internals.
 */
public final class ErrorResponses {

  private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {}

  public static void tributary(TributaryException e, Context context) {
    if (e instanceof ConnectorException connector) {
      connector(connector, context);
      return;
    }
    int status = switch (e) {
      case dev.tributary.error.UnprocessableInputException ignored -> 422;
      case InvalidInputException ignored -> 400;
      case UnauthorizedException ignored -> 401;
      case AccessDeniedException ignored -> 403;
      case NotFoundException ignored -> 404;
      case ConflictException ignored -> 409;
      case InvalidConfigException ignored -> 500;
      default -> 400;
    };
    if (status == 500) {
      log.error("Request failed because of the server's configuration: {}", e.getMessage());
    }
    if (status == 401) {
      context.header("WWW-Authenticate", "Bearer");
    }
    respond(context, status, e.type(), e.getMessage(), e.details());
  }

  /**
   * The app refused or failed. Its status is not passed through as ours: a 401 from the app means
   * the connection's credentials, not the caller's token, so it answers 424.
   */
  private static void connector(ConnectorException e, Context context) {
    int status = switch (e.kind()) {
      case NOT_FOUND -> 404;
      case REJECTED -> 422;
      case FORBIDDEN -> 403;
      case CREDENTIALS_REJECTED -> 424;
      case RATE_LIMITED -> 429;
      case UNREACHABLE, APP_FAILED -> 502;
    };
    e.retryAfter().ifPresent(wait -> context.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
    respond(context, status, e.type(), e.getMessage(), e.details());
  }

  /** Javalin's own refusals: unknown route, wrong method, body over the size limit. */
  public static void http(HttpResponseException e, Context context) {
    int status = e.getStatus();
    switch (status) {
      case 404 -> respond(context, 404, "route-not-found", "No route " + context.method() + " " + abbreviate(context.path())
          + ". The routes are listed in /openapi.json.", Map.of());
      case 405 -> respond(context, 405, "method-not-allowed", context.method() + " is not allowed on " + abbreviate(context.path())
          + ". The methods each route accepts are listed in /openapi.json.", Map.of());
      case 413 -> respond(context, 413, "payload-too-large", "The request body is larger than the limit of "
          + context.attribute(MAX_REQUEST_SIZE_ATTRIBUTE) + " bytes (TRIBUTARY_MAX_REQUEST_SIZE). Send a smaller body.", Map.of());
      default -> respond(context, status, status >= 500 ? "internal" : "bad-request", e.getMessage() == null
          ? "The request could not be handled." : e.getMessage(), Map.of());
    }
  }

  public static void unexpected(Exception e, Context context) {
    log.error("Unexpected error on {} {}", context.method(), context.path(), e);
    respond(context, 500, "internal", "Tributary failed unexpectedly. The error was logged with request id "
        + requestId(context) + "; quote it when you report the problem.", Map.of());
  }

  /** The attribute under which the server puts its body size limit, for the 413 message. */
  public static final String MAX_REQUEST_SIZE_ATTRIBUTE = "tributary.maxRequestSize";

  static void respond(Context context, int status, String type, String message, Map<String, List<String>> details) {
    var error = new ApiError(type, status, message, details, requestId(context));
    context.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsString(error));
  }

  private static @Nullable String requestId(Context context) {
    return context.attribute(RequestIds.ATTRIBUTE);
  }

  private static String abbreviate(String value) {
    return value.length() <= 200 ? value : value.substring(0, 200) + "…";
  }
}
