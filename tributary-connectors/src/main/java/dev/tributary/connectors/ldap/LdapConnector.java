package dev.tributary.connectors.ldap;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorInfo;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.UdmMapping;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Users and groups of an LDAP directory. A connection gives the server ({@code url}, {@code
 * baseDn} and optional containers and object classes in its parameters) and the account to bind
 * as ({@code bindDn} and {@code password} in its encrypted credentials).
 *
 * <p>The connector speaks LDAP itself, not HTTP; it holds the connections of paged listings in
 * progress ({@link PagedListings}) and nothing else between calls.
 */
public final class LdapConnector implements Connector {

  public static final String KEY = "ldap";

  private final List<DataLocation> locations;

  public LdapConnector() {
    PagedListings listings = new PagedListings(Clock.systemUTC(), PagedListings.PAGE_SIZE);
    this.locations = List.of(new Root(), new LdapCollection(new UserMapping(), listings),
        new LdapCollection(new GroupMapping(), listings));
  }

  @Override
  public ConnectorInfo info() {
    return new ConnectorInfo(KEY, "LDAP", "1.0.0", "Users and groups of an LDAP directory (OpenLDAP and others)");
  }

  /** Simple bind: the bind DN and its password, kept with the connection's encrypted credentials. */
  @Override
  public AuthDefinition auth() {
    return new AuthDefinition.Basic(LdapSettings.BIND_DN, LdapSettings.PASSWORD);
  }

  @Override
  public Map<String, Object> integrationParametersSchema() {
    return Map.of("type", "object");
  }

  @Override
  public Map<String, Object> connectionParametersSchema() {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(LdapSettings.URL, Map.of("type", "string", "pattern", "^ldaps?://",
        "description", "ldap://host:port or ldaps://host:port"));
    properties.put(LdapSettings.BASE_DN, Map.of("type", "string", "description", "e.g. dc=example,dc=org"));
    properties.put(LdapSettings.USERS_DN, Map.of("type", "string", "description", "default ou=people,<baseDn>"));
    properties.put(LdapSettings.GROUPS_DN, Map.of("type", "string", "description", "default ou=groups,<baseDn>"));
    properties.put(LdapSettings.USER_OBJECT_CLASS, Map.of("type", "string", "default", LdapSettings.DEFAULT_USER_OBJECT_CLASS));
    properties.put(LdapSettings.GROUP_OBJECT_CLASS, Map.of("type", "string", "default", LdapSettings.DEFAULT_GROUP_OBJECT_CLASS,
        "enum", List.of("groupOfNames", "groupOfUniqueNames")));
    return Map.of("type", "object", "required", List.of(LdapSettings.URL, LdapSettings.BASE_DN), "properties", properties);
  }

  /**
   * The engine gives every connection an HTTP client; this connector never sends through it (it
   * opens LDAP connections itself, applying the same private-address rule). The placeholder base
   * URI only satisfies the engine's check. {@code local}: directories usually run in-house.
   */
  @Override
  public ApiClientDefinition apiClient() {
    return new ApiClientDefinition("https://ldap.invalid", Map.of(), ApiClientDefinition.DEFAULT_REQUESTS_PER_SECOND,
        ApiClientDefinition.DEFAULT_TIMEOUT, true);
  }

  @Override
  public String rootLocationKey() {
    return Root.KEY;
  }

  @Override
  public List<DataLocation> locations() {
    return locations;
  }

  @Override
  public Map<String, UdmMapping> udm() {
    return Map.of("users", new UdmMapping(new LocationPointer("users", Map.of(), "collection", "Users", null),
        List.of(new UdmMapping.CollectionMapping("users", Map.of(), usersFromCollection(), usersToCollection()))));
  }

  private static Map<String, Object> usersFromCollection() {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String field : List.of("id", "fullName", "firstName", "lastName", "userName", "title", "createdTime", "updatedTime")) {
      fields.put(field, var(field));
    }
    fields.put("primaryEmail", var("email"));
    fields.put("primaryPhone", var("phone"));
    return fields;
  }

  private static Map<String, Object> usersToCollection() {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (String field : List.of("fullName", "userName", "title")) {
      fields.put(field, var(field));
    }
    fields.put("firstName", Map.of("$firstNotEmpty", List.of(var("firstName"), Map.of("$firstName", var("fullName")))));
    fields.put("lastName", Map.of("$firstNotEmpty", List.of(var("lastName"), Map.of("$lastName", var("fullName")))));
    fields.put("email", var("primaryEmail"));
    fields.put("phone", var("primaryPhone"));
    return fields;
  }

  private static Map<String, Object> var(String field) {
    return Map.of("$var", "$." + field);
  }

  /** The top of the tree: the two collections. */
  private static final class Root implements DataDirectory {
    static final String KEY = "root";

    @Override
    public String key() {
      return KEY;
    }

    @Override
    public String name() {
      return "Directory";
    }

    @Override
    public Map<String, Object> parametersSchema() {
      return Map.of("type", "object");
    }

    @Override
    public LocationPage list(ConnectorContext context, Map<String, Object> parameters, @Nullable String cursor) {
      return new LocationPage(List.of(new LocationPointer("users", Map.of(), "collection", "Users", true),
          new LocationPointer("groups", Map.of(), "collection", "Groups", null)), null);
    }
  }
}
