package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.util.StaticUtils;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataRecord;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one kind of entry (users, groups) becomes records and back: its container and object class,
 * the attribute each field lives in, the attribute that names the entry (its RDN), and the
 * collection's spec.
 */
abstract class EntryMapping {

  static final String ENTRY_UUID = "entryUUID";
  static final String CREATE_TIMESTAMP = "createTimestamp";
  static final String MODIFY_TIMESTAMP = "modifyTimestamp";

  abstract String key();

  abstract CollectionSpec spec();

  /** The DN under which these entries are listed and created. */
  abstract String container(LdapSettings settings);

  abstract String objectClass(LdapSettings settings);

  /** The object classes a new entry gets. */
  abstract List<String> objectClasses(LdapSettings settings);

  /** The field whose value names a new entry ({@code uid} of users, {@code cn} of groups). */
  abstract String rdnField();

  /** Single-valued fields and their attributes; list filters and match compare them. */
  abstract Map<String, String> attributes();

  /** Attributes a free-text search looks into. */
  abstract List<String> searchAttributes();

  /** The record's display name. */
  abstract @Nullable String name(Map<String, Object> fields);

  /** Fields beyond {@link #attributes}, read from the entry (e.g. a group's members). */
  void readMore(Entry entry, LdapSettings settings, Map<String, Object> fields) {}

  /** Attributes of a new entry beyond the mapped fields (e.g. a user's {@code cn} made of its names). */
  List<Attribute> moreAttributes(Map<String, Object> fields, LdapSettings settings) {
    return List.of();
  }

  /** Modifications beyond the mapped fields. */
  List<Modification> moreModifications(Map<String, Object> fields, LdapSettings settings) {
    return List.of();
  }

  /**
   * The fields of a create or update with references the directory must resolve (e.g. group
   * members given as user ids) made into what is stored; unchanged by default.
   */
  Map<String, Object> resolve(Map<String, Object> fields, LDAPConnection connection, LdapSettings settings) {
    return fields;
  }

  String rdnAttribute() {
    return attributes().get(rdnField());
  }

  /** Every attribute to ask the server for, operational ones included. */
  static final String[] REQUESTED_ATTRIBUTES = {"*", ENTRY_UUID, CREATE_TIMESTAMP, MODIFY_TIMESTAMP};

  DataRecord record(Entry entry, LdapSettings settings) {
    Map<String, Object> fields = new LinkedHashMap<>();
    String id = entry.getAttributeValue(ENTRY_UUID);
    if (id == null) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The directory gave no entryUUID for \""
          + entry.getDN() + "\". The LDAP connector identifies records by entryUUID (RFC 4530); use a directory that"
          + " maintains it (OpenLDAP, 389 Directory Server, ApacheDS).");
    }
    fields.put("id", id);
    fields.put("dn", entry.getDN());
    attributes().forEach((field, attribute) -> {
      String value = entry.getAttributeValue(attribute);
      if (value != null) {
        fields.put(field, value);
      }
    });
    readMore(entry, settings, fields);
    Instant created = time(entry.getAttributeValue(CREATE_TIMESTAMP));
    Instant updated = time(entry.getAttributeValue(MODIFY_TIMESTAMP));
    if (created != null) {
      fields.put("createdTime", created.toString());
    }
    if (updated != null) {
      fields.put("updatedTime", updated.toString());
    }
    return new DataRecord(id, name(fields), null, fields, raw(entry), null, created, updated);
  }

  static @Nullable Instant time(@Nullable String generalizedTime) {
    if (generalizedTime == null) {
      return null;
    }
    try {
      Date date = StaticUtils.decodeGeneralizedTime(generalizedTime);
      return date.toInstant();
    } catch (ParseException e) {
      return null;
    }
  }

  private static Map<String, Object> raw(Entry entry) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (Attribute attribute : entry.getAttributes()) {
      String[] values = attribute.getValues();
      raw.put(attribute.getName(), values.length == 1 ? values[0] : List.of(values));
    }
    return raw;
  }

  /** A string field of a create or update, or null when absent or blank. */
  static @Nullable String text(Map<String, Object> fields, String field) {
    Object value = fields.get(field);
    if (value == null) {
      return null;
    }
    String text = String.valueOf(value);
    return text.isBlank() ? null : text;
  }
}
