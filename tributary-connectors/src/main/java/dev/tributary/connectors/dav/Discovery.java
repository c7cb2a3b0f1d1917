package dev.tributary.connectors.dav;

import static dev.tributary.connectors.dav.Multistatus.CALDAV;
import static dev.tributary.connectors.dav.Multistatus.CARDDAV;
import static dev.tributary.connectors.dav.Multistatus.DAV;

import dev.tributary.connector.ConnectorException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Finds the account's calendars and address books the standard way (RFC 6764 §6): the
 * {@code current-user-principal} of the server URL, the principal's {@code calendar-home-set}
 * and {@code addressbook-home-set}, then the collections inside those homes.
 */
final class Discovery {

  /** A calendar or address book: its path, display name and, for calendars, the components it takes. */
  record DavCollectionInfo(String href, String displayName, boolean addressBook, Set<String> components) {

    boolean holds(String component) {
      return components.isEmpty() || components.contains(component);
    }
  }

  private static final String PRINCIPAL = """
      <?xml version="1.0" encoding="utf-8"?>
      <D:propfind xmlns:D="DAV:"><D:prop><D:current-user-principal/></D:prop></D:propfind>""";
  private static final String HOMES = """
      <?xml version="1.0" encoding="utf-8"?>
      <D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:CR="urn:ietf:params:xml:ns:carddav">
      <D:prop><C:calendar-home-set/><CR:addressbook-home-set/></D:prop></D:propfind>""";
  private static final String MEMBERS = """
      <?xml version="1.0" encoding="utf-8"?>
      <D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
      <D:prop><D:resourcetype/><D:displayname/><C:supported-calendar-component-set/></D:prop></D:propfind>""";

  private Discovery() {}

  /** Every calendar and address book of the account, sorted by href. */
  static List<DavCollectionInfo> collections(DavClient client) {
    String principal = client.propfind("", 0, PRINCIPAL).responses().stream()
        .flatMap(response -> response.hrefIn(DAV, "current-user-principal").stream()).findFirst()
        .orElseThrow(() -> new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The server at the connection's"
            + " serverUrl names no current-user-principal. Set serverUrl to the CalDAV/CardDAV server's root (for example"
            + " https://dav.example.com/ or https://cloud.example.com/remote.php/dav/)."));
    Set<String> homes = new LinkedHashSet<>();
    for (Multistatus.Response response : client.propfind(principal, 0, HOMES).responses()) {
      response.hrefIn(CALDAV, "calendar-home-set").ifPresent(homes::add);
      response.hrefIn(CARDDAV, "addressbook-home-set").ifPresent(homes::add);
    }
    List<DavCollectionInfo> found = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String home : homes) {
      for (Multistatus.Response response : client.propfind(home, 1, MEMBERS).responses()) {
        boolean calendar = response.hasResourceType(CALDAV, "calendar");
        boolean addressBook = response.hasResourceType(CARDDAV, "addressbook");
        String href = Hrefs.collection(client.path(response.href()));
        if ((calendar || addressBook) && seen.add(href)) {
          Set<String> components = new LinkedHashSet<>();
          response.property(CALDAV, "supported-calendar-component-set").ifPresent(set -> {
            for (Element comp : Multistatus.children(set, CALDAV, "comp")) {
              components.add(comp.getAttribute("name"));
            }
          });
          String name = response.text(DAV, "displayname").orElse(Hrefs.name(href));
          found.add(new DavCollectionInfo(href, name, addressBook, Set.copyOf(components)));
        }
      }
    }
    found.sort(Comparator.comparing(DavCollectionInfo::href));
    return found;
  }
}
