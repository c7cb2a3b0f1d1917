package dev.tributary.connectors.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.CustomPullEvents;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dav connector against a real Radicale (started by the test command; see
 * scripts/services.sh): discovery, every method of tasks, events and contacts, paging, search,
 * match, ETag conflicts, and change events from sync-collection including deletions.
 */
class DavIT {

  static Tributary tributary;
  static ConnectionData data;
  static Caller customer;
  static String connection;
  static String tasksCalendar;
  static String mixedCalendar;
  static String addressBook;

  @BeforeAll
  static void connect() {
    TestEngine engine = DavServer.connect();
    tributary = engine.tributary();
    data = engine.data();
    customer = engine.customer();
    connection = engine.connection();
    tasksCalendar = DavServer.makeCalendar("Test tasks", "VTODO");
    mixedCalendar = DavServer.makeCalendar("Test mixed", "VTODO", "VEVENT");
    addressBook = DavServer.makeAddressBook("Test contacts");
  }

  @AfterAll
  static void cleanUp() {
    for (String path : new String[] {tasksCalendar, mixedCalendar, addressBook}) {
      if (path != null) {
        DavServer.remove(path);
      }
    }
    tributary.close();
  }

  static Map<String, Object> calendar(String path) {
    return Map.of("calendarHref", path);
  }

  static Map<String, Object> book() {
    return Map.of("addressBookHref", addressBook);
  }

  static DataCollection collection(String key) {
    return (DataCollection) tributary.connectors().require("dav").location(key).orElseThrow();
  }

  static ConnectorContext context(String key, Map<String, Object> parameters) {
    return data.context(customer, connection, key, parameters);
  }

  @Test
  void theRootListsTheAccountsCalendarsPerKindAndItsAddressBooks() {
    List<LocationPointer> root = data.locations(customer, connection, null, Map.of(), null).locations();

    assertThat(root).filteredOn(pointer -> pointer.parameters().equals(calendar(tasksCalendar)))
        .extracting(LocationPointer::key, LocationPointer::name).containsExactly(tuple("tasks", "Test tasks (tasks)"));
    assertThat(root).filteredOn(pointer -> pointer.parameters().equals(calendar(mixedCalendar)))
        .extracting(LocationPointer::key).containsExactly("tasks", "events");
    assertThat(root).filteredOn(pointer -> pointer.parameters().equals(book()))
        .extracting(LocationPointer::key, LocationPointer::name).containsExactly(tuple("contacts", "Test contacts"));
  }

