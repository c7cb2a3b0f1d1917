package dev.tributary.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.ResultCode;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.ConnectorException.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LdapErrorsTest {

  static final LdapSettings SETTINGS = LdapSettings.from(LdapSettingsTest.context(Map.of()));

  static ConnectorException error(ResultCode code, String diagnostic) {
    return LdapErrors.of(new LDAPException(new LDAPResult(1, code, diagnostic, null, (String[]) null, (com.unboundid.ldap.sdk.Control[]) null)), "creating uid=ann,ou=people,dc=example,dc=org", SETTINGS);
  }

  @Test
  void resultCodesBecomeTheKindsTheEngineReactsTo() {
    assertThat(LdapErrors.kind(ResultCode.INVALID_CREDENTIALS)).isEqualTo(Kind.CREDENTIALS_REJECTED);
    assertThat(LdapErrors.kind(ResultCode.INSUFFICIENT_ACCESS_RIGHTS)).isEqualTo(Kind.FORBIDDEN);
    assertThat(LdapErrors.kind(ResultCode.NO_SUCH_OBJECT)).isEqualTo(Kind.NOT_FOUND);
    assertThat(LdapErrors.kind(ResultCode.ENTRY_ALREADY_EXISTS)).isEqualTo(Kind.REJECTED);
    assertThat(LdapErrors.kind(ResultCode.CONSTRAINT_VIOLATION)).isEqualTo(Kind.REJECTED);
    assertThat(LdapErrors.kind(ResultCode.CONNECT_ERROR)).isEqualTo(Kind.UNREACHABLE);
    assertThat(LdapErrors.kind(ResultCode.BUSY)).isEqualTo(Kind.APP_FAILED);
  }

  @Test
  void aConstraintViolationCarriesTheServersDiagnosticAndWhatToDo() {
    assertThat(error(ResultCode.CONSTRAINT_VIOLATION, "mail: value not unique"))
        .hasMessage("The directory refused creating uid=ann,ou=people,dc=example,dc=org (constraint violation, result code"
            + " 19: mail: value not unique). Change the fields so that the entry fits the directory's schema and constraints.");
  }

  @Test
  void thePasswordIsBlankedEvenWhenTheServerEchoesIt() {
    ConnectorException e = error(ResultCode.INVALID_CREDENTIALS, "bad password s3cret-pw for cn=admin");
    assertThat(e.kind()).isEqualTo(Kind.CREDENTIALS_REJECTED);
    assertThat(e).hasMessage("The directory at ldap://ldap.example.org:389 rejected the bind as \"cn=admin,dc=example,dc=org\""
        + " (invalid credentials, result code 49: bad password *** for cn=admin). Check the connection's bind DN and password"
        + " and connect again.");
  }
}
