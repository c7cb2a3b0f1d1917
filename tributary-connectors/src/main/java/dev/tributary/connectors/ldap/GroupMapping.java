package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.CollectionSpec.MethodSpec;
import dev.tributary.connector.CollectionSpec.WriteSpec;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Groups: {@code groupOfNames} (members in {@code member}) or {@code groupOfUniqueNames}
 * ({@code uniqueMember}) entries named {@code cn=<name>} under the groups DN. {@code members}
 * reads as DNs; a create or update may name each member by DN or by a user record's id
 * (entryUUID), which is looked up under the users DN. Both classes require at least one member.
 */
final class GroupMapping extends EntryMapping {

  /** Supported group object classes (lower case) and the attribute holding their members. */
  static final Map<String, String> MEMBER_ATTRIBUTES = Map.of("groupofnames", "member", "groupofuniquenames", "uniqueMember");

  static final String MEMBERS = "members";

  private static final Map<String, String> ATTRIBUTES = Map.of("name", "cn", "description", "description");

  @Override
  String key() {
    return "groups";
  }

  @Override
  CollectionSpec spec() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("id", UserMapping.readOnly("The entry's entryUUID: stays the same when the entry is renamed or moved."));
    properties.put("dn", UserMapping.readOnly("The entry's distinguished name."));
    properties.put("name", UserMapping.string("cn; names the entry (cn=<name>). Changing it renames the entry."));
    properties.put("description", UserMapping.string("description"));
    properties.put(MEMBERS, Map.of("type", "array", "items", Map.of("type", "string"), "description",
        "member (groupOfNames) or uniqueMember (groupOfUniqueNames): DNs; writes also take user record ids.",
        "referenceCollection", Map.of("key", "users")));
    properties.put("createdTime", Map.of("type", "string", "format", "date-time", "readOnly", true));
    properties.put("updatedTime", Map.of("type", "string", "format", "date-time", "readOnly", true));
    return new CollectionSpec("collection", key(), "Groups", Map.of("type", "object"),
        Map.of("type", "object", "properties", properties),
        new CollectionSpec.ListSpec(List.of("name", "description")), new MethodSpec(),
        new CollectionSpec.MatchSpec(List.of("name")), new MethodSpec(),
        new WriteSpec(null, List.of("name", MEMBERS), List.of()), new WriteSpec(null, List.of(), List.of()),
        new MethodSpec(), UserMapping.events(), false);
  }

  @Override
  String container(LdapSettings settings) {
    return settings.groupsDn();
  }

  @Override
  String objectClass(LdapSettings settings) {
    return settings.groupObjectClass();
  }

  @Override
  List<String> objectClasses(LdapSettings settings) {
    return List.of("top", settings.groupObjectClass());
  }

  @Override
  String rdnField() {
    return "name";
  }

  @Override
  Map<String, String> attributes() {
    return ATTRIBUTES;
  }

  @Override
  List<String> searchAttributes() {
    return List.of("cn", "description");
  }

  @Override
  @Nullable String name(Map<String, Object> fields) {
    Object name = fields.get("name");
    return name == null ? null : name.toString();
  }

  @Override
  void readMore(Entry entry, LdapSettings settings, Map<String, Object> fields) {
    String[] members = entry.getAttributeValues(memberAttribute(settings));
    fields.put(MEMBERS, members == null ? List.of() : List.of(members));
  }

  @Override
  List<Attribute> moreAttributes(Map<String, Object> fields, LdapSettings settings) {
    return List.of(new Attribute(memberAttribute(settings), members(fields)));
  }

  @Override
  List<Modification> moreModifications(Map<String, Object> fields, LdapSettings settings) {
    if (!fields.containsKey(MEMBERS)) {
      return List.of();
    }
    return List.of(new Modification(ModificationType.REPLACE, memberAttribute(settings),
        members(fields).toArray(String[]::new)));
  }

  @Override
  Map<String, Object> resolve(Map<String, Object> fields, LDAPConnection connection, LdapSettings settings) {
    if (!fields.containsKey(MEMBERS)) {
      return fields;
    }
    if (!(fields.get(MEMBERS) instanceof List<?> given)) {
      throw InvalidInputException.forField(MEMBERS, "\"members\" must be a list of DNs or user ids, not "
          + fields.get(MEMBERS) + ".");
    }
    if (given.isEmpty()) {
      throw InvalidInputException.forField(MEMBERS, "A " + settings.groupObjectClass() + " needs at least one member"
          + " (the directory's schema requires it). Keep one member, or delete the group.");
    }
    List<String> dns = new ArrayList<>();
    for (Object member : given) {
      dns.add(memberDn(String.valueOf(member), connection, settings));
    }
    Map<String, Object> resolved = new LinkedHashMap<>(fields);
    resolved.put(MEMBERS, dns);
    return resolved;
  }

  private static String memberDn(String member, LDAPConnection connection, LdapSettings settings) {
    if (Ids.isEntryUuid(member)) {
      try {
        SearchResult found = connection.search(settings.usersDn(), SearchScope.SUB,
            Filter.createEqualityFilter(ENTRY_UUID, member), "1.1");
        if (found.getEntryCount() == 1) {
          return found.getSearchEntries().getFirst().getDN();
        }
      } catch (LDAPException e) {
        throw LdapErrors.of(e, "looking up the member " + member, settings);
      }
      throw InvalidInputException.forField(MEMBERS, "No user has the id \"" + member + "\" under " + settings.usersDn()
          + ". Name members by a user record's id or by DN.");
    }
    if (!DN.isValidDN(member)) {
      throw InvalidInputException.forField(MEMBERS, "The member \"" + member + "\" is neither a DN nor a user id. Name"
          + " members by DN (uid=ann,ou=people,dc=example,dc=org) or by a user record's id.");
    }
    return member;
  }

  /** The members {@link #resolve} made into DNs. */
  private static List<String> members(Map<String, Object> fields) {
    if (!(fields.get(MEMBERS) instanceof List<?> members)) {
      throw InvalidInputException.forField(MEMBERS, "A new group needs \"members\": a list of DNs or user ids.");
    }
    return members.stream().map(String::valueOf).toList();
  }

  private static String memberAttribute(LdapSettings settings) {
    return MEMBER_ATTRIBUTES.get(settings.groupObjectClass().toLowerCase(Locale.ROOT));
  }
}
