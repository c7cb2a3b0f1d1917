package dev.tributary.server.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a safe token, otherwise
 * a new one. It is echoed in the answer, written in every log line of the request ({@code
 * requestId} in the log's MDC) and carried by error bodies.
 */
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";
  public static final String ATTRIBUTE = "tributary.requestId";
  public static final String MDC_KEY = "requestId";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private RequestIds() {}

  public static void assign(Context context) {
    String offered = context.header(HEADER);
    String id = offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
    context.attribute(ATTRIBUTE, id);
    context.header(HEADER, id);
    MDC.put(MDC_KEY, id);
  }

  public static void clear() {
    MDC.remove(MDC_KEY);
  }
}
