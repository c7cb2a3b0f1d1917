package dev.tributary.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.RecordPage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connector contract. A connector's test extends this class and tells it how to reach a test
 * account; the suite then checks, for every collection the connector declares:
 *
 * <ul>
 *   <li>its spec: a fields schema with properties, method rules naming only those fields, known
 *       event implementation types;
 *   <li>listing pages to the end without a record twice;
 *   <li>{@code findById} of a listed record gives that record, of an unknown id gives nothing;
 *   <li>{@code match} on a listed record's match fields finds a record with those values;
 *   <li>create → findById → update → findById → delete → findById, where supported;
 *   <li>deleting a record twice is not an error;
 *   <li>directories list locations that exist.
 * </ul>
 *
 * <pre>{@code
 * class RedmineContractIT extends ConnectorContractTest {
 *   protected Connector connector() { return redmine; }
 *   protected ConnectorContext context(String location, Map<String, Object> parameters) { … }
 *   protected Map<String, Object> parameters(String collection) { return Map.of("projectId", testProject); }
 *   protected Map<String, Object> newRecord(String collection) { return Map.of("subject", "Contract " + UUID.randomUUID()); }
 *   protected Map<String, Object> change(String collection) { return Map.of("subject", "Changed"); }
 * }
 * }</pre>
 */
public abstract class ConnectorContractTest {

  private static final Set<String> EVENT_TYPES = Set.of("webhook", "custom-pull", "pull-latest-records", "full-scan");
  private static final int MAX_PAGES = 1000;

  /** The connector under test. */
  protected abstract Connector connector();

  /** A context for calls to {@code location} of the test account, with these parameters. */
  protected abstract ConnectorContext context(String location, Map<String, Object> parameters);

  /** The parameters to use for a collection in the test account (empty when it takes none). */
  protected Map<String, Object> parameters(String collection) {
    return Map.of();
  }

  /** Fields for a new record in {@code collection}, or empty to skip the write round trip for it. */
  protected abstract Map<String, Object> newRecord(String collection);

  /** Fields to change on the record made from {@link #newRecord}. */
  protected abstract Map<String, Object> change(String collection);

  /** An id the app has no record for. */
  protected String unknownId(String collection) {
    return "999999999";
  }

  /** Collections to leave out of the live checks (e.g. ones the test account cannot read). */
  protected Set<String> skippedCollections() {
    return Set.of();
  }

  private List<DataCollection> collections() {
    List<DataCollection> collections = new ArrayList<>();
    for (DataLocation location : connector().locations()) {
      if (location instanceof DataCollection collection && !skippedCollections().contains(collection.key())) {
        collections.add(collection);
      }
    }
    assertFalse(collections.isEmpty(), connector().info().key() + " declares no collection");
    return collections;
  }

  private ConnectorContext contextFor(DataCollection collection) {
    return context(collection.key(), parameters(collection.key()));
  }

  @Test
  @SuppressWarnings("unchecked")
  void specsNameOnlyFieldsTheirSchemasHave() {
    for (DataLocation location : connector().locations()) {
      if (!(location instanceof DataCollection collection)) {
        continue;
      }
      CollectionSpec spec = collection.spec();
      String where = connector().info().key() + "/" + spec.key();
      assertEquals("object", spec.fieldsSchema().get("type"), where + ": fieldsSchema.type must be object");
      Object properties = spec.fieldsSchema().get("properties");
      assertTrue(properties instanceof Map<?, ?> map && !map.isEmpty(), where + ": fieldsSchema has no properties");
      Set<String> fields = ((Map<String, Object>) properties).keySet();
      List<String> named = new ArrayList<>();
      if (spec.list() != null) {
        named.addAll(spec.list().filterFields());
      }
      if (spec.match() != null) {
        named.addAll(spec.match().fields());
      }
      for (CollectionSpec.WriteSpec write : new CollectionSpec.WriteSpec[] {spec.create(), spec.update()}) {
        if (write != null) {
          if (write.fields() != null) {
            named.addAll(write.fields());
          }
          named.addAll(write.requiredFields());
          named.addAll(write.excludedFields());
        }
      }
      for (String field : named) {
        assertTrue(fields.contains(field), where + ": a method rule names \"" + field + "\", which fieldsSchema lacks");
      }
      spec.events().forEach((type, event) -> assertTrue(EVENT_TYPES.contains(event.implementationType()),
          where + ": events." + type + " has unknown implementationType " + event.implementationType()));
    }
  }

