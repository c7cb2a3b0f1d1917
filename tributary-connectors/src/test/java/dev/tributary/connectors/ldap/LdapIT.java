package dev.tributary.connectors.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.RecordPage;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.testing.TestEngine;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.error.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The LDAP connector against the slapd of the test command (scripts/services.sh), in an
 * organizational unit of its own: every method of users and groups, renames, paging over several
 * pages, hostile filter values, the directory's refusals and the newest-first listing of changes.
 */
class LdapIT {

  static TestDirectory directory;
  static TestEngine engine;
  static Tributary tributary;
  static ConnectionData data;
  static Caller customer;
  static String connection;

  @BeforeAll
  static void connect() {
    directory = new TestDirectory();
    engine = directory.connect();
    tributary = engine.tributary();
    data = engine.data();
    customer = engine.customer();
    connection = engine.connection();
  }

  @AfterAll
  static void cleanUp() throws Exception {
    tributary.close();
    directory.close();
  }

  static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  static String createUser(String userName, Map<String, Object> more) {
    Map<String, Object> fields = new java.util.HashMap<>(Map.of("userName", userName, "lastName", "Example"));
    fields.putAll(more);
    return data.create(customer, connection, "users", Map.of(), fields);
  }

  static DataRecord user(String id) {
    return data.findById(customer, connection, "users", Map.of(), id).orElseThrow();
  }

  static List<DataRecord> listAll(String collection, Map<String, Object> filter) {
    List<DataRecord> records = new ArrayList<>();
    String cursor = null;
    do {
      RecordPage page = data.list(customer, connection, collection, Map.of(), filter, cursor);
      records.addAll(page.records());
      cursor = page.cursor();
    } while (cursor != null);
    return records;
  }

  @Test
  void userGoesThroughCreateFindMatchUpdateAndDelete() throws Exception {
    String name = "ann-" + suffix();
    Instant before = Instant.now().minusSeconds(5);
    String id = createUser(name, Map.of("firstName", "Ann", "email", name + "@example.org", "title", "Buyer", "phone", "+49 30 1234"));

    DataRecord created = user(id);
    assertThat(created.id()).isEqualTo(id).matches(Ids::isEntryUuid);
    assertThat(created.name()).isEqualTo("Ann Example");
    assertThat(created.fields()).containsEntry("userName", name).containsEntry("firstName", "Ann")
        .containsEntry("lastName", "Example").containsEntry("fullName", "Ann Example").containsEntry("email", name + "@example.org")
        .containsEntry("title", "Buyer").containsEntry("phone", "+49 30 1234")
        .containsEntry("dn", "uid=" + name + "," + directory.usersDn);
    assertThat(created.createdTime()).isAfter(before);
    assertThat(created.updatedTime()).isAfterOrEqualTo(created.createdTime());
    assertThat(created.rawFields()).containsEntry("entryUUID", id);
    assertThat(directory.entries(directory.usersDn, "(uid=" + name + ")")).singleElement()
        .satisfies(entry -> assertThat(entry.getObjectClassValues()).contains("inetOrgPerson"));

    assertThat(data.match(customer, connection, "users", Map.of(), Map.of("email", name + "@example.org")))
        .get().extracting(DataRecord::id).isEqualTo(id);
    assertThat(data.match(customer, connection, "users", Map.of(), Map.of("userName", name))).get().extracting(DataRecord::id).isEqualTo(id);
    assertThat(data.match(customer, connection, "users", Map.of(), Map.of("userName", "nobody-" + suffix()))).isEmpty();

    Map<String, Object> change = new java.util.HashMap<>();
    change.put("title", "Head of buying");
    change.put("phone", null);
    data.update(customer, connection, "users", Map.of(), id, change);
    assertThat(user(id).fields()).containsEntry("title", "Head of buying").doesNotContainKey("phone").containsEntry("firstName", "Ann");

    data.delete(customer, connection, "users", Map.of(), id);
    assertThat(data.findById(customer, connection, "users", Map.of(), id)).isEmpty();
    data.delete(customer, connection, "users", Map.of(), id); // already gone: not an error
  }

