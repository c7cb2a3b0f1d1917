package dev.tributary.connectors.dav;

import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.error.ConflictException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The WebDAV verbs the connector needs (PROPFIND, REPORT, GET, PUT, DELETE), sent through the
 * connection's {@link dev.tributary.connector.ApiClient}, which authenticates, rate-limits,
 * retries and refuses addresses the connection may not reach. Hrefs are resolved against the
 * server URL, so servers that answer with absolute paths or full URLs both work.
 */
final class DavClient {

  /** A resource's body and the ETag that names its version. */
  record Resource(String body, @Nullable String etag) {}

  private static final String XML = "application/xml; charset=utf-8";

  private final ConnectorContext context;
  private final URI server;

  DavClient(ConnectorContext context) {
    this.context = context;
    this.server = DavConnector.serverUrl(context.connectionParameters());
  }

  /** The absolute URL of an href the server gave (an absolute path or a full URL). */
  String url(String href) {
    return server.resolve(href).toString();
  }

  /** The path of an href, as the server lists it in multistatus answers. */
  String path(String href) {
    return URI.create(url(href)).getRawPath();
  }

  Multistatus propfind(String href, int depth, String body) {
    return multistatus("PROPFIND", href, depth, body);
  }

  Multistatus report(String href, int depth, String body) {
    return multistatus("REPORT", href, depth, body);
  }

  private Multistatus multistatus(String method, String href, int depth, String body) {
    ApiResponse response = context.api().send(new ApiRequest(method, url(href), Map.of(),
        Map.of("Depth", String.valueOf(depth), "Content-Type", XML), body));
    return Multistatus.parse(response.data(), method + " " + path(href));
  }

  /** The resource, or empty when the server has none at this href. */
  Optional<Resource> get(String href) {
    try {
      ApiResponse response = context.api().send(new ApiRequest("GET", url(href), Map.of(), Map.of(), null));
      return Optional.of(new Resource(response.data() == null ? "" : String.valueOf(response.data()),
          response.header("ETag").orElse(null)));
    } catch (ConnectorException e) {
      if (e.kind() == ConnectorException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Writes a resource: a new one only ({@code If-None-Match: *}) when {@code ifMatch} is null, else
   * only over the version {@code ifMatch} names.
   *
   * @return the new ETag, when the server gave one
   * @throws ConflictException when the server refused the precondition (412): nothing was written
   */
  @Nullable String put(String href, String body, String contentType, @Nullable String ifMatch) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", contentType);
    if (ifMatch == null) {
      headers.put("If-None-Match", "*");
    } else {
      headers.put("If-Match", ifMatch);
    }
    try {
      return context.api().send(new ApiRequest("PUT", url(href), Map.of(), headers, body)).header("ETag").orElse(null);
    } catch (ConnectorException e) {
      if (e.httpStatus() == 412) {
        throw new ConflictException(ifMatch == null
            ? "The server already has a resource at " + path(href) + "; nothing was written. Create the record again."
            : "The record at " + path(href) + " was changed by someone else (its ETag is no longer " + ifMatch
                + "); nothing was written. Read the record again and repeat the update on its current version.");
      }
      throw e;
    }
  }

  /**
   * Deletes the version {@code ifMatch} names.
   *
   * @return false when the server had no such resource
   * @throws ConflictException when the resource changed since that version (412): nothing was deleted
   */
  boolean delete(String href, String ifMatch) {
    try {
      context.api().send(new ApiRequest("DELETE", url(href), Map.of(), Map.of("If-Match", ifMatch), null));
      return true;
    } catch (ConnectorException e) {
      if (e.kind() == ConnectorException.Kind.NOT_FOUND) {
        return false;
      }
      if (e.httpStatus() == 412) {
        throw new ConflictException("The record at " + path(href) + " was changed while it was being deleted (its ETag"
            + " is no longer " + ifMatch + "); nothing was deleted. Read it again and delete it if it should still go.");
      }
      throw e;
    }
  }

  /** Text escaped for an XML element or attribute. */
  static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
