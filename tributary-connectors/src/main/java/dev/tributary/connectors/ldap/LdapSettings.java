package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.error.InvalidInputException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One connection's directory, read from its parameters and credentials and checked before any
 * network call. {@link #toString()} leaves the password out.
 *
 * @param usersDn where users live and are created (default {@code ou=people,<baseDn>})
 * @param groupsDn where groups live and are created (default {@code ou=groups,<baseDn>})
 * @param allowLocalNetwork true when the integration's admin let connections reach private addresses
 */
record LdapSettings(
    URI url,
    String bindDn,
    String password,
    String baseDn,
    String usersDn,
    String groupsDn,
    String userObjectClass,
    String groupObjectClass,
    boolean allowLocalNetwork) {

  static final String URL = "url";
  static final String BASE_DN = "baseDn";
  static final String USERS_DN = "usersDn";
  static final String GROUPS_DN = "groupsDn";
  static final String USER_OBJECT_CLASS = "userObjectClass";
  static final String GROUP_OBJECT_CLASS = "groupObjectClass";
  static final String BIND_DN = "bindDn";
  static final String PASSWORD = "password";
  static final String ALLOW_LOCAL_NETWORK = "allowLocalNetwork";

  static final String DEFAULT_USER_OBJECT_CLASS = "inetOrgPerson";
  static final String DEFAULT_GROUP_OBJECT_CLASS = "groupOfNames";

  static LdapSettings from(ConnectorContext context) {
    Map<String, Object> parameters = context.connectionParameters();
    Map<String, Object> credentials = context.credentials();
    URI url = url(required(parameters, URL, "connectorParameters"));
    String baseDn = dn(BASE_DN, required(parameters, BASE_DN, "connectorParameters"));
    String bindDn = dn(BIND_DN, required(credentials, BIND_DN, "credentials"));
    String password = required(credentials, PASSWORD, "credentials");
    String usersDn = dn(USERS_DN, optional(parameters, USERS_DN, "ou=people," + baseDn));
    String groupsDn = dn(GROUPS_DN, optional(parameters, GROUPS_DN, "ou=groups," + baseDn));
    String groupClass = optional(parameters, GROUP_OBJECT_CLASS, DEFAULT_GROUP_OBJECT_CLASS);
    if (!GroupMapping.MEMBER_ATTRIBUTES.containsKey(groupClass.toLowerCase(Locale.ROOT))) {
      throw InvalidInputException.forField("connectorParameters." + GROUP_OBJECT_CLASS, "The group object class \""
          + groupClass + "\" is not supported. Use groupOfNames (members in \"member\") or groupOfUniqueNames"
          + " (members in \"uniqueMember\").");
    }
    return new LdapSettings(url, bindDn, password, baseDn, usersDn, groupsDn,
        optional(parameters, USER_OBJECT_CLASS, DEFAULT_USER_OBJECT_CLASS), groupClass,
        Boolean.TRUE.equals(context.integrationParameters().get(ALLOW_LOCAL_NETWORK)));
  }

  boolean isSecure() {
    return "ldaps".equals(url.getScheme());
  }

  int port() {
    return url.getPort() > 0 ? url.getPort() : isSecure() ? 636 : 389;
  }

  /**
   * Identifies the directory and the account, so that a paged listing started by one connection
   * cannot be continued by another. The password enters only as a hash.
   */
  String fingerprint() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : new String[] {url.toString(), bindDn, password}) {
        digest.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  @Override
  public String toString() {
    return "LdapSettings[url=" + url + ", bindDn=" + bindDn + ", baseDn=" + baseDn + "]";
  }

  private static URI url(String value) {
    URI url;
    try {
      url = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw invalidUrl(value);
    }
    if (!("ldap".equals(url.getScheme()) || "ldaps".equals(url.getScheme())) || url.getHost() == null
        || (url.getPath() != null && !url.getPath().isEmpty() && !url.getPath().equals("/")) || url.getQuery() != null) {
      throw invalidUrl(value);
    }
    return url;
  }

  private static InvalidInputException invalidUrl(String value) {
    return InvalidInputException.forField("connectorParameters." + URL, "The directory URL \"" + value + "\" is not an"
        + " LDAP server address. Write ldap://host:port or ldaps://host:port (no path; the base DN is the \"baseDn\""
        + " parameter).");
  }

  private static String dn(String key, String value) {
    try {
      return new DN(value).toString();
    } catch (LDAPException e) {
      String where = key.equals(BIND_DN) ? "credentials." : "connectorParameters.";
      throw InvalidInputException.forField(where + key, "\"" + value + "\" is not a distinguished name (" + key + "). Write"
          + " it as in RFC 4514, e.g. ou=people,dc=example,dc=org.");
    }
  }

  private static String required(Map<String, Object> values, String key, String where) {
    Object value = values.get(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw InvalidInputException.forField(where + "." + key, "The LDAP connection needs \"" + key + "\" in its " + where
          + (value == null ? "" : " as a non-empty string") + ". See docs/connectors/ldap.md.");
    }
    return text;
  }

  private static String optional(Map<String, Object> values, String key, String fallback) {
    @Nullable Object value = values.get(key);
    return value instanceof String text && !text.isBlank() ? text : fallback;
  }
}
