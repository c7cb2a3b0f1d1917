package dev.tributary.connectors.dav;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorInfo;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.UdmMapping;
import dev.tributary.error.InvalidInputException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Any standards CalDAV/CardDAV server (Radicale, Nextcloud, Baïkal, SOGo, iCloud, Fastmail, …):
 * tasks and events from calendars, contacts from address books, with change events from WebDAV
 * sync. Written in Java because the protocol is XML over PROPFIND and REPORT and its payloads are
 * iCalendar and vCard, which declarative REST mappings do not speak.
 */
public final class DavConnector implements Connector {

  static final String KEY = "dav";
  static final String TASKS = "tasks";
  static final String EVENTS = "events";
  static final String CONTACTS = "contacts";
  static final String SERVER_URL = "serverUrl";

  private final List<DataLocation> locations = List.of(new DavRootDirectory(),
      new CalendarCollection(TASKS, "Tasks", new TaskFormat()),
      new CalendarCollection(EVENTS, "Events", new EventFormat()),
      new AddressBookCollection());

  @Override
  public ConnectorInfo info() {
    return new ConnectorInfo(KEY, "CalDAV / CardDAV", "1.0.0",
        "Tasks, events and contacts on any CalDAV/CardDAV server, with change events from WebDAV sync.");
  }

  @Override
  public AuthDefinition auth() {
    return new AuthDefinition.Basic("username", "password");
  }

  @Override
  public Map<String, Object> integrationParametersSchema() {
    return Map.of("type", "object");
  }

  @Override
  public Map<String, Object> connectionParametersSchema() {
    return Map.of("type", "object", "required", List.of(SERVER_URL), "properties", Map.of(SERVER_URL, Map.of(
        "type", "string", "format", "uri", "description", "The CalDAV/CardDAV server's URL, e.g. https://dav.example.com/"
            + " or https://cloud.example.com/remote.php/dav/. The account's calendars and address books are found from it.")));
  }

  @Override
  public ApiClientDefinition apiClient() {
    return new ApiClientDefinition(Map.of("$var", "$.connectionParameters." + SERVER_URL), Map.of(),
        ApiClientDefinition.DEFAULT_REQUESTS_PER_SECOND, ApiClientDefinition.DEFAULT_TIMEOUT, true);
  }

  @Override
  public String rootLocationKey() {
    return DavRootDirectory.KEY;
  }

  @Override
  public List<DataLocation> locations() {
    return locations;
  }

  @Override
  public Map<String, UdmMapping> udm() {
    return DavUdm.MAPPINGS;
  }

  /** The connection's server URL, checked: an absolute http(s) URL. */
  static URI serverUrl(Map<String, Object> connectionParameters) {
    Object value = connectionParameters.get(SERVER_URL);
    String text = value == null ? "" : String.valueOf(value).strip();
    try {
      URI uri = new URI(text);
      if (uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.getHost() != null) {
        return uri.getPath() == null || uri.getPath().isEmpty() ? uri.resolve("/") : uri;
      }
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    throw InvalidInputException.forField("connectionParameters." + SERVER_URL, "Invalid " + SERVER_URL + " \"" + text
        + "\": must be the server's http or https URL, such as https://dav.example.com/.");
  }

  static LocationPointer pointer(String key) {
    return new LocationPointer(key, Map.of(), "collection", key, null);
  }
}
