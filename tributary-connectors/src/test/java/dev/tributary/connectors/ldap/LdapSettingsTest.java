package dev.tributary.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.error.InvalidInputException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LdapSettingsTest {

  record Context(Map<String, Object> connectionParameters, Map<String, Object> credentials,
      Map<String, Object> integrationParameters) implements ConnectorContext {
    @Override
    public ApiClient api() {
      throw new UnsupportedOperationException("the LDAP connector does not use HTTP");
    }

    @Override
    public Map<String, Object> parameters() {
      return Map.of();
    }
  }

  static Context context(Map<String, Object> changes) {
    Map<String, Object> parameters = new HashMap<>(Map.of("url", "ldap://ldap.example.org:389", "baseDn", "dc=example,dc=org"));
    Map<String, Object> credentials = new HashMap<>(Map.of("bindDn", "cn=admin,dc=example,dc=org", "password", "s3cret-pw"));
    changes.forEach((key, value) -> (key.equals("bindDn") || key.equals("password") ? credentials : parameters).put(key, value));
    return new Context(parameters, credentials, Map.of());
  }

  @Test
  void defaultsFollowTheBaseDnAndTheStandardObjectClasses() {
    LdapSettings settings = LdapSettings.from(context(Map.of()));
    assertThat(settings.usersDn()).isEqualTo("ou=people,dc=example,dc=org");
    assertThat(settings.groupsDn()).isEqualTo("ou=groups,dc=example,dc=org");
    assertThat(settings.userObjectClass()).isEqualTo("inetOrgPerson");
    assertThat(settings.groupObjectClass()).isEqualTo("groupOfNames");
    assertThat(settings.port()).isEqualTo(389);
    assertThat(settings.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void aUrlThatIsNotLdapIsRefusedWithTheFormToUse() {
    assertThatThrownBy(() -> LdapSettings.from(context(Map.of("url", "https://ldap.example.org/dc=example"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("The directory URL \"https://ldap.example.org/dc=example\" is not an LDAP server address. Write"
            + " ldap://host:port or ldaps://host:port (no path; the base DN is the \"baseDn\" parameter).");
  }

  @Test
  void aMissingPasswordOrABadDnIsNamed() {
    assertThatThrownBy(() -> LdapSettings.from(context(Map.of("password", ""))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("The LDAP connection needs \"password\" in its credentials as a non-empty string. See docs/connectors/ldap.md.");
    assertThatThrownBy(() -> LdapSettings.from(context(Map.of("usersDn", "people"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("\"people\" is not a distinguished name (usersDn). Write it as in RFC 4514, e.g. ou=people,dc=example,dc=org.");
    assertThatThrownBy(() -> LdapSettings.from(context(Map.of("groupObjectClass", "posixGroup"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("The group object class \"posixGroup\" is not supported. Use groupOfNames (members in \"member\") or"
            + " groupOfUniqueNames (members in \"uniqueMember\").");
  }

  @Test
  void theServersOwnNetworkIsRefusedUnlessTheAdminAllowedIt() {
    LdapSettings local = LdapSettings.from(context(Map.of("url", "ldap://127.0.0.1:3389")));
    assertThatThrownBy(() -> LdapConnections.open(local))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
        .hasMessage("Refused to connect to 127.0.0.1 (127.0.0.1): it is an address of the server's own network. An admin"
            + " may allow it by setting \"allowLocalNetwork\": true on the integration.");
  }
}
