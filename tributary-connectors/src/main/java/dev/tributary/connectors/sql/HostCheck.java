package dev.tributary.connectors.sql;

import dev.tributary.connector.AddressPolicy;
import dev.tributary.connector.ConnectorException;
import dev.tributary.error.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Keeps a connection's database host off the server's own network: loopback, private,
 * link-local, unique-local and shared (CGNAT) addresses are refused unless an admin set the
 * integration parameter {@code allowLocalNetwork: true}, as for every connector marked local
 * ({@link AddressPolicy}).
 */
final class HostCheck {

  static final String ALLOW_LOCAL_NETWORK = "allowLocalNetwork";

  private HostCheck() {}

  static void check(ConnectionSettings settings, boolean allowLocalNetwork) {
    Optional<InetAddress> internal;
    try {
      internal = AddressPolicy.of(allowLocalNetwork).internalAddress(settings.host());
    } catch (UnknownHostException e) {
      throw new ConnectorException(ConnectorException.Kind.UNREACHABLE, 0, "The database host \"" + settings.host()
          + "\" is not known. Check connectionParameters.host (or jdbcUrl).");
    }
    internal.ifPresent(address -> {
      throw InvalidInputException.forField("connectionParameters.host", "The database host \"" + settings.host()
          + "\" is a loopback or private address (" + address.getHostAddress() + "), which connections may not reach"
          + " unless an admin sets the integration parameter " + ALLOW_LOCAL_NETWORK + ": true.");
    });
  }
}
