package dev.tributary.connectors.dav;

import static dev.tributary.connectors.dav.DavClient.xml;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connector.DataRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Change events from WebDAV sync (RFC 6578 sync-collection): the server lists the members
 * changed since a sync-token, and the removed ones with status 404.
 *
 * <p>The state is the collection's path, the sync-token and the names of the members of this
 * collection's kind known at that token, one per line. The known names tell a created record (a
 * name not known yet) from an updated one, and let a removal be reported only for records of this
 * kind (a calendar may hold tasks and events; a removed resource can no longer say which it was).
 *
 * <p>When the server no longer accepts the token (RFC 6578 §3.2 valid-sync-token), or the
 * collection's parameters now name another collection, the pull starts over from the server's
 * current members: names not known are reported as created, known names now missing as deleted;
 * changes to records that existed on both sides in the gap are not seen.
 */
final class SyncCollectionEvents implements CustomPullEvents {

  private final DavCollection collection;

  SyncCollectionEvents(DavCollection collection) {
    this.collection = collection;
  }

  /** What a state string holds. */
  private record State(String collectionPath, String token, Set<String> known) {

    static State parse(String text) {
      String[] lines = text.split("\n");
      if (lines.length < 2) {
        return new State("", "", Set.of());
      }
      return new State(lines[0], lines[1], new TreeSet<>(Arrays.asList(lines).subList(2, lines.length)));
    }

    String write() {
      StringBuilder text = new StringBuilder(collectionPath).append('\n').append(token);
      known.forEach(name -> text.append('\n').append(Hrefs.segment(name)));
      return text.toString();
    }
  }

  @Override
  public String currentState(ConnectorContext context) {
    DavClient client = new DavClient(context);
    String path = collection.collectionPath(client, context);
    String token = sync(client, path, "").syncToken();
    return new State(path, token == null ? "" : token, new TreeSet<>(collection.memberNames(client, path, null))).write();
  }

  @Override
  public Batch pull(ConnectorContext context, String stateText) {
    DavClient client = new DavClient(context);
    String path = collection.collectionPath(client, context);
    State state = State.parse(stateText);
    Set<String> known = new TreeSet<>(state.known().stream().map(Hrefs::name).toList());
    if (!state.collectionPath().equals(path) || state.token().isEmpty()) {
      return resync(client, path, known);
    }
    Multistatus changes;
    try {
      changes = sync(client, path, state.token());
    } catch (ConnectorException e) {
      if (e.httpStatus() == 403 || e.httpStatus() == 409) {
        return resync(client, path, known);
      }
      throw e;
    }
    Set<String> changed = new LinkedHashSet<>();
    Set<String> removed = new LinkedHashSet<>();
    boolean truncated = false;
    for (Multistatus.Response response : changes.responses()) {
      if (Hrefs.collection(client.path(response.href())).equals(path)) {
        truncated |= response.status() == 507;
        continue;
      }
      (response.status() == 404 ? removed : changed).add(Hrefs.name(response.href()));
    }
    List<ChangeEvent> events = new ArrayList<>();
    List<DataRecord> records = collection.records(client, path, List.copyOf(changed));
    Set<String> stillOurs = new LinkedHashSet<>();
    for (DataRecord record : records) {
      stillOurs.add(record.id());
      events.add(new ChangeEvent(known.add(record.id()) ? ChangeEvent.Operation.CREATED : ChangeEvent.Operation.UPDATED,
          record.id(), record));
    }
    for (String name : changed) {
      // Changed, but no longer (or never) this collection's kind, or gone again before the multiget.
      if (!stillOurs.contains(name) && known.remove(name)) {
        events.add(new ChangeEvent(ChangeEvent.Operation.DELETED, name, null));
      }
    }
    for (String name : removed) {
      if (known.remove(name)) {
        events.add(new ChangeEvent(ChangeEvent.Operation.DELETED, name, null));
      }
    }
    String token = changes.syncToken() == null ? state.token() : changes.syncToken();
    return new Batch(events, new State(path, token, known).write(), truncated);
  }

  private Batch resync(DavClient client, String path, Set<String> known) {
    String token = sync(client, path, "").syncToken();
    List<String> members = collection.memberNames(client, path, null);
    List<ChangeEvent> events = new ArrayList<>();
    List<String> added = members.stream().filter(name -> !known.contains(name)).toList();
    for (DataRecord record : collection.records(client, path, added)) {
      events.add(new ChangeEvent(ChangeEvent.Operation.CREATED, record.id(), record));
    }
    for (String name : known) {
      if (!members.contains(name)) {
        events.add(new ChangeEvent(ChangeEvent.Operation.DELETED, name, null));
      }
    }
    return new Batch(events, new State(path, token == null ? "" : token, new TreeSet<>(members)).write(), false);
  }

  private static Multistatus sync(DavClient client, String path, String token) {
    String body = """
        <?xml version="1.0" encoding="utf-8"?>
        <D:sync-collection xmlns:D="DAV:"><D:sync-token>%s</D:sync-token><D:sync-level>1</D:sync-level>
        <D:prop><D:getetag/></D:prop></D:sync-collection>""".formatted(xml(token));
    return client.report(path, 0, body);
  }
}
