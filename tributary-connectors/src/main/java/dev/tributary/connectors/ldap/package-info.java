/**
 * The LDAP connector: users and groups of a directory (OpenLDAP, 389 Directory Server, Active
 * Directory's LDAP interface) through the UnboundID LDAP SDK.
 *
 * <p>Records are identified by {@code entryUUID} (RFC 4530), which stays the same when an entry
 * is renamed or moved. See docs/connectors/ldap.md.
 */
@NullMarked
package dev.tributary.connectors.ldap;

import org.jspecify.annotations.NullMarked;
