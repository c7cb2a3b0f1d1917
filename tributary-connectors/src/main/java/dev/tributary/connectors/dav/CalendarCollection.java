package dev.tributary.connectors.dav;

import static dev.tributary.connectors.dav.DavClient.xml;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Tasks (VTODO) or events (VEVENT) of one calendar, named by the {@code calendarHref} parameter;
 * without it, the account's first calendar (by href) that takes the component. A calendar may
 * hold both kinds: each collection sees only its own.
 */
final class CalendarCollection extends DavCollection {

  static final String PARAMETER = "calendarHref";

  private final CalendarFormat format;

  CalendarCollection(String key, String name, CalendarFormat format) {
    super(key, name, format, Map.of("type", "object", "properties", Map.of(PARAMETER, Map.of("type", "string",
        "description", "The path of the calendar, as the root directory lists it (e.g. /ann/work/). Without it, the"
            + " account's first calendar that holds " + format.component() + " items."))));
    this.format = format;
  }

  @Override
  String collectionPath(DavClient client, ConnectorContext context) {
    Object href = context.parameters().get(PARAMETER);
    if (href != null && !String.valueOf(href).isBlank()) {
      return Hrefs.collection(client.path(String.valueOf(href).strip()));
    }
    return Discovery.collections(client).stream()
        .filter(collection -> !collection.addressBook() && collection.holds(format.component()))
        .map(Discovery.DavCollectionInfo::href).findFirst()
        .orElseThrow(() -> InvalidInputException.forField("parameters." + PARAMETER, "The account has no calendar that"
            + " holds " + format.component() + " items. Create one in a calendar client, or give " + PARAMETER + "."));
  }

  @Override
  List<String> memberNames(DavClient client, String collectionPath, @Nullable String filter) {
    String body = """
        <?xml version="1.0" encoding="utf-8"?>
        <C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
        <D:prop><D:getetag/></D:prop>
        <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="%s">%s</C:comp-filter></C:comp-filter></C:filter>
        </C:calendar-query>""".formatted(format.component(), filter == null ? "" : filter);
    return client.report(collectionPath, 1, body).responses().stream()
        .filter(response -> response.status() / 100 == 2)
        .map(response -> Hrefs.collection(client.path(response.href())).equals(collectionPath) ? null : Hrefs.name(response.href()))
        .filter(java.util.Objects::nonNull).toList();
  }

  @Override
  String multiget(List<String> hrefs) {
    StringBuilder body = new StringBuilder("""
        <?xml version="1.0" encoding="utf-8"?>
        <C:calendar-multiget xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
        <D:prop><D:getetag/><C:calendar-data/></D:prop>""");
    hrefs.forEach(href -> body.append("<D:href>").append(xml(href)).append("</D:href>"));
    return body.append("</C:calendar-multiget>").toString();
  }

  @Override
  Optional<String> data(Multistatus.Response response) {
    return response.property(Multistatus.CALDAV, "calendar-data").map(element -> element.getTextContent());
  }

  @Override
  String textFilter(String text) {
    return "<C:prop-filter name=\"SUMMARY\"><C:text-match collation=\"i;unicode-casemap\">" + xml(text)
        + "</C:text-match></C:prop-filter>";
  }

  @Override
  String uidFilter(String uid) {
    return "<C:prop-filter name=\"UID\"><C:text-match collation=\"i;octet\">" + xml(uid) + "</C:text-match></C:prop-filter>";
  }
}
