package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.testing.TestEngine;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The slapd of the test command (scripts/services.sh), with an organizational unit of a random
 * name per test class holding its own people and groups, removed afterwards.
 */
public final class TestDirectory implements AutoCloseable {

  static final String URL = requiredEnv("TRIBUTARY_TEST_LDAP_URL");
  public static final String BIND_DN = requiredEnv("TRIBUTARY_TEST_LDAP_BIND_DN");
  public static final String PASSWORD = requiredEnv("TRIBUTARY_TEST_LDAP_PASSWORD");
  static final String BASE_DN = requiredEnv("TRIBUTARY_TEST_LDAP_BASE_DN");

  final String unitDn;
  final String usersDn;
  final String groupsDn;

  static String requiredEnv(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: the LDAP tests need a running slapd. Run the test command"
          + " from README.md (scripts/test.sh), which starts one and sets it.");
    }
    return value;
  }

  public TestDirectory() {
    unitDn = "ou=test-" + UUID.randomUUID().toString().substring(0, 8) + "," + BASE_DN;
    usersDn = "ou=people," + unitDn;
    groupsDn = "ou=groups," + unitDn;
    try (LDAPConnection admin = admin()) {
      for (String dn : List.of(unitDn, usersDn, groupsDn)) {
        admin.add(dn, List.of(new Attribute("objectClass", "organizationalUnit"), new Attribute("ou", dn.substring(3, dn.indexOf(',')))));
      }
    } catch (LDAPException e) {
      throw new IllegalStateException("cannot create the test unit " + unitDn + " at " + URL, e);
    }
  }

  /** A connection as the directory's admin, for arranging and checking entries. */
  static LDAPConnection admin() throws LDAPException {
    URI url = URI.create(URL);
    LDAPConnection connection = new LDAPConnection(url.getHost(), url.getPort());
    connection.bind(BIND_DN, PASSWORD);
    return connection;
  }

  /** The connection parameters that point the connector at this unit. */
  public Map<String, Object> connectionParameters() {
    return Map.of("url", URL, "baseDn", BASE_DN, "usersDn", usersDn, "groupsDn", groupsDn);
  }

  /** An engine with one connection to this unit. */
  TestEngine connect() {
    return TestEngine.connect(LdapConnector.KEY, Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true),
        Map.of("bindDn", BIND_DN, "password", PASSWORD), connectionParameters(), null);
  }

  /** The entries under {@code dn}, for checks beside the connector. */
  List<SearchResultEntry> entries(String dn, String filter) throws LDAPException {
    try (LDAPConnection admin = admin()) {
      return admin.search(dn, SearchScope.SUB, filter, "*", "+").getSearchEntries();
    }
  }

  @Override
  public void close() throws LDAPException {
    // slapd has no subtree-delete control: remove the deepest entries first.
    try (LDAPConnection admin = admin()) {
      List<String> dns = admin.search(unitDn, SearchScope.SUB, "(objectClass=*)", "1.1").getSearchEntries().stream()
          .map(SearchResultEntry::getDN).sorted(Comparator.comparingInt((String dn) -> dn.split(",").length).reversed()).toList();
      for (String dn : dns) {
        admin.delete(dn);
      }
    }
  }
}
