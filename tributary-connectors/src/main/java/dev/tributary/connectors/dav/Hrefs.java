package dev.tributary.connectors.dav;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Record ids and the hrefs of resources. A record's id is the name of its resource in the
 * collection (the last path segment, decoded), so a record is read, written and deleted at a
 * known address without a lookup.
 */
final class Hrefs {

  private static final String SEGMENT_SAFE = "-._~!$&'()*+,;=:@";

  private Hrefs() {}

  /** The resource name (decoded) of a member href such as {@code /ann/tasks/abc%20d.ics}. */
  static String name(String href) {
    String path = href.endsWith("/") ? href.substring(0, href.length() - 1) : href;
    String last = path.substring(path.lastIndexOf('/') + 1);
    return URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The href of the member {@code name} of the collection at {@code collectionPath} (ending in '/'). */
  static String member(String collectionPath, String name) {
    return collectionPath + segment(name);
  }

  /** A collection path that ends in '/'. */
  static String collection(String path) {
    return path.endsWith("/") ? path : path + "/";
  }

  /** {@code name} percent-encoded as one path segment. */
  static String segment(String name) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 128 && (Character.isLetterOrDigit(c) || SEGMENT_SAFE.indexOf(c) >= 0)) {
        out.write(c);
      } else {
        out.writeBytes(String.format("%%%02X", b & 0xff).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }
}
