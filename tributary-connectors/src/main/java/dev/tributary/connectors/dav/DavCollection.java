package dev.tributary.connectors.dav;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.SearchRequest;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The records of one calendar or address book. Every method works on the collection the
 * context's parameters name (its href), or on the account's first one that fits when none is
 * named. Records are read with multiget reports, written with conditional PUTs (a new resource
 * only where none exists; an update only over the version read) and deleted with the ETag read.
 *
 * <p>Listing pages through the member names in order: each page asks the server for the names
 * (a cheap query that returns only ETags), takes the next {@value #PAGE_SIZE} after the cursor (the
 * last name of the previous page) and fetches them in one multiget.
 */
abstract class DavCollection implements DataCollection {

  static final int PAGE_SIZE = 50;

  private final String key;
  private final String name;
  private final ResourceFormat format;
  private final CollectionSpec spec;

  DavCollection(String key, String name, ResourceFormat format, Map<String, Object> parametersSchema) {
    this.key = key;
    this.name = name;
    this.format = format;
    this.spec = new CollectionSpec("collection", key, name, parametersSchema, format.fieldsSchema(),
        new CollectionSpec.ListSpec(List.of()), new CollectionSpec.MethodSpec(), new CollectionSpec.MatchSpec(List.of("uid")),
        new CollectionSpec.MethodSpec(), new CollectionSpec.WriteSpec(null, List.of(), List.of("etag")),
        new CollectionSpec.WriteSpec(null, List.of(), List.of()), new CollectionSpec.MethodSpec(),
        Map.of("created", new CollectionSpec.EventSpec("custom-pull"), "updated", new CollectionSpec.EventSpec("custom-pull"),
            "deleted", new CollectionSpec.EventSpec("custom-pull")),
        false);
  }

  /** The path of the calendar or address book the context names, or of the default one. */
  abstract String collectionPath(DavClient client, ConnectorContext context);

  /**
   * The member names that hold this collection's kind of record, narrowed by {@code filter} (a
   * CalDAV/CardDAV filter body for {@link #textFilter} or {@link #uidFilter}) when not null.
   */
  abstract List<String> memberNames(DavClient client, String collectionPath, @Nullable String filter);

  /** The multiget report body for these member hrefs. */
  abstract String multiget(List<String> hrefs);

  /** The element of a multiget response holding the resource (calendar-data, address-data). */
  abstract Optional<String> data(Multistatus.Response response);

  abstract String textFilter(String text);

  abstract String uidFilter(String uid);

