package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.ConnectorException.Kind;

/**
 * The directory's refusals as {@link ConnectorException}s the engine knows how to react to: a
 * rejected bind asks the customer to reconnect, an unreachable server is retried, the rest carry
 * the server's own diagnostic. The bind password is blanked out of every message.
 */
final class LdapErrors {

  private LdapErrors() {}

  /**
   * @param action what was being done, e.g. {@code creating uid=ann,ou=people,dc=example,dc=org}
   */
  static ConnectorException of(LDAPException e, String action, LdapSettings settings) {
    ResultCode code = e.getResultCode();
    String diagnostic = e.getDiagnosticMessage();
    String server = " (" + code.getName() + ", result code " + code.intValue()
        + (diagnostic == null || diagnostic.isBlank() ? "" : ": " + diagnostic) + ")";
    Kind kind = kind(code);
    String message = switch (kind) {
      case CREDENTIALS_REJECTED -> "The directory at " + settings.url() + " rejected the bind as \"" + settings.bindDn() + "\""
          + server + ". Check the connection's bind DN and password and connect again.";
      case UNREACHABLE -> "The directory at " + settings.url() + " could not be reached while " + action + server
          + ". Check that the server runs and that the URL is right; the request can be retried.";
      case FORBIDDEN -> "The directory refused " + action + " to \"" + settings.bindDn() + "\"" + server
          + ". Give that account the access rights, or bind as an account that has them.";
      case NOT_FOUND -> "The directory has no entry for " + action + server + ".";
      default -> "The directory refused " + action + server + hint(code);
    };
    return new ConnectorException(kind, 0, blank(message, settings.password()), null, null);
  }

  /** An update of a record the directory does not have. */
  static ConnectorException notFound(String collection, String id, LdapSettings settings) {
    return new ConnectorException(Kind.NOT_FOUND, 0, "The directory at " + settings.url() + " has no record \"" + id
        + "\" in " + collection + ". Record ids are entryUUIDs; list the collection to find the right one.");
  }

  static Kind kind(ResultCode code) {
    if (code == ResultCode.INVALID_CREDENTIALS || code == ResultCode.INAPPROPRIATE_AUTHENTICATION) {
      return Kind.CREDENTIALS_REJECTED;
    }
    if (code == ResultCode.INSUFFICIENT_ACCESS_RIGHTS) {
      return Kind.FORBIDDEN;
    }
    if (code == ResultCode.NO_SUCH_OBJECT) {
      return Kind.NOT_FOUND;
    }
    if (code == ResultCode.SERVER_DOWN || code == ResultCode.CONNECT_ERROR || code == ResultCode.TIMEOUT) {
      return Kind.UNREACHABLE;
    }
    if (code == ResultCode.BUSY || code == ResultCode.UNAVAILABLE || code == ResultCode.TIME_LIMIT_EXCEEDED
        || code == ResultCode.OTHER) {
      return Kind.APP_FAILED;
    }
    return Kind.REJECTED;
  }

  private static String hint(ResultCode code) {
    if (code == ResultCode.ENTRY_ALREADY_EXISTS) {
      return ". An entry with that name exists already: choose another name, or update the existing record.";
    }
    if (code == ResultCode.CONSTRAINT_VIOLATION || code == ResultCode.OBJECT_CLASS_VIOLATION
        || code == ResultCode.INVALID_ATTRIBUTE_SYNTAX || code == ResultCode.ATTRIBUTE_OR_VALUE_EXISTS
        || code == ResultCode.UNDEFINED_ATTRIBUTE_TYPE || code == ResultCode.NOT_ALLOWED_ON_RDN) {
      return ". Change the fields so that the entry fits the directory's schema and constraints.";
    }
    if (code == ResultCode.SIZE_LIMIT_EXCEEDED || code == ResultCode.ADMIN_LIMIT_EXCEEDED) {
      return ". The directory limits how many entries the bind account may read: raise its size limit (OpenLDAP:"
          + " olcLimits size.prtotal) or bind as an account without one.";
    }
    return ".";
  }

  private static String blank(String message, String password) {
    return password.isEmpty() ? message : message.replace(password, "***");
  }
}
