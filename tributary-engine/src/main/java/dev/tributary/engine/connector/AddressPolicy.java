package dev.tributary.engine.connector;

import dev.tributary.connector.ConnectorException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Refuses requests to the server's own network (loopback, link-local, private, unique-local and
 * wildcard addresses) so that a connection's base URI cannot be used to reach internal services.
 * Only a connector marked local, on an integration where an admin allowed it, may go there.
 */
record AddressPolicy(boolean allowPrivate) {

  static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);
  static final AddressPolicy ALLOW_PRIVATE = new AddressPolicy(true);

  /**
   * @throws ConnectorException of kind REJECTED naming the host when it resolves to an internal address
   */
  void check(URI uri) {
    if (allowPrivate) {
      return;
    }
    String host = uri.getHost();
    if (host == null) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The request URL \"" + uri + "\" has no host.");
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new ConnectorException(ConnectorException.Kind.UNREACHABLE, 0, "The app's host \"" + host
          + "\" does not resolve. Check the connection's base URL.", null, e);
    }
    for (InetAddress address : addresses) {
      if (isInternal(address)) {
        throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "Refused to call " + host + " ("
            + address.getHostAddress() + "): it is an address of the server's own network. Only connectors marked"
            + " local may call such addresses, on integrations where an admin set \"allowLocalNetwork\": true.");
      }
    }
  }

  static boolean isInternal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
        || address.isAnyLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    // IPv6 unique local addresses (fc00::/7) and the IPv4 carrier-grade NAT range (100.64.0.0/10).
    return (bytes.length == 16 && (bytes[0] & 0xFE) == 0xFC)
        || (bytes.length == 4 && (bytes[0] & 0xFF) == 100 && (bytes[1] & 0xC0) == 64);
  }
}