  @Test
  void changingTheUserNameRenamesTheEntryAndKeepsTheId() throws Exception {
    String name = "bob-" + suffix();
    String id = createUser(name, Map.of());

    data.update(customer, connection, "users", Map.of(), id, Map.of("userName", name + "-new", "title", "Renamed"));

    DataRecord renamed = user(id);
    assertThat(renamed.fields()).containsEntry("userName", name + "-new").containsEntry("title", "Renamed")
        .containsEntry("dn", "uid=" + name + "-new," + directory.usersDn);
    assertThat(directory.entries(directory.usersDn, "(uid=" + name + ")")).isEmpty();
  }

  @Test
  void groupMembersAreGivenByUserIdOrDnAndReadAsDns() {
    String annId = createUser("gm-ann-" + suffix(), Map.of());
    String bobId = createUser("gm-bob-" + suffix(), Map.of());
    String annDn = user(annId).fields().get("dn").toString();
    String bobDn = user(bobId).fields().get("dn").toString();
    String name = "sales-" + suffix();

    String group = data.create(customer, connection, "groups", Map.of(), Map.of("name", name, "members", List.of(annId, bobDn)));

    DataRecord created = data.findById(customer, connection, "groups", Map.of(), group).orElseThrow();
    assertThat(created.name()).isEqualTo(name);
    assertThat(created.fields()).containsEntry("members", List.of(annDn, bobDn))
        .containsEntry("dn", "cn=" + name + "," + directory.groupsDn);
    assertThat(data.match(customer, connection, "groups", Map.of(), Map.of("name", name))).get().extracting(DataRecord::id).isEqualTo(group);

    data.update(customer, connection, "groups", Map.of(), group, Map.of("members", List.of(bobId), "name", name + "-renamed"));
    DataRecord updated = data.findById(customer, connection, "groups", Map.of(), group).orElseThrow();
    assertThat(updated.fields()).containsEntry("members", List.of(bobDn)).containsEntry("name", name + "-renamed");

    assertThatThrownBy(() -> data.update(customer, connection, "groups", Map.of(), group, Map.of("members", List.of())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("A groupOfNames needs at least one member (the directory's schema requires it). Keep one member, or"
            + " delete the group.");
    String unknown = UUID.randomUUID().toString();
    assertThatThrownBy(() -> data.update(customer, connection, "groups", Map.of(), group, Map.of("members", List.of(unknown))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("No user has the id \"" + unknown + "\" under " + directory.usersDn + ". Name members by a user record's id or by DN.");
    data.delete(customer, connection, "groups", Map.of(), group);
    assertThat(data.findById(customer, connection, "groups", Map.of(), group)).isEmpty();
  }

  @Test
  void listingPagesOverSeveralPagesWithTheCookieAsCursor() {
    String title = "Paged " + suffix();
    Set<String> created = new HashSet<>();
    for (int i = 0; i < 250; i++) {
      created.add(createUser("page-" + i + "-" + suffix(), Map.of("title", title)));
    }
    List<String> seen = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      RecordPage page = data.list(customer, connection, "users", Map.of(), Map.of("title", title), cursor);
      page.records().forEach(record -> seen.add(record.id()));
      sizes.add(page.records().size());
      cursor = page.cursor();
    } while (cursor != null);

    assertThat(sizes).containsExactly(100, 100, 50);
    assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    for (String id : created) {
      data.delete(customer, connection, "users", Map.of(), id);
    }
  }

  @Test
  void aCursorContinuesOnlyItsOwnListing() {
    String title = "Cursor " + suffix();
    for (int i = 0; i < 101; i++) {
      createUser("cur-" + i + "-" + suffix(), Map.of("title", title));
    }
    String cursor = data.list(customer, connection, "users", Map.of(), Map.of("title", title), null).cursor();
    assertThat(cursor).isNotNull();

    assertThatThrownBy(() -> data.list(customer, connection, "users", Map.of(), Map.of("title", "Other"), cursor))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
        .hasMessage("The cursor \"" + cursor + "\" does not continue a listing in progress: LDAP paged listings live on one"
            + " connection and end after 10 idle minutes, or when the filter changes. Start the listing again without a cursor.");
    assertThat(data.list(customer, connection, "users", Map.of(), Map.of("title", title), cursor).records()).hasSize(1);
  }

  @Test
  void aListingClosesItsConnectionAtTheEndOrWhenLeftIdle() {
    String title = "Idle " + suffix();
    for (int i = 0; i < 5; i++) {
      createUser("idle-" + i + "-" + suffix(), Map.of("title", title));
    }
    LdapSettings settings = LdapSettings.from(data.context(customer, connection, "users", Map.of()));
    var filter = LdapFilters.and(LdapFilters.ofClass("inetOrgPerson"),
        List.of(com.unboundid.ldap.sdk.Filter.createEqualityFilter("title", title)));
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    PagedListings listings = new PagedListings(clock, 2);

    List<Integer> sizes = new ArrayList<>();
    String cursor = null;
    do {
      PagedListings.Page page = listings.page(settings, directory.usersDn, filter, cursor);
      sizes.add(page.entries().size());
      cursor = page.cursor();
    } while (cursor != null);
    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(listings.open()).isZero();

    String left = listings.page(settings, directory.usersDn, filter, null).cursor();
    assertThat(listings.open()).isOne();
    clock.now = clock.now.plus(PagedListings.IDLE_LIMIT).plusSeconds(1);
    assertThatThrownBy(() -> listings.page(settings, directory.usersDn, filter, left))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("does not continue a listing in progress");
    assertThat(listings.open()).isZero();
  }

  static final class MutableClock extends Clock {
    Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void hostileFilterValuesAreComparedAsLiterals() {
    String hostile = "a*(b)\\c";
    String literal = createUser("hostile-" + suffix(), Map.of("title", hostile));
    String plain = createUser("plain-" + suffix(), Map.of("title", "abc"));

    assertThat(listAll("users", Map.of("title", hostile))).extracting(DataRecord::id).containsExactly(literal);
    assertThat(listAll("users", Map.of("title", "*"))).isEmpty();
    assertThat(listAll("users", Map.of("title", "abc)(uid=*"))).isEmpty();
    assertThat(listAll("users", Map.of("title", "abc\u0000"))).isEmpty();
    assertThat(data.match(customer, connection, "users", Map.of(), Map.of("userName", "*"))).isEmpty();
    assertThat(data.search(customer, connection, "users", Map.of(), "*(b)", null).records()).extracting(DataRecord::id).isEmpty();
    assertThat(listAll("users", Map.of("title", "abc"))).extracting(DataRecord::id).containsExactly(plain);
  }

  @Test
  void searchFindsUsersByPartOfTheirNamesOrEmail() {
    String word = "zebra" + suffix();
    String id = createUser("s-" + suffix(), Map.of("email", word + "@example.org"));
    createUser("s-other-" + suffix(), Map.of());

    assertThat(data.search(customer, connection, "users", Map.of(), word, null).records()).extracting(DataRecord::id).containsExactly(id);
  }

  @Test
  void theDirectorysRefusalsAreClearErrors() {
    String name = "dup-" + suffix();
    String id = createUser(name, Map.of());

    assertThatThrownBy(() -> createUser(name, Map.of()))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
        .hasMessage("The directory refused creating uid=" + name + "," + directory.usersDn + " (entry already exists, result"
            + " code 68). An entry with that name exists already: choose another name, or update the existing record.");
    Map<String, Object> noLastName = new java.util.HashMap<>();
    noLastName.put("lastName", null);
    assertThatThrownBy(() -> data.update(customer, connection, "users", Map.of(), id, noLastName))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
        .hasMessageStartingWith("The directory refused modifying uid=" + name + "," + directory.usersDn + " (object class violation,"
            + " result code 65: object class 'inetOrgPerson' requires attribute 'sn')");
    String unknown = UUID.randomUUID().toString();
    assertThatThrownBy(() -> data.update(customer, connection, "users", Map.of(), unknown, Map.of("title", "x")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
        .hasMessage("The directory at " + TestDirectory.URL + " has no record \"" + unknown + "\" in users. Record ids are"
            + " entryUUIDs; list the collection to find the right one.");
  }

  @Test
  void aRejectedBindAsksToReconnectWithoutShowingThePassword() {
    String wrong = "wrong-" + suffix();
    try (TestEngine other = TestEngine.connect(LdapConnector.KEY, Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true),
        Map.of("bindDn", TestDirectory.BIND_DN, "password", wrong), directory.connectionParameters(), null)) {
      assertThatThrownBy(() -> other.data().list(other.customer(), other.connection(), "users", Map.of(), Map.of(), null))
          .isInstanceOfSatisfying(ConnectorException.class,
              e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
          .hasMessage("The directory at " + TestDirectory.URL + " rejected the bind as \"" + TestDirectory.BIND_DN + "\" (invalid"
              + " credentials, result code 49). Check the connection's bind DN and password and connect again.")
          .message().doesNotContain(wrong);
      Connection state = other.tributary().connections().get(other.customer(), other.connection());
      assertThat(state.state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);
    }
  }

  @Test
  void aMissingContainerIsReportedAsNoSuchObject() {
    try (TestEngine other = TestEngine.connect(LdapConnector.KEY, Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true),
        Map.of("bindDn", TestDirectory.BIND_DN, "password", TestDirectory.PASSWORD),
        Map.of("url", TestDirectory.URL, "baseDn", TestDirectory.BASE_DN, "usersDn", "ou=missing," + directory.unitDn), null)) {
      assertThatThrownBy(() -> other.data().list(other.customer(), other.connection(), "users", Map.of(), Map.of(), null))
          .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
          .hasMessageStartingWith("The directory has no entry for listing (objectClass=inetOrgPerson) under ou=missing,"
              + directory.unitDn + " (no such object, result code 32");
    }
  }

  @Test
  void pullLatestGivesTheMostRecentlyChangedUsersFirst() throws Exception {
    String older = createUser("late-a-" + suffix(), Map.of());
    String newer = createUser("late-b-" + suffix(), Map.of());
    Instant newerTime = user(newer).updatedTime();
    // modifyTimestamp has a resolution of one second: change the older entry once the directory's clock has moved on.
    String probe = user(older).fields().get("dn").toString();
    await("the directory's clock to pass " + newerTime).atMost(Duration.ofSeconds(5)).until(() -> {
      touch(probe);
      return user(older).updatedTime().isAfter(newerTime);
    });

    RecordPage first = pullLatest(null);
    List<String> ids = first.records().stream().map(DataRecord::id).toList();
    assertThat(ids).contains(older, newer);
    assertThat(ids.indexOf(older)).isLessThan(ids.indexOf(newer));
    assertThat(first.records()).extracting(DataRecord::updatedTime).isSortedAccordingTo(Comparator.reverseOrder());
  }

  @Test
  void pullLatestPagesBackInTimeThroughEveryUserOnce() throws Exception {
    for (int i = 0; i < 12; i++) {
      createUser("window-" + i + "-" + suffix(), Map.of());
    }
    ConnectorContext context = data.context(customer, connection, "users", Map.of());
    LatestRecords latest = new LatestRecords(new UserMapping(), 5, Clock.systemUTC());
    List<DataRecord> pulled = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      RecordPage page = latest.page(LdapSettings.from(context), cursor);
      pulled.addAll(page.records());
      cursor = page.cursor();
      pages++;
    } while (cursor != null && pages < 100);

    assertThat(cursor).isNull();
    assertThat(pulled).extracting(DataRecord::id).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(listAll("users", Map.of()).stream().map(DataRecord::id).toList());
    assertThat(pulled).extracting(DataRecord::updatedTime).isSortedAccordingTo(Comparator.reverseOrder());
  }

  private static RecordPage pullLatest(@Nullable String cursor) {
    DataCollection users = (DataCollection) tributary.connectors().require(LdapConnector.KEY).location("users").orElseThrow();
    return users.pullLatestRecords().orElseThrow().pullLatest(data.context(customer, connection, "users", Map.of()), cursor);
  }

  private static void touch(String dn) throws Exception {
    try (LDAPConnection admin = TestDirectory.admin()) {
      admin.modify(dn, new Modification(ModificationType.REPLACE, "description", "touched " + System.nanoTime()));
    }
  }
}
