package dev.tributary.connectors.sql;

import dev.tributary.connector.ConnectorException;
import dev.tributary.error.InvalidInputException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Keeps a connection's database host off the server's own network: loopback, private,
 * link-local, unique-local and shared (CGNAT) addresses are refused unless an admin set the
 * integration parameter {@code allowLocalNetwork: true}, as for every connector marked local.
 */
final class HostCheck {

  static final String ALLOW_LOCAL_NETWORK = "allowLocalNetwork";

  private HostCheck() {}

  static void check(ConnectionSettings settings, boolean allowLocalNetwork) {
    if (allowLocalNetwork) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(settings.host());
    } catch (UnknownHostException e) {
      throw new ConnectorException(ConnectorException.Kind.UNREACHABLE, 0, "The database host \"" + settings.host()
          + "\" is not known. Check connectionParameters.host (or jdbcUrl).");
    }
    for (InetAddress address : addresses) {
      if (isLocal(address)) {
        throw InvalidInputException.forField("connectionParameters.host", "The database host \"" + settings.host()
            + "\" is a loopback or private address (" + address.getHostAddress() + "), which connections may not reach"
            + " unless an admin sets the integration parameter " + ALLOW_LOCAL_NETWORK + ": true.");
      }
    }
  }

  static boolean isLocal(InetAddress address) {
    if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
        || address.isSiteLocalAddress() || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet4Address) {
      return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64; // 100.64.0.0/10
    }
    return address instanceof Inet6Address && (bytes[0] & 0xfe) == 0xfc; // fc00::/7
  }
}
