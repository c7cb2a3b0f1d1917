package dev.tributary.connectors.dav;

import static dev.tributary.connectors.dav.DavClient.xml;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The contacts (vCards) of one address book, named by the {@code addressBookHref} parameter;
 * without it, the account's first address book (by href).
 */
final class AddressBookCollection extends DavCollection {

  static final String PARAMETER = "addressBookHref";

  private static final String ALL_MEMBERS = """
      <?xml version="1.0" encoding="utf-8"?>
      <D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/><D:getetag/></D:prop></D:propfind>""";

  AddressBookCollection() {
    super("contacts", "Contacts", new ContactFormat(), Map.of("type", "object", "properties", Map.of(PARAMETER,
        Map.of("type", "string", "description", "The path of the address book, as the root directory lists it (e.g."
            + " /ann/contacts/). Without it, the account's first address book."))));
  }

  @Override
  String collectionPath(DavClient client, ConnectorContext context) {
    Object href = context.parameters().get(PARAMETER);
    if (href != null && !String.valueOf(href).isBlank()) {
      return Hrefs.collection(client.path(String.valueOf(href).strip()));
    }
    return Discovery.collections(client).stream().filter(Discovery.DavCollectionInfo::addressBook)
        .map(Discovery.DavCollectionInfo::href).findFirst()
        .orElseThrow(() -> InvalidInputException.forField("parameters." + PARAMETER, "The account has no address book."
            + " Create one in a contacts client, or give " + PARAMETER + "."));
  }

  @Override
  List<String> memberNames(DavClient client, String collectionPath, @Nullable String filter) {
    Multistatus answer = filter == null ? client.propfind(collectionPath, 1, ALL_MEMBERS) : client.report(collectionPath, 1, """
        <?xml version="1.0" encoding="utf-8"?>
        <CR:addressbook-query xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
        <D:prop><D:getetag/></D:prop>%s</CR:addressbook-query>""".formatted(filter));
    return answer.responses().stream()
        .filter(response -> response.status() / 100 == 2 && !response.hasResourceType(Multistatus.DAV, "collection"))
        .map(response -> Hrefs.collection(client.path(response.href())).equals(collectionPath) ? null : Hrefs.name(response.href()))
        .filter(Objects::nonNull).toList();
  }

  @Override
  String multiget(List<String> hrefs) {
    StringBuilder body = new StringBuilder("""
        <?xml version="1.0" encoding="utf-8"?>
        <CR:addressbook-multiget xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav">
        <D:prop><D:getetag/><CR:address-data/></D:prop>""");
    hrefs.forEach(href -> body.append("<D:href>").append(xml(href)).append("</D:href>"));
    return body.append("</CR:addressbook-multiget>").toString();
  }

  @Override
  Optional<String> data(Multistatus.Response response) {
    return response.property(Multistatus.CARDDAV, "address-data").map(element -> element.getTextContent());
  }

  @Override
  String textFilter(String text) {
    StringBuilder filter = new StringBuilder("<CR:filter test=\"anyof\">");
    // ORG is left out: Radicale 3.1 fails (HTTP 500) on a text-match over structured values.
    for (String property : List.of("FN", "EMAIL", "TEL")) {
      filter.append("<CR:prop-filter name=\"").append(property).append("\"><CR:text-match collation=\"i;unicode-casemap\"")
          .append(" match-type=\"contains\">").append(xml(text)).append("</CR:text-match></CR:prop-filter>");
    }
    return filter.append("</CR:filter>").toString();
  }

  @Override
  String uidFilter(String uid) {
    return "<CR:filter><CR:prop-filter name=\"UID\"><CR:text-match collation=\"i;octet\" match-type=\"equals\">" + xml(uid)
        + "</CR:text-match></CR:prop-filter></CR:filter>";
  }
}