  @Override
  public String key() {
    return key;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public CollectionSpec spec() {
    return spec;
  }

  @Override
  public RecordPage list(ConnectorContext context, ListRequest request) {
    DavClient client = new DavClient(context);
    String collection = collectionPath(client, context);
    return page(client, collection, memberNames(client, collection, null), request.cursor());
  }

  @Override
  public RecordPage search(ConnectorContext context, SearchRequest request) {
    if (request.query() == null || request.query().isBlank()) {
      throw InvalidInputException.forField("query", "The search query is empty. Give the text to look for.");
    }
    DavClient client = new DavClient(context);
    String collection = collectionPath(client, context);
    return page(client, collection, memberNames(client, collection, textFilter(request.query().strip())), request.cursor());
  }

  @Override
  public Optional<DataRecord> match(ConnectorContext context, Map<String, Object> query) {
    Object uid = query.get("uid");
    if (uid == null || String.valueOf(uid).isBlank()) {
      throw InvalidInputException.forField("query.uid", "A match on " + key + " needs \"uid\", the only match field.");
    }
    DavClient client = new DavClient(context);
    String collection = collectionPath(client, context);
    List<String> names = memberNames(client, collection, uidFilter(String.valueOf(uid)));
    // A text-match is a substring match: keep only the record whose UID is exactly the one asked.
    return records(client, collection, names).stream().filter(record -> String.valueOf(uid).equals(record.fields().get("uid")))
        .findFirst();
  }

  @Override
  public Optional<DataRecord> findById(ConnectorContext context, String id) {
    DavClient client = new DavClient(context);
    String href = Hrefs.member(collectionPath(client, context), requireId(id));
    return client.get(href).flatMap(resource -> record(client, href, resource.body(), resource.etag()));
  }

  @Override
  public String create(ConnectorContext context, Map<String, Object> fields) {
    format.checkWritable(key, fields);
    if (fields.containsKey("etag")) {
      throw InvalidInputException.forField("fields.etag", "\"etag\" cannot be given to create: a new record has no version yet.");
    }
    DavClient client = new DavClient(context);
    String uid = UUID.randomUUID().toString();
    String id = uid + format.extension();
    client.put(Hrefs.member(collectionPath(client, context), id), format.create(uid, fields), format.contentType(), null);
    return id;
  }

  @Override
  public String update(ConnectorContext context, String id, Map<String, Object> fields) {
    format.checkWritable(key, fields);
    DavClient client = new DavClient(context);
    String href = Hrefs.member(collectionPath(client, context), requireId(id));
    DavClient.Resource current = client.get(href).orElseThrow(() -> new NotFoundException(key + " has no record \"" + id
        + "\". List the collection for the ids it has."));
    if (format.read(current.body()).isEmpty()) {
      throw new NotFoundException(key + " has no record \"" + id + "\": that resource holds another kind of item.");
    }
    Object expected = fields.get("etag");
    String ifMatch = expected != null ? String.valueOf(expected) : current.etag();
    if (ifMatch == null) {
      throw new ConnectorException(ConnectorException.Kind.REJECTED, 0, "The server gave no ETag for " + href
          + ", so the update cannot be made safely. Use a server that supports ETags (RFC 4791 §5.3.4).");
    }
    Map<String, Object> changes = new LinkedHashMap<>(fields);
    changes.remove("etag");
    client.put(href, format.update(current.body(), changes), format.contentType(), ifMatch);
    return id;
  }

  @Override
  public void delete(ConnectorContext context, String id) {
    DavClient client = new DavClient(context);
    String href = Hrefs.member(collectionPath(client, context), requireId(id));
    Optional<DavClient.Resource> current = client.get(href);
    if (current.isEmpty()) {
      return;
    }
    String etag = current.get().etag();
    client.delete(href, etag == null ? "*" : etag);
  }

  @Override
  public Optional<CustomPullEvents> customPullEvents() {
    return Optional.of(new SyncCollectionEvents(this));
  }

  /** The records at these member names, in the order given; names that hold another kind or are gone are left out. */
  List<DataRecord> records(DavClient client, String collection, List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> hrefs = names.stream().map(member -> Hrefs.member(collection, member)).toList();
    Map<String, DataRecord> byName = new LinkedHashMap<>();
    for (Multistatus.Response response : client.report(collection, 1, multiget(hrefs)).responses()) {
      if (response.status() / 100 != 2) {
        continue;
      }
      Optional<String> body = data(response);
      if (body.isPresent()) {
        record(client, response.href(), body.get(), response.text(Multistatus.DAV, "getetag").orElse(null))
            .ifPresent(record -> byName.put(record.id(), record));
      }
    }
    List<DataRecord> ordered = new ArrayList<>();
    for (String member : names) {
      Optional.ofNullable(byName.get(member)).ifPresent(ordered::add);
    }
    return ordered;
  }

  private Optional<DataRecord> record(DavClient client, String href, String body, @Nullable String etag) {
    Optional<ResourceFormat.Content> read;
    try {
      read = format.read(body);
    } catch (ConnectorException e) {
      throw new ConnectorException(e.kind(), e.httpStatus(), e.getMessage() + " The resource: " + client.path(href) + ".",
          null, e);
    }
    return read.map(content -> {
      Map<String, Object> fields = new LinkedHashMap<>(content.fields());
      if (etag != null) {
        fields.put("etag", etag);
      }
      Map<String, Object> raw = new LinkedHashMap<>();
      raw.put("href", client.path(href));
      raw.put("data", body);
      return new DataRecord(Hrefs.name(href), content.name(), client.url(href), fields, raw, null, content.createdTime(),
          content.updatedTime());
    });
  }

  private RecordPage page(DavClient client, String collection, List<String> names, @Nullable String cursor) {
    List<String> after = names.stream().sorted().filter(member -> cursor == null || member.compareTo(cursor) > 0).toList();
    List<String> page = after.subList(0, Math.min(PAGE_SIZE, after.size()));
    String next = after.size() > PAGE_SIZE ? page.getLast() : null;
    return new RecordPage(records(client, collection, page), next);
  }

  private String requireId(String id) {
    if (id == null || id.isBlank() || id.contains("/") || id.equals(".") || id.equals("..")) {
      throw InvalidInputException.forField("id", "Invalid " + key + " id \"" + id + "\": an id is the name of a resource in"
          + " the collection, such as 1f0c….ics, as list and create give it.");
    }
    return id;
  }
}
