package dev.tributary.connectors.dav;

import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.testing.TestEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The Radicale of the test command (scripts/services.sh), reached directly: the tests make their
 * own calendars and address books here, and change resources behind the connector's back the
 * way another calendar client would.
 */
public final class DavServer {

  public static final String URL = requiredEnv("TRIBUTARY_TEST_DAV_URL");
  public static final String USER = requiredEnv("TRIBUTARY_TEST_DAV_USER");
  public static final String PASSWORD = requiredEnv("TRIBUTARY_TEST_DAV_PASSWORD");

  private DavServer() {}

  static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: the CalDAV/CardDAV tests need a running Radicale. Run the"
          + " test command from README.md (scripts/test.sh), which starts one and sets it.");
    }
    return value;
  }

  /** The engine connected to the test Radicale. */
  static TestEngine connect() {
    return TestEngine.connect("dav", Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true),
        Map.of("username", USER, "password", PASSWORD), Map.of("serverUrl", URL), null);
  }

  /** A new calendar taking these components (e.g. VTODO, VEVENT); returns its path. */
  public static String makeCalendar(String displayName, String... components) {
    String path = "/" + USER + "/test-cal-" + UUID.randomUUID() + "/";
    StringBuilder comps = new StringBuilder();
    for (String component : components) {
      comps.append("<C:comp name=\"").append(component).append("\"/>");
    }
    send("MKCOL", path, Map.of("Content-Type", "application/xml"), """
        <?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop>
        <D:resourcetype><D:collection/><C:calendar/></D:resourcetype><D:displayname>%s</D:displayname>
        <C:supported-calendar-component-set>%s</C:supported-calendar-component-set></D:prop></D:set></D:mkcol>"""
        .formatted(displayName, comps), 201);
    return path;
  }

  /** A new address book; returns its path. */
  public static String makeAddressBook(String displayName) {
    String path = "/" + USER + "/test-book-" + UUID.randomUUID() + "/";
    send("MKCOL", path, Map.of("Content-Type", "application/xml"), """
        <?xml version="1.0"?><D:mkcol xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:set><D:prop>
        <D:resourcetype><D:collection/><CR:addressbook/></D:resourcetype><D:displayname>%s</D:displayname>
        </D:prop></D:set></D:mkcol>""".formatted(displayName), 201);
    return path;
  }

  public static void remove(String path) {
    send("DELETE", path, Map.of(), null, 200);
  }

  /** Writes a resource unconditionally, as another client would. */
  static void put(String path, String contentType, String body) {
    HttpResponse<String> response = send("PUT", path, Map.of("Content-Type", contentType), body, 0);
    if (response.statusCode() != 201 && response.statusCode() != 204) {
      throw new IllegalStateException("PUT " + path + " answered " + response.statusCode() + ": " + response.body());
    }
  }

  static String get(String path) {
    return send("GET", path, Map.of(), null, 200).body();
  }

  static HttpResponse<String> send(String method, String path, Map<String, String> headers, String body, int expected) {
    var builder = HttpRequest.newBuilder(URI.create(URL).resolve(path)).header("Authorization", "Basic "
        + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    headers.forEach(builder::header);
    builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    // A client per request: Radicale closes idle connections, which a shared pool would reuse.
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      if (expected != 0 && response.statusCode() != expected) {
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String vtodo(String uid, String summary) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\nBEGIN:VTODO\r\nUID:" + uid
        + "\r\nDTSTAMP:20250101T000000Z\r\nSUMMARY:" + summary + "\r\nX-OTHER-CLIENT:kept\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  }

  static String vevent(String uid, String summary) {
    return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//other client//EN\r\nBEGIN:VEVENT\r\nUID:" + uid
        + "\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250301T100000Z\r\nDTEND:20250301T110000Z\r\nSUMMARY:" + summary
        + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  }
}
