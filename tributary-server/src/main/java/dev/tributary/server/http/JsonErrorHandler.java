package dev.tributary.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers the requests Jetty refuses before they reach a route (an ambiguous or malformed URI, a
 * bad header) with the same JSON error body as every other error, instead of an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

  @Override
  protected void generateResponse(Request request, Response response, int code, String message,
      Throwable cause, Callback callback) {
    String text = code == 400
        ? "The request is malformed (" + (message == null ? "bad request" : message) + "). Check the URL's encoding"
            + " (no encoded control characters or ambiguous path segments) and the headers."
        : message == null ? "The request could not be handled." : message;
    var error = new ApiError(code >= 500 ? "internal" : "bad-request", code, text, Map.of(), null);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(Json.MAPPER.writeValueAsString(error).getBytes(StandardCharsets.UTF_8)), callback);
  }
}
