package dev.tributary.connector;

import dev.tributary.error.TributaryException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The app refused a request or could not be reached. {@link #kind()} says which. */
public class ConnectorException extends TributaryException {

  /** What went wrong, as the caller must react to it. */
  public enum Kind {
    /** Network failure or timeout; retriable. */
    UNREACHABLE,
    /** 401: the connection must be re-authenticated. */
    CREDENTIALS_REJECTED,
    /** 403: the credentials lack a permission. */
    FORBIDDEN,
    /** 429 (or 503 with Retry-After) after the retries; see {@link #retryAfter()}. */
    RATE_LIMITED,
    /** 404: the app has no such thing. */
    NOT_FOUND,
    /** Another 4xx: the app rejected the request (e.g. a validation error). */
    REJECTED,
    /** 5xx after the retries. */
    APP_FAILED
  }

  private final Kind kind;
  private final int httpStatus;
  private final @Nullable Duration retryAfter;

  public ConnectorException(Kind kind, int httpStatus, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
    super(message, Map.of(), cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  public ConnectorException(Kind kind, int httpStatus, String message) {
    this(kind, httpStatus, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The app's HTTP status, or 0 when there was no answer. */
  public int httpStatus() {
    return httpStatus;
  }

  /** When to try again, if the app said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean isRetriable() {
    return kind == Kind.UNREACHABLE || kind == Kind.RATE_LIMITED || kind == Kind.APP_FAILED;
  }

  @Override
  public String type() {
    return "connector-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
