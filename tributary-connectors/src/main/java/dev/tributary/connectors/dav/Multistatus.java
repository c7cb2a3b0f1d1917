package dev.tributary.connectors.dav;

import dev.tributary.connector.ConnectorException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A WebDAV {@code 207 Multi-Status} answer (RFC 4918 §13): one {@link Response} per resource,
 * with the properties the server found (status 200) and its own status for removed members of a
 * sync report (404). Parsed namespace-aware, with external entities and DTDs refused.
 */
record Multistatus(List<Response> responses, @Nullable String syncToken) {

  static final String DAV = "DAV:";
  static final String CALDAV = "urn:ietf:params:xml:ns:caldav";
  static final String CARDDAV = "urn:ietf:params:xml:ns:carddav";

  /**
   * One resource: its href as the server wrote it, the HTTP status of the response itself (set on
   * sync-collection removals), and the properties found, keyed by {@code namespace + localName}.
   */
  record Response(String href, int status, Map<String, Element> properties) {

    Optional<Element> property(String namespace, String localName) {
      return Optional.ofNullable(properties.get(namespace + localName));
    }

    Optional<String> text(String namespace, String localName) {
      return property(namespace, localName).map(element -> element.getTextContent().strip()).filter(text -> !text.isEmpty());
    }

    /** The href inside a property such as {@code current-user-principal}. */
    Optional<String> hrefIn(String namespace, String localName) {
      return property(namespace, localName).flatMap(element -> children(element, DAV, "href").stream().findFirst())
          .map(href -> href.getTextContent().strip());
    }

    boolean hasResourceType(String namespace, String localName) {
      return property(DAV, "resourcetype").map(type -> !children(type, namespace, localName).isEmpty()).orElse(false);
    }
  }

  static Multistatus parse(@Nullable Object body, String what) {
    if (!(body instanceof String text) || text.isBlank()) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, 207, "The server answered " + what
          + " without a multistatus body. Check that the server URL points to a CalDAV/CardDAV server.");
    }
    Element root;
    try {
      root = builder().parse(new InputSource(new StringReader(text))).getDocumentElement();
    } catch (SAXException | IOException e) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, 207, "The server's answer to " + what
          + " is not valid XML (" + e.getMessage() + "). Check that the server URL points to a CalDAV/CardDAV server.", null, e);
    }
    if (!DAV.equals(root.getNamespaceURI()) || !"multistatus".equals(root.getLocalName())) {
      throw new ConnectorException(ConnectorException.Kind.APP_FAILED, 207, "The server answered " + what + " with <"
          + root.getLocalName() + "> instead of a DAV multistatus. Check that the server URL points to a CalDAV/CardDAV server.");
    }
    List<Response> responses = new ArrayList<>();
    for (Element response : children(root, DAV, "response")) {
      String href = children(response, DAV, "href").stream().findFirst().map(h -> h.getTextContent().strip()).orElse("");
      int status = children(response, DAV, "status").stream().findFirst().map(s -> status(s.getTextContent())).orElse(200);
      Map<String, Element> properties = new LinkedHashMap<>();
      for (Element propstat : children(response, DAV, "propstat")) {
        int propStatus = children(propstat, DAV, "status").stream().findFirst().map(s -> status(s.getTextContent())).orElse(200);
        if (propStatus / 100 != 2) {
          continue;
        }
        for (Element prop : children(propstat, DAV, "prop")) {
          for (Element property : children(prop, null, null)) {
            properties.put(property.getNamespaceURI() + property.getLocalName(), property);
          }
        }
      }
      responses.add(new Response(href, status, properties));
    }
    String token = children(root, DAV, "sync-token").stream().findFirst().map(t -> t.getTextContent().strip()).orElse(null);
    return new Multistatus(List.copyOf(responses), token);
  }

  /** The child elements of {@code parent} with this name (any name when {@code localName} is null). */
  static List<Element> children(Element parent, @Nullable String namespace, @Nullable String localName) {
    List<Element> found = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element && (localName == null
          || localName.equals(element.getLocalName()) && namespace != null && namespace.equals(element.getNamespaceURI()))) {
        found.add(element);
      }
    }
    return found;
  }

  /** The code of a status line such as {@code HTTP/1.1 404 Not Found}. */
  private static int status(String line) {
    String[] parts = line.strip().split("\\s+");
    try {
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 200;
    } catch (NumberFormatException e) {
      return 200;
    }
  }

  private static DocumentBuilder builder() {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("The JDK's XML parser cannot be configured safely", e);
    }
  }
}
