package dev.tributary.connectors.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.RDN;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.PullLatestRecords;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.SearchRequest;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A collection of directory entries (users or groups, as its {@link EntryMapping} says). Listing
 * and search page with the Simple Paged Results control ({@link PagedListings}); the other
 * methods open a connection for the call. Records are found by their entryUUID.
 */
final class LdapCollection implements DataCollection {

  private final EntryMapping mapping;
  private final PagedListings listings;
  private final LatestRecords latest;

  LdapCollection(EntryMapping mapping, PagedListings listings) {
    this.mapping = mapping;
    this.listings = listings;
    this.latest = new LatestRecords(mapping, LatestRecords.MAX_PAGE_SIZE, java.time.Clock.systemUTC());
  }

  @Override
  public String key() {
    return mapping.key();
  }

  @Override
  public String name() {
    return mapping.spec().name();
  }

  @Override
  public CollectionSpec spec() {
    return mapping.spec();
  }

  @Override
  public RecordPage list(ConnectorContext context, ListRequest request) {
    LdapSettings settings = LdapSettings.from(context);
    Filter filter = LdapFilters.and(LdapFilters.ofClass(mapping.objectClass(settings)),
        LdapFilters.equalities(request.filter(), mapping.attributes()));
    return page(settings, filter, request.cursor());
  }

  @Override
  public RecordPage search(ConnectorContext context, SearchRequest request) {
    LdapSettings settings = LdapSettings.from(context);
    Filter filter = LdapFilters.and(LdapFilters.ofClass(mapping.objectClass(settings)),
        LdapFilters.containing(request.query(), mapping.searchAttributes()));
    return page(settings, filter, request.cursor());
  }

  private RecordPage page(LdapSettings settings, Filter filter, @org.jspecify.annotations.Nullable String cursor) {
    PagedListings.Page page = listings.page(settings, mapping.container(settings), filter, cursor);
    return new RecordPage(page.entries().stream().map(entry -> mapping.record(entry, settings)).toList(), page.cursor());
  }

  @Override
  public Optional<DataRecord> findById(ConnectorContext context, String id) {
    LdapSettings settings = LdapSettings.from(context);
    return withConnection(settings, connection -> entry(connection, settings, id).map(entry -> mapping.record(entry, settings)));
  }

  @Override
  public Optional<DataRecord> match(ConnectorContext context, Map<String, Object> query) {
    LdapSettings settings = LdapSettings.from(context);
    Filter filter = LdapFilters.and(LdapFilters.ofClass(mapping.objectClass(settings)),
        LdapFilters.equalities(query, mapping.attributes()));
    return withConnection(settings, connection -> first(connection, settings, filter).map(entry -> mapping.record(entry, settings)));
  }

  @Override
  public String create(ConnectorContext context, Map<String, Object> fields) {
    LdapSettings settings = LdapSettings.from(context);
    return withConnection(settings, connection -> {
      Map<String, Object> resolved = mapping.resolve(fields, connection, settings);
      String rdnValue = EntryMapping.text(resolved, mapping.rdnField());
      if (rdnValue == null) {
        throw InvalidInputException.forField(mapping.rdnField(), "A new entry of " + mapping.key() + " needs \""
            + mapping.rdnField() + "\": it names the entry (" + mapping.rdnAttribute() + "=…).");
      }
      String dn = new DN(new RDN(mapping.rdnAttribute(), rdnValue), dnOf(mapping.container(settings))).toString();
      List<Attribute> attributes = new ArrayList<>();
      attributes.add(new Attribute("objectClass", mapping.objectClasses(settings)));
      mapping.attributes().forEach((field, attribute) -> {
        String value = EntryMapping.text(resolved, field);
        if (value != null) {
          attributes.add(new Attribute(attribute, value));
        }
      });
      attributes.addAll(mapping.moreAttributes(resolved, settings));
      call(settings, "creating " + dn, () -> connection.add(dn, attributes));
      return entry(connection, settings, dn, SearchScope.BASE, Filter.createPresenceFilter("objectClass"))
          .map(entry -> entry.getAttributeValue(EntryMapping.ENTRY_UUID))
          .orElseThrow(() -> new IllegalStateException("the entry " + dn + " was created but cannot be read back"));
    });
  }

