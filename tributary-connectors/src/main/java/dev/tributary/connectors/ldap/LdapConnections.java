package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.SSLUtil;
import dev.tributary.connector.AddressPolicy;
import dev.tributary.connector.ConnectorException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.util.Optional;
import javax.net.SocketFactory;

/**
 * Opens bound connections to a connection's directory. Like the engine's HTTP client, it refuses
 * the server's own network ({@link AddressPolicy}) unless the integration's admin set {@code
 * allowLocalNetwork}. {@code ldaps://} verifies the server's
 * certificate against the JVM's trust store and its host name.
 */
final class LdapConnections {

  static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  static final long RESPONSE_TIMEOUT_MILLIS = 30_000;

  private LdapConnections() {}

  /** A connection bound as the connection's account; the caller closes it. */
  static LDAPConnection open(LdapSettings settings) {
    checkAddress(settings);
    LDAPConnectionOptions options = new LDAPConnectionOptions();
    options.setConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
    options.setResponseTimeoutMillis(RESPONSE_TIMEOUT_MILLIS);
    options.setUseSynchronousMode(true);
    // Certificates must name the host connected to (ldaps://): the SDK does not check that by default.
    options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
    LDAPConnection connection = null;
    try {
      connection = new LDAPConnection(socketFactory(settings), options, settings.url().getHost(), settings.port());
      connection.bind(settings.bindDn(), settings.password());
      return connection;
    } catch (LDAPException e) {
      if (connection != null) {
        connection.close();
      }
      throw LdapErrors.of(e, "binding", settings);
    }
  }

  private static SocketFactory socketFactory(LdapSettings settings) {
    if (!settings.isSecure()) {
      return SocketFactory.getDefault();
    }
    try {
      SSLUtil ssl = new SSLUtil(JVMDefaultTrustManager.getInstance());
      return ssl.createSSLSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The JVM cannot create TLS sockets", e);
    }
  }

  private static void checkAddress(LdapSettings settings) {
    String host = settings.url().getHost();
    Optional<InetAddress> internal;
    try {
      internal = AddressPolicy.of(settings.allowLocalNetwork()).internalAddress(host);
    } catch (UnknownHostException e) {
      throw new ConnectorException(ConnectorException.Kind.UNREACHABLE, 0, "The directory's host \"" + host
          + "\" does not resolve. Check the connection's \"url\".", null, e);
    }
    internal.ifPresent(address -> {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "Refused to connect to " + host + " ("
          + address.getHostAddress() + "): it is an address of the server's own network. An admin may allow it by"
          + " setting \"allowLocalNetwork\": true on the integration.");
    });
  }
}
