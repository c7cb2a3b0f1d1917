package dev.tributary.connector;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Whether a connection may reach the server's own network (loopback, link-local, private,
 * unique-local, carrier-grade NAT, multicast and wildcard addresses), so that a connection's
 * address cannot be used to reach internal services. Only a connector marked local, on an
 * integration where an admin set {@code allowLocalNetwork: true}, may go there. The engine's HTTP
 * client applies it to every request; connectors that open their own sockets (LDAP, SQL) apply it
 * to their host before connecting.
 *
 * <pre>{@code
 * AddressPolicy.of(allowLocalNetwork).internalAddress(host)
 *     .ifPresent(address -> { throw new ConnectorException(…, "Refused to connect to " + host …); });
 * }</pre>
 *
 * @param allowPrivate true when internal addresses are allowed (nothing is checked then)
 */
public record AddressPolicy(boolean allowPrivate) {

  /** Internal addresses are refused. */
  public static final AddressPolicy PUBLIC_ONLY = new AddressPolicy(false);

  /** Internal addresses are allowed. */
  public static final AddressPolicy ALLOW_PRIVATE = new AddressPolicy(true);

  /** The policy for an integration's {@code allowLocalNetwork} setting. */
  public static AddressPolicy of(boolean allowLocalNetwork) {
    return allowLocalNetwork ? ALLOW_PRIVATE : PUBLIC_ONLY;
  }

  /**
   * The HTTP client's check of a request URL.
   *
   * @throws ConnectorException of kind REJECTED naming the host when it resolves to an internal
   *     address, UNREACHABLE when it does not resolve
   */
  public void check(URI uri) {
    if (allowPrivate) {
      return;
    }
    String host = uri.getHost();
    if (host == null) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The request URL \"" + uri + "\" has no host.");
    }
    Optional<InetAddress> internal;
    try {
      internal = internalAddress(host);
    } catch (UnknownHostException e) {
      throw new ConnectorException(ConnectorException.Kind.UNREACHABLE, 0, "The app's host \"" + host
          + "\" does not resolve. Check the connection's base URL.", null, e);
    }
    internal.ifPresent(address -> {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "Refused to call " + host + " ("
          + address.getHostAddress() + "): it is an address of the server's own network. Only connectors marked"
          + " local may call such addresses, on integrations where an admin set \"allowLocalNetwork\": true.");
    });
  }

  /**
   * The first address {@code host} resolves to that this policy refuses; empty when none is (and
   * always when internal addresses are allowed, without resolving).
   *
   * @throws UnknownHostException when the host does not resolve; the caller says which setting to check
   */
  public Optional<InetAddress> internalAddress(String host) throws UnknownHostException {
    if (allowPrivate) {
      return Optional.empty();
    }
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (isInternal(address)) {
        return Optional.of(address);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code address} is on the server's own network. */
  public static boolean isInternal(InetAddress address) {
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
