package dev.tributary.connectors.ldap;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPSearchException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.RecordPage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Entries newest first by {@code modifyTimestamp}, for the {@code pull-latest-records} events.
 *
 * <p>LDAP returns entries in no particular order; sorting needs the server-side sort control
 * (RFC 2891), which OpenLDAP offers only with the {@code sssvlv} overlay, not loaded by default.
 * So each page is a time window read with {@code (modifyTimestamp>=start)} (and below the previous
 * window's start) and sorted here. The first window is the last hour; an empty window doubles
 * back four times as far, a window with more than {@code maxPageSize} entries is halved (down to
 * one second, the timestamps' resolution). The cursor is {@code <window start>/<span seconds>}:
 * the next page reads the window before it. The last page is the one with nothing older.
 */
final class LatestRecords {

  static final int MAX_PAGE_SIZE = 500;
  static final long FIRST_SPAN_SECONDS = 3600;
  private static final long MAX_SPAN_SECONDS = 100L * 365 * 24 * 3600;
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private final EntryMapping mapping;
  private final int maxPageSize;
  private final Clock clock;

  LatestRecords(EntryMapping mapping, int maxPageSize, Clock clock) {
    this.mapping = mapping;
    this.maxPageSize = maxPageSize;
    this.clock = clock;
  }

  RecordPage page(LdapSettings settings, @Nullable String cursor) {
    Instant end = cursor == null ? null : end(cursor);
    long span = cursor == null ? FIRST_SPAN_SECONDS : span(cursor);
    Instant top = end == null ? clock.instant() : end;
    try (LDAPConnection connection = LdapConnections.open(settings)) {
      while (true) {
        Instant start = top.minusSeconds(span);
        Filter window = window(settings, start, end);
        Optional<List<SearchResultEntry>> entries = read(connection, settings, window, maxPageSize);
        if (entries.isEmpty() && span > 1) {
          span = Math.max(1, span / 2);
          continue;
        }
        List<SearchResultEntry> found = entries.isPresent() ? entries.get() : readAll(connection, settings, window);
        boolean older = anyBefore(connection, settings, start);
        if (found.isEmpty() && older) {
          end = start;
          top = start;
          span = Math.min(MAX_SPAN_SECONDS, span * 4);
          continue;
        }
        List<DataRecord> records = found.stream().map(entry -> mapping.record(entry, settings))
            .sorted(Comparator.comparing(DataRecord::updatedTime, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(DataRecord::id))
            .toList();
        return new RecordPage(records, older ? GENERALIZED_TIME.format(start) + "/" + Math.min(MAX_SPAN_SECONDS, span * 2) : null);
      }
    }
  }

  private Filter window(LdapSettings settings, Instant start, @Nullable Instant end) {
    List<Filter> filters = new ArrayList<>();
    filters.add(Filter.createGreaterOrEqualFilter(EntryMapping.MODIFY_TIMESTAMP, GENERALIZED_TIME.format(start)));
    if (end != null) {
      filters.add(Filter.createNOTFilter(Filter.createGreaterOrEqualFilter(EntryMapping.MODIFY_TIMESTAMP,
          GENERALIZED_TIME.format(end))));
    }
    return LdapFilters.and(LdapFilters.ofClass(mapping.objectClass(settings)), filters);
  }

  /** The window's entries, or empty when there are more than {@code limit}. */
  private Optional<List<SearchResultEntry>> read(LDAPConnection connection, LdapSettings settings, Filter filter, int limit) {
    SearchRequest request = request(settings, filter);
    request.setSizeLimit(limit + 1);
    try {
      List<SearchResultEntry> entries = connection.search(request).getSearchEntries();
      return entries.size() > limit ? Optional.empty() : Optional.of(entries);
    } catch (LDAPSearchException e) {
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
        return Optional.empty();
      }
      throw LdapErrors.of(e, "reading recent changes", settings);
    }
  }

  /** Every entry of a one-second window, however many, in pages of the paged results control. */
  private List<SearchResultEntry> readAll(LDAPConnection connection, LdapSettings settings, Filter filter) {
    List<SearchResultEntry> entries = new ArrayList<>();
    ASN1OctetString cookie = new ASN1OctetString();
    try {
      while (true) {
        SearchRequest request = request(settings, filter);
        request.addControl(new SimplePagedResultsControl(PagedListings.PAGE_SIZE, cookie, true));
        SearchResult result = connection.search(request);
        entries.addAll(result.getSearchEntries());
        SimplePagedResultsControl response = SimplePagedResultsControl.get(result);
        if (response == null || !response.moreResultsToReturn()) {
          return entries;
        }
        cookie = response.getCookie();
      }
    } catch (LDAPException e) {
      throw LdapErrors.of(e, "reading recent changes", settings);
    }
  }

  private boolean anyBefore(LDAPConnection connection, LdapSettings settings, Instant start) {
    Filter older = LdapFilters.and(LdapFilters.ofClass(mapping.objectClass(settings)), List.of(Filter.createNOTFilter(
        Filter.createGreaterOrEqualFilter(EntryMapping.MODIFY_TIMESTAMP, GENERALIZED_TIME.format(start)))));
    SearchRequest request = new SearchRequest(mapping.container(settings), SearchScope.SUB, older, "1.1");
    request.setSizeLimit(1);
    try {
      return connection.search(request).getEntryCount() > 0;
    } catch (LDAPSearchException e) {
      if (e.getResultCode() == ResultCode.SIZE_LIMIT_EXCEEDED) {
        return true;
      }
      throw LdapErrors.of(e, "reading recent changes", settings);
    }
  }

  private SearchRequest request(LdapSettings settings, Filter filter) {
    return new SearchRequest(mapping.container(settings), SearchScope.SUB, filter, EntryMapping.REQUESTED_ATTRIBUTES);
  }

  private static Instant end(String cursor) {
    int slash = cursor.indexOf('/');
    try {
      return Instant.from(GENERALIZED_TIME.parse(slash < 0 ? cursor : cursor.substring(0, slash)));
    } catch (DateTimeParseException e) {
      throw invalid(cursor);
    }
  }

  private static long span(String cursor) {
    int slash = cursor.indexOf('/');
    try {
      long span = Long.parseLong(cursor.substring(slash + 1));
      if (slash < 0 || span < 1) {
        throw invalid(cursor);
      }
      return span;
    } catch (NumberFormatException e) {
      throw invalid(cursor);
    }
  }

  private static ConnectorException invalid(String cursor) {
    return new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The cursor \"" + cursor + "\" is not one the LDAP"
        + " connector gave for recent changes (expected <yyyyMMddHHmmssZ>/<seconds>). Start again without a cursor.");
  }
}
