package dev.tributary.connectors.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.tributary.connector.ConnectorException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Listings paged with the Simple Paged Results control (RFC 2696). A server keeps a paged search's
 * state on the connection that started it (OpenLDAP refuses the cookie on any other), so each
 * listing keeps its own connection open between pages: the cursor is {@code <listing id>.<cookie>}.
 * A listing left alone for {@link #IDLE_LIMIT} is closed, and its cursor then asks to start over.
 * Listings live in this process: a cursor is continued by the node that issued it.
 */
final class PagedListings {

  static final int PAGE_SIZE = 100;
  static final Duration IDLE_LIMIT = Duration.ofMinutes(10);

  private final Map<String, Listing> listings = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final Clock clock;
  private final int pageSize;

  PagedListings(Clock clock, int pageSize) {
    this.clock = clock;
    this.pageSize = pageSize;
  }

  /** One paged search in progress, on its own connection. */
  private static final class Listing {
    final String owner;
    final String query;
    final LDAPConnection connection;
    volatile Instant lastUsed;

    Listing(String owner, String query, LDAPConnection connection, Instant lastUsed) {
      this.owner = owner;
      this.query = query;
      this.connection = connection;
      this.lastUsed = lastUsed;
    }
  }

  /** A page of entries and the cursor of the next page (null after the last). */
  record Page(List<SearchResultEntry> entries, @Nullable String cursor) {}

  Page page(LdapSettings settings, String baseDn, Filter filter, @Nullable String cursor) {
    closeIdle();
    String query = baseDn + "\n" + filter;
    String id;
    Listing listing;
    ASN1OctetString cookie;
    if (cursor == null) {
      id = HexFormat.of().formatHex(randomBytes());
      listing = new Listing(settings.fingerprint(), query, LdapConnections.open(settings), clock.instant());
      listings.put(id, listing);
      cookie = new ASN1OctetString();
    } else {
      int dot = cursor.indexOf('.');
      id = dot < 0 ? cursor : cursor.substring(0, dot);
      listing = listings.get(id);
      if (dot < 0 || listing == null || !listing.owner.equals(settings.fingerprint()) || !listing.query.equals(query)) {
        throw expired(cursor);
      }
      try {
        cookie = new ASN1OctetString(Base64.getUrlDecoder().decode(cursor.substring(dot + 1)));
      } catch (IllegalArgumentException e) {
        throw expired(cursor);
      }
    }
    synchronized (listing) {
      try {
        SearchRequest request = new SearchRequest(baseDn, SearchScope.SUB, filter, EntryMapping.REQUESTED_ATTRIBUTES);
        request.addControl(new SimplePagedResultsControl(pageSize, cookie, true));
        SearchResult result = listing.connection.search(request);
        SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
        listing.lastUsed = clock.instant();
        if (response == null || !response.moreResultsToReturn()) {
          close(id);
          return new Page(result.getSearchEntries(), null);
        }
        String next = id + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(response.getCookie().getValue());
        return new Page(result.getSearchEntries(), next);
      } catch (LDAPException e) {
        close(id);
        throw LdapErrors.of(e, "listing " + filter + " under " + baseDn, settings);
      }
    }
  }

  /** How many listings hold a connection. */
  int open() {
    return listings.size();
  }

  private byte[] randomBytes() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return bytes;
  }

  private void closeIdle() {
    Instant limit = clock.instant().minus(IDLE_LIMIT);
    listings.forEach((id, listing) -> {
      if (listing.lastUsed.isBefore(limit)) {
        close(id);
      }
    });
  }

  private void close(String id) {
    Listing listing = listings.remove(id);
    if (listing != null) {
      listing.connection.close();
    }
  }

  private static ConnectorException expired(String cursor) {
    return new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The cursor \"" + cursor + "\" does not continue"
        + " a listing in progress: LDAP paged listings live on one connection and end after " + IDLE_LIMIT.toMinutes()
        + " idle minutes, or when the filter changes. Start the listing again without a cursor.");
  }
}