  @Override
  public String update(ConnectorContext context, String id, Map<String, Object> fields) {
    LdapSettings settings = LdapSettings.from(context);
    return withConnection(settings, connection -> {
      SearchResultEntry entry = entry(connection, settings, id).orElseThrow(() -> LdapErrors.notFound(mapping.key(), id, settings));
      Map<String, Object> resolved = mapping.resolve(fields, connection, settings);
      String dn = entry.getDN();
      String rdnAttribute = mapping.rdnAttribute();
      String newName = EntryMapping.text(resolved, mapping.rdnField());
      if (resolved.containsKey(mapping.rdnField()) && newName != null && !newName.equals(entry.getAttributeValue(rdnAttribute))) {
        RDN newRdn = new RDN(rdnAttribute, newName);
        String from = dn;
        call(settings, "renaming " + from + " to " + newRdn, () -> connection.modifyDN(from, newRdn.toString(), true));
        dn = new DN(newRdn, entry.getParsedDN().getParent()).toString();
      }
      List<Modification> modifications = new ArrayList<>();
      mapping.attributes().forEach((field, attribute) -> {
        if (resolved.containsKey(field) && !field.equals(mapping.rdnField())) {
          String value = EntryMapping.text(resolved, field);
          modifications.add(value == null ? new Modification(ModificationType.DELETE, attribute)
              : new Modification(ModificationType.REPLACE, attribute, value));
        }
      });
      modifications.addAll(mapping.moreModifications(resolved, settings));
      if (!modifications.isEmpty()) {
        String target = dn;
        call(settings, "modifying " + target, () -> connection.modify(target, modifications));
      }
      return id;
    });
  }

  @Override
  public void delete(ConnectorContext context, String id) {
    LdapSettings settings = LdapSettings.from(context);
    withConnection(settings, connection -> {
      Optional<SearchResultEntry> entry = entry(connection, settings, id);
      if (entry.isPresent()) {
        String dn = entry.get().getDN();
        try {
          connection.delete(dn);
        } catch (LDAPException e) {
          if (e.getResultCode() != ResultCode.NO_SUCH_OBJECT) { // deleted meanwhile: what was asked
            throw LdapErrors.of(e, "deleting " + dn, settings);
          }
        }
      }
      return null;
    });
  }

  @Override
  public Optional<PullLatestRecords> pullLatestRecords() {
    return Optional.of((context, cursor) -> latest.page(LdapSettings.from(context), cursor));
  }

  /** The entry of this collection with the entryUUID {@code id}; empty for an id that is not a UUID. */
  private Optional<SearchResultEntry> entry(LDAPConnection connection, LdapSettings settings, String id) {
    if (!Ids.isEntryUuid(id)) {
      return Optional.empty();
    }
    return first(connection, settings, LdapFilters.and(LdapFilters.ofClass(mapping.objectClass(settings)),
        List.of(Filter.createEqualityFilter(EntryMapping.ENTRY_UUID, id))));
  }

  private Optional<SearchResultEntry> first(LDAPConnection connection, LdapSettings settings, Filter filter) {
    return entry(connection, settings, mapping.container(settings), SearchScope.SUB, filter);
  }

  private static Optional<SearchResultEntry> entry(LDAPConnection connection, LdapSettings settings, String base,
      SearchScope scope, Filter filter) {
    try {
      com.unboundid.ldap.sdk.SearchRequest request = new com.unboundid.ldap.sdk.SearchRequest(base, scope, filter,
          EntryMapping.REQUESTED_ATTRIBUTES);
      request.setSizeLimit(1);
      SearchResult result = connection.search(request);
      return result.getSearchEntries().stream().findFirst();
    } catch (com.unboundid.ldap.sdk.LDAPSearchException e) {
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED && !e.getSearchEntries().isEmpty()) {
        return Optional.of(e.getSearchEntries().getFirst());
      }
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return Optional.empty();
      }
      throw LdapErrors.of(e, "searching " + filter + " under " + base, settings);
    }
  }

  private static DN dnOf(String dn) {
    try {
      return new DN(dn);
    } catch (LDAPException e) {
      throw new IllegalStateException("LdapSettings checked the DN " + dn, e);
    }
  }

  /** An LDAP operation whose failure becomes a {@link dev.tributary.connector.ConnectorException}. */
  private interface Operation {
    void run() throws LDAPException;
  }

  private static void call(LdapSettings settings, String action, Operation operation) {
    try {
      operation.run();
    } catch (LDAPException e) {
      throw LdapErrors.of(e, action, settings);
    }
  }

  /** A function of an open connection that may throw what the SDK throws. */
  private interface ConnectionCall<T> {
    T apply(LDAPConnection connection) throws LDAPException;
  }

  private static <T> T withConnection(LdapSettings settings, ConnectionCall<T> call) {
    try (LDAPConnection connection = LdapConnections.open(settings)) {
      return call.apply(connection);
    } catch (LDAPException e) {
      throw LdapErrors.of(e, "working with the directory", settings);
    }
  }
}