  @Test
  void aTaskGoesThroughCreateFindUpdateAndDelete() {
    String id = data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "Call Ann",
        "description", "About the contract", "status", "needs-action", "priority", 1, "due", "2025-03-01T10:00:00Z",
        "categories", List.of("work", "calls")));
    assertThat(id).endsWith(".ics");

    DataRecord created = data.findById(customer, connection, "tasks", calendar(tasksCalendar), id).orElseThrow();
    assertThat(created.name()).isEqualTo("Call Ann");
    assertThat(created.fields()).containsEntry("summary", "Call Ann").containsEntry("description", "About the contract")
        .containsEntry("status", "NEEDS-ACTION").containsEntry("priority", 1).containsEntry("due", "2025-03-01T10:00:00Z")
        .containsEntry("categories", List.of("work", "calls")).containsKeys("uid", "etag", "created", "lastModified");
    assertThat(id).isEqualTo(created.fields().get("uid") + ".ics");
    assertThat(created.createdTime()).isNotNull();

    data.update(customer, connection, "tasks", calendar(tasksCalendar), id, Map.of("status", "COMPLETED",
        "completed", "2025-03-02T09:30:00Z", "due", "2025-03-05"));
    DataRecord updated = data.findById(customer, connection, "tasks", calendar(tasksCalendar), id).orElseThrow();
    assertThat(updated.fields()).containsEntry("status", "COMPLETED").containsEntry("completed", "2025-03-02T09:30:00Z")
        .containsEntry("due", "2025-03-05").containsEntry("summary", "Call Ann").containsEntry("uid", created.fields().get("uid"));
    assertThat(updated.fields().get("etag")).isNotEqualTo(created.fields().get("etag"));

    data.delete(customer, connection, "tasks", calendar(tasksCalendar), id);
    assertThat(data.findById(customer, connection, "tasks", calendar(tasksCalendar), id)).isEmpty();
    data.delete(customer, connection, "tasks", calendar(tasksCalendar), id); // already gone: not an error
  }

  @Test
  void anUpdateKeepsThePropertiesTheConnectorDoesNotKnow() {
    String uid = UUID.randomUUID().toString();
    DavServer.put(tasksCalendar + uid + ".ics", "text/calendar", DavServer.vtodo(uid, "Written elsewhere"));

    data.update(customer, connection, "tasks", calendar(tasksCalendar), uid + ".ics", Map.of("summary", "Changed here"));

    assertThat(DavServer.get(tasksCalendar + uid + ".ics")).contains("SUMMARY:Changed here").contains("X-OTHER-CLIENT:kept");
  }

  @Test
  void anEventCarriesItsAttendees() {
    String id = data.create(customer, connection, "events", calendar(mixedCalendar), Map.of("summary", "Kick-off",
        "location", "Room 1", "start", "2025-04-01T09:00:00Z", "end", "2025-04-01T10:00:00Z", "organizer", "boss@example.org",
        "attendees", List.of(Map.of("email", "ann@example.org", "name", "Ann Example", "status", "accepted"),
            Map.of("email", "bob@example.org"))));

    DataRecord event = data.findById(customer, connection, "events", calendar(mixedCalendar), id).orElseThrow();
    assertThat(event.fields()).containsEntry("summary", "Kick-off").containsEntry("location", "Room 1")
        .containsEntry("start", "2025-04-01T09:00:00Z").containsEntry("end", "2025-04-01T10:00:00Z")
        .containsEntry("organizer", "boss@example.org").containsEntry("isRecurring", false)
        .containsEntry("attendees", List.of(Map.of("email", "ann@example.org", "name", "Ann Example", "status", "ACCEPTED"),
            Map.of("email", "bob@example.org")));
    assertThat(data.findById(customer, connection, "tasks", calendar(mixedCalendar), id))
        .as("an event is not a task").isEmpty();

    data.update(customer, connection, "events", calendar(mixedCalendar), id, Map.of("attendees", List.of(Map.of("email", "cy@example.org"))));
    assertThat(data.findById(customer, connection, "events", calendar(mixedCalendar), id).orElseThrow().fields())
        .containsEntry("attendees", List.of(Map.of("email", "cy@example.org"))).containsEntry("location", "Room 1");
    data.delete(customer, connection, "events", calendar(mixedCalendar), id);
  }

  @Test
  void aContactGoesThroughCreateFindUpdateAndDelete() {
    String id = data.create(customer, connection, "contacts", book(), Map.of("firstName", "Ann", "lastName", "Example",
        "emails", List.of(Map.of("value", "ann@example.org", "type", "work")), "phones", List.of(Map.of("value", "+1 555 0100", "type", "cell")),
        "organization", "ACME", "title", "Buyer"));
    assertThat(id).endsWith(".vcf");

    DataRecord contact = data.findById(customer, connection, "contacts", book(), id).orElseThrow();
    assertThat(contact.name()).isEqualTo("Ann Example");
    assertThat(contact.fields()).containsEntry("fullName", "Ann Example").containsEntry("firstName", "Ann")
        .containsEntry("lastName", "Example").containsEntry("organization", "ACME").containsEntry("title", "Buyer")
        .containsEntry("emails", List.of(Map.of("value", "ann@example.org", "type", "work")))
        .containsEntry("phones", List.of(Map.of("value", "+1 555 0100", "type", "cell")));

    data.update(customer, connection, "contacts", book(), id, Map.of("title", "Head of buying", "emails",
        List.of(Map.of("value", "ann@example.com"))));
    assertThat(data.findById(customer, connection, "contacts", book(), id).orElseThrow().fields())
        .containsEntry("title", "Head of buying").containsEntry("emails", List.of(Map.of("value", "ann@example.com")))
        .containsEntry("fullName", "Ann Example");

    data.delete(customer, connection, "contacts", book(), id);
    assertThat(data.findById(customer, connection, "contacts", book(), id)).isEmpty();
  }

  @Test
  void listingPagesToTheEndWithoutRepeatsAndShowsOnlyItsKind() {
    String calendar = DavServer.makeCalendar("Paging", "VTODO", "VEVENT");
    try {
      Set<String> created = new HashSet<>();
      for (int i = 0; i < DavCollection.PAGE_SIZE + 3; i++) {
        created.add(data.create(customer, connection, "tasks", calendar(calendar), Map.of("summary", "Task " + i)));
      }
      String event = data.create(customer, connection, "events", calendar(calendar), Map.of("summary", "Not a task",
          "start", "2025-01-01T10:00:00Z"));
      List<String> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        RecordPage page = data.list(customer, connection, "tasks", calendar(calendar), Map.of(), cursor);
        page.records().forEach(record -> seen.add(record.id()));
        cursor = page.cursor();
        pages++;
      } while (cursor != null);
      assertThat(pages).isEqualTo(2);
      assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created).doesNotContain(event);
      assertThat(data.list(customer, connection, "events", calendar(calendar), Map.of(), null).records())
          .extracting(DataRecord::id).containsExactly(event);
    } finally {
      DavServer.remove(calendar);
    }
  }

  @Test
  void searchFindsTasksBySummaryAndContactsByEmail() {
    String word = "zebra" + UUID.randomUUID().toString().substring(0, 8);
    String task = data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "Feed the " + word.toUpperCase()));
    data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "Something else"));
    assertThat(data.search(customer, connection, "tasks", calendar(tasksCalendar), word, null).records())
        .extracting(DataRecord::id).containsExactly(task);

    String contact = data.create(customer, connection, "contacts", book(), Map.of("fullName", "Zed",
        "emails", List.of(Map.of("value", word + "@example.org"))));
    data.create(customer, connection, "contacts", book(), Map.of("fullName", "Other"));
    assertThat(data.search(customer, connection, "contacts", book(), word, null).records())
        .extracting(DataRecord::id).containsExactly(contact);
  }

  @Test
  void matchFindsARecordByItsUid() {
    String id = data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "Matched"));
    String uid = id.substring(0, id.length() - ".ics".length());
    DataCollection tasks = collection("tasks");

    assertThat(tasks.match(context("tasks", calendar(tasksCalendar)), Map.of("uid", uid))).get()
        .extracting(DataRecord::id).isEqualTo(id);
    assertThat(tasks.match(context("tasks", calendar(tasksCalendar)), Map.of("uid", uid.substring(0, 8)))).isEmpty();
  }

  @Test
  void anUpdateOverAVersionChangedElsewhereIsAConflictAndOverwritesNothing() {
    String id = data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "Original"));
    DataRecord read = data.findById(customer, connection, "tasks", calendar(tasksCalendar), id).orElseThrow();
    String uid = (String) read.fields().get("uid");
    DavServer.put(tasksCalendar + id, "text/calendar", DavServer.vtodo(uid, "Changed by another client"));

    assertThatThrownBy(() -> data.update(customer, connection, "tasks", calendar(tasksCalendar), id,
        Map.of("summary", "Changed by us", "etag", read.fields().get("etag"))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("was changed by someone else").hasMessageContaining("nothing was written");

    assertThat(DavServer.get(tasksCalendar + id)).contains("SUMMARY:Changed by another client").doesNotContain("Changed by us");
    assertThat(data.findById(customer, connection, "tasks", calendar(tasksCalendar), id).orElseThrow().fields())
        .containsEntry("summary", "Changed by another client");
  }

  @Test
  void aDeleteOrCreateWhosePreconditionFailsIsAConflictAndChangesNothing() {
    String id = data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "Keep me"));
    String href = tasksCalendar + id;
    String staleEtag = (String) data.findById(customer, connection, "tasks", calendar(tasksCalendar), id).orElseThrow().fields().get("etag");
    DavServer.put(href, "text/calendar", DavServer.vtodo(id.replace(".ics", ""), "Changed by another client"));
    DavClient client = new DavClient(context("tasks", calendar(tasksCalendar)));

    assertThatThrownBy(() -> client.delete(href, staleEtag))
        .isInstanceOf(ConflictException.class).hasMessageContaining("nothing was deleted");
    assertThat(DavServer.get(href)).contains("SUMMARY:Changed by another client");

    assertThatThrownBy(() -> client.put(href, DavServer.vtodo("other", "Overwrite"), "text/calendar", null))
        .isInstanceOf(ConflictException.class).hasMessageContaining("already has a resource");
    assertThat(DavServer.get(href)).contains("SUMMARY:Changed by another client");

    data.delete(customer, connection, "tasks", calendar(tasksCalendar), id);
    assertThat(DavServer.send("GET", href, Map.of(), null, 0).statusCode()).isEqualTo(404);
  }

  @Test
  void syncCollectionReportsCreatedUpdatedAndDeletedRecordsOfItsKind() {
    String calendar = DavServer.makeCalendar("Sync", "VTODO", "VEVENT");
    try {
      String before = data.create(customer, connection, "tasks", calendar(calendar), Map.of("summary", "Before"));
      String gone = data.create(customer, connection, "tasks", calendar(calendar), Map.of("summary", "To delete"));
      CustomPullEvents events = collection("tasks").customPullEvents().orElseThrow();
      ConnectorContext context = context("tasks", calendar(calendar));
      String state = events.currentState(context);

      CustomPullEvents.Batch nothing = events.pull(context, state);
      assertThat(nothing.events()).isEmpty();

      String created = data.create(customer, connection, "tasks", calendar(calendar), Map.of("summary", "After"));
      data.update(customer, connection, "tasks", calendar(calendar), before, Map.of("summary", "Before, changed"));
      data.delete(customer, connection, "tasks", calendar(calendar), gone);
      String event = data.create(customer, connection, "events", calendar(calendar), Map.of("summary", "An event",
          "start", "2025-01-01T10:00:00Z"));

      CustomPullEvents.Batch batch = events.pull(context, nothing.state());
      assertThat(batch.hasMore()).isFalse();
      assertThat(batch.events()).extracting(ChangeEvent::operation, ChangeEvent::recordId).containsExactlyInAnyOrder(
          tuple(ChangeEvent.Operation.CREATED, created),
          tuple(ChangeEvent.Operation.UPDATED, before),
          tuple(ChangeEvent.Operation.DELETED, gone));
      assertThat(batch.events()).filteredOn(change -> change.operation() == ChangeEvent.Operation.UPDATED).singleElement()
          .satisfies(change -> assertThat(change.record().fields()).containsEntry("summary", "Before, changed"));

      data.update(customer, connection, "tasks", calendar(calendar), created, Map.of("summary", "After, changed"));
      data.delete(customer, connection, "events", calendar(calendar), event);
      assertThat(events.pull(context, batch.state()).events()).extracting(ChangeEvent::operation, ChangeEvent::recordId)
          .containsExactly(tuple(ChangeEvent.Operation.UPDATED, created));
    } finally {
      DavServer.remove(calendar);
    }
  }

  @Test
  void syncCollectionReportsContactChanges() {
    String book = DavServer.makeAddressBook("Sync");
    try {
      String before = data.create(customer, connection, "contacts", Map.of("addressBookHref", book), Map.of("fullName", "Before"));
      CustomPullEvents events = collection("contacts").customPullEvents().orElseThrow();
      ConnectorContext context = context("contacts", Map.of("addressBookHref", book));
      String state = events.currentState(context);

      String created = data.create(customer, connection, "contacts", Map.of("addressBookHref", book), Map.of("fullName", "After"));
      data.delete(customer, connection, "contacts", Map.of("addressBookHref", book), before);

      assertThat(events.pull(context, state).events()).extracting(ChangeEvent::operation, ChangeEvent::recordId)
          .containsExactlyInAnyOrder(tuple(ChangeEvent.Operation.CREATED, created),
              tuple(ChangeEvent.Operation.DELETED, before));
    } finally {
      DavServer.remove(book);
    }
  }

  @Test
  void aTokenTheServerNoLongerAcceptsStartsOverFromItsMembers() {
    String calendar = DavServer.makeCalendar("Resync", "VTODO");
    try {
      String kept = data.create(customer, connection, "tasks", calendar(calendar), Map.of("summary", "Kept"));
      CustomPullEvents events = collection("tasks").customPullEvents().orElseThrow();
      ConnectorContext context = context("tasks", calendar(calendar));
      String state = events.currentState(context);
      String[] lines = state.split("\n");
      String forged = lines[0] + "\nhttp://radicale.org/ns/sync/0000000000000000000000000000000000000000\n" + kept + "\nvanished.ics";
      String added = data.create(customer, connection, "tasks", calendar(calendar), Map.of("summary", "Added"));

      CustomPullEvents.Batch batch = events.pull(context, forged);

      assertThat(batch.events()).extracting(ChangeEvent::operation, ChangeEvent::recordId).containsExactlyInAnyOrder(
          tuple(ChangeEvent.Operation.CREATED, added),
          tuple(ChangeEvent.Operation.DELETED, "vanished.ics"));
      assertThat(events.pull(context, batch.state()).events()).isEmpty();
    } finally {
      DavServer.remove(calendar);
    }
  }

  @Test
  void recordsCarryUnifiedFields() {
    String id = data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "Unified",
        "description", "Both ways", "due", "2025-06-01T12:00:00Z", "priority", 3));
    DataRecord task = data.findById(customer, connection, "tasks", calendar(tasksCalendar), id, "tasks").orElseThrow();
    assertThat(task.unifiedFields()).containsEntry("subject", "Unified").containsEntry("content", "Both ways")
        .containsEntry("dueTime", "2025-06-01T12:00:00Z").containsEntry("priority", "3");

    String contact = data.create(customer, connection, "contacts", book(), Map.of("fullName", "Ann Example",
        "emails", List.of(Map.of("value", "ann@example.org")), "organization", "ACME"));
    DataRecord unified = data.findById(customer, connection, "contacts", book(), contact, "contacts").orElseThrow();
    assertThat(unified.unifiedFields()).containsEntry("fullName", "Ann Example").containsEntry("primaryEmail", "ann@example.org")
        .containsEntry("companyName", "ACME").containsEntry("firstName", "Ann").containsEntry("lastName", "Example");
  }

  @Test
  void badValuesAreRefusedWithTheRuleAndWrongCredentialsAreReported() {
    assertThatThrownBy(() -> data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "x", "due", "tomorrow")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Invalid due \"tomorrow\": must be an ISO 8601 date-time with an offset (2025-03-01T10:00:00Z) or a date"
            + " (2025-03-01) for a whole day.");
    assertThatThrownBy(() -> data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("summary", "x", "priority", 12)))
        .hasMessageContaining("priority");
    assertThatThrownBy(() -> data.create(customer, connection, "tasks", calendar(tasksCalendar), Map.of("status", "DONE")))
        .hasMessage("Invalid status \"DONE\": must be one of CANCELLED, COMPLETED, IN-PROCESS, NEEDS-ACTION.");

    try (TestEngine wrong = TestEngine.connect("dav", Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true),
        Map.of("username", DavServer.USER, "password", "not-the-password"), Map.of("serverUrl", DavServer.URL), null)) {
      assertThatThrownBy(() -> wrong.data().list(wrong.customer(), wrong.connection(), "tasks", calendar(tasksCalendar), Map.of(), null))
          .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
          .hasMessageNotContaining("not-the-password");
    }
  }
}