  @Test
  void directoriesListLocationsThatExist() {
    DataLocation root = connector().location(connector().rootLocationKey())
        .orElseThrow(() -> new AssertionError("the root location " + connector().rootLocationKey() + " does not exist"));
    assertTrue(root instanceof DataDirectory, "the root location must be a directory");
    LocationPage page = ((DataDirectory) root).list(context(root.key(), Map.of()), Map.of(), null);
    assertFalse(page.locations().isEmpty(), "the root directory lists nothing");
    for (LocationPointer pointer : page.locations()) {
      assertTrue(connector().location(pointer.key()).isPresent(), "the root lists " + pointer.key() + ", which does not exist");
    }
  }

  @Test
  void listingPagesToTheEndWithoutRepeats() {
    for (DataCollection collection : collections()) {
      if (collection.spec().list() == null) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      String cursor = null;
      int pages = 0;
      do {
        RecordPage page = collection.list(contextFor(collection), new ListRequest(Map.of(), cursor));
        for (DataRecord record : page.records()) {
          assertNotNull(record.id(), collection.key() + ": a listed record has no id");
          assertTrue(seen.add(record.id()), collection.key() + ": record " + record.id() + " was listed twice");
        }
        cursor = page.cursor();
        if (++pages > MAX_PAGES) {
          fail(collection.key() + ": listing did not end after " + MAX_PAGES + " pages");
        }
      } while (cursor != null);
    }
  }

  @Test
  void findByIdGivesTheListedRecordAndNothingForAnUnknownId() {
    for (DataCollection collection : collections()) {
      if (collection.spec().findById() == null) {
        continue;
      }
      ConnectorContext context = contextFor(collection);
      assertTrue(collection.findById(context, unknownId(collection.key())).isEmpty(),
          collection.key() + ": findById of an unknown id must give nothing, not fail");
      if (collection.spec().list() != null) {
        RecordPage page = collection.list(context, ListRequest.firstPage());
        if (!page.records().isEmpty()) {
          DataRecord listed = page.records().getFirst();
          Optional<DataRecord> found = collection.findById(context, listed.id());
          assertTrue(found.isPresent(), collection.key() + ": findById(" + listed.id() + ") of a listed record found nothing");
          assertEquals(listed.id(), found.get().id());
        }
      }
    }
  }

  @Test
  void matchFindsARecordByItsMatchFields() {
    for (DataCollection collection : collections()) {
      if (collection.spec().match() == null || collection.spec().list() == null) {
        continue;
      }
      ConnectorContext context = contextFor(collection);
      RecordPage page = collection.list(context, ListRequest.firstPage());
      if (page.records().isEmpty()) {
        continue;
      }
      DataRecord listed = page.records().getFirst();
      Map<String, Object> query = new java.util.LinkedHashMap<>();
      for (String field : collection.spec().match().fields()) {
        query.put(field, listed.fields().get(field));
      }
      Optional<DataRecord> matched = collection.match(context, query);
      assertTrue(matched.isPresent(), collection.key() + ": match " + query + " found nothing");
      query.forEach((field, value) -> assertEquals(String.valueOf(value), String.valueOf(matched.get().fields().get(field)),
          collection.key() + ": match gave a record whose " + field + " differs"));
    }
  }

  @Test
  void createdRecordsCanBeFoundChangedAndDeleted() {
    for (DataCollection collection : collections()) {
      CollectionSpec spec = collection.spec();
      Map<String, Object> fields = newRecord(collection.key());
      if (spec.create() == null || fields.isEmpty()) {
        continue;
      }
      ConnectorContext context = contextFor(collection);
      String id = collection.create(context, fields);
      assertNotNull(id, collection.key() + ": create gave no id");
      try {
        if (spec.findById() != null) {
          DataRecord created = collection.findById(context, id)
              .orElseThrow(() -> new AssertionError(collection.key() + ": the created record " + id + " is not found"));
          fields.forEach((field, value) -> {
            if (created.fields().containsKey(field)) {
              assertEquals(String.valueOf(value), String.valueOf(created.fields().get(field)),
                  collection.key() + ": the created record's " + field + " differs");
            }
          });
        }
        if (spec.update() != null) {
          Map<String, Object> changes = change(collection.key());
          collection.update(context, id, changes);
          if (spec.findById() != null) {
            DataRecord updated = collection.findById(context, id).orElseThrow();
            changes.forEach((field, value) -> assertEquals(String.valueOf(value), String.valueOf(updated.fields().get(field)),
                collection.key() + ": the update of " + field + " did not stick"));
          }
        }
      } finally {
        if (spec.delete() != null) {
          collection.delete(context, id);
        }
      }
      if (spec.delete() != null) {
        if (spec.findById() != null) {
          assertTrue(collection.findById(context, id).isEmpty(), collection.key() + ": the deleted record is still found");
        }
        collection.delete(context, id); // deleting again is not an error
      }
    }
  }
}
