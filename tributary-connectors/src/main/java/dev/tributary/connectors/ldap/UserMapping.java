package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.Attribute;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.CollectionSpec.EventSpec;
import dev.tributary.connector.CollectionSpec.MethodSpec;
import dev.tributary.connector.CollectionSpec.WriteSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Users: {@code inetOrgPerson} entries (or the configured object class) named {@code
 * uid=<userName>} under the users DN. {@code fullName} is {@code cn}; when a create leaves it out
 * it is made of the first and last names, as {@code inetOrgPerson} requires a {@code cn}.
 */
final class UserMapping extends EntryMapping {

  static final Map<String, String> ATTRIBUTES = attributeMap();

  private static Map<String, String> attributeMap() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("userName", "uid");
    attributes.put("fullName", "cn");
    attributes.put("firstName", "givenName");
    attributes.put("lastName", "sn");
    attributes.put("email", "mail");
    attributes.put("title", "title");
    attributes.put("phone", "telephoneNumber");
    return java.util.Collections.unmodifiableMap(attributes);
  }

  @Override
  String key() {
    return "users";
  }

  @Override
  CollectionSpec spec() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("id", readOnly("The entry's entryUUID: stays the same when the entry is renamed or moved."));
    properties.put("dn", readOnly("The entry's distinguished name."));
    properties.put("userName", string("uid; names the entry (uid=<userName>). Changing it renames the entry."));
    properties.put("fullName", string("cn; made of firstName and lastName when a create leaves it out."));
    properties.put("firstName", string("givenName"));
    properties.put("lastName", string("sn"));
    properties.put("email", string("mail"));
    properties.put("title", string("title"));
    properties.put("phone", string("telephoneNumber"));
    properties.put("createdTime", Map.of("type", "string", "format", "date-time", "readOnly", true));
    properties.put("updatedTime", Map.of("type", "string", "format", "date-time", "readOnly", true));
    List<String> filterFields = List.copyOf(ATTRIBUTES.keySet());
    return new CollectionSpec("collection", key(), "Users", Map.of("type", "object"),
        Map.of("type", "object", "properties", properties),
        new CollectionSpec.ListSpec(filterFields), new MethodSpec(), new CollectionSpec.MatchSpec(List.of("email", "userName")),
        new MethodSpec(), new WriteSpec(null, List.of("userName", "lastName"), List.of()),
        new WriteSpec(null, List.of(), List.of()), new MethodSpec(), events(), false);
  }

  @Override
  String container(LdapSettings settings) {
    return settings.usersDn();
  }

  @Override
  String objectClass(LdapSettings settings) {
    return settings.userObjectClass();
  }

  @Override
  List<String> objectClasses(LdapSettings settings) {
    String objectClass = settings.userObjectClass();
    return objectClass.equalsIgnoreCase(LdapSettings.DEFAULT_USER_OBJECT_CLASS)
        ? List.of("top", "person", "organizationalPerson", "inetOrgPerson") : List.of("top", objectClass);
  }

  @Override
  String rdnField() {
    return "userName";
  }

  @Override
  Map<String, String> attributes() {
    return ATTRIBUTES;
  }

  @Override
  List<String> searchAttributes() {
    return List.of("uid", "cn", "givenName", "sn", "mail");
  }

  @Override
  @Nullable String name(Map<String, Object> fields) {
    Object fullName = fields.get("fullName");
    return fullName == null ? null : fullName.toString();
  }

  @Override
  List<Attribute> moreAttributes(Map<String, Object> fields, LdapSettings settings) {
    if (text(fields, "fullName") != null) {
      return List.of();
    }
    String first = text(fields, "firstName");
    String last = text(fields, "lastName");
    String cn = first == null ? last : last == null ? first : first + " " + last;
    return List.of(new Attribute("cn", cn == null ? String.valueOf(fields.get("userName")) : cn));
  }

  static Map<String, Object> readOnly(String description) {
    return Map.of("type", "string", "readOnly", true, "description", description);
  }

  static Map<String, Object> string(String description) {
    return Map.of("type", "string", "description", description);
  }

  /** Created and updated entries are found by modifyTimestamp; deletions only by a full scan. */
  static Map<String, EventSpec> events() {
    return Map.of("created", new EventSpec("pull-latest-records"), "updated", new EventSpec("pull-latest-records"),
        "deleted", new EventSpec("full-scan"));
  }
}
