package dev.tributary.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.connector.DataRecord;
import dev.tributary.connectors.dav.DavServer;
import dev.tributary.connectors.ldap.TestDirectory;
import dev.tributary.connectors.sql.TestDatabase;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.datasource.DataSourceInput;
import dev.tributary.engine.datasource.InstanceInput;
import dev.tributary.engine.datasource.InstanceSelector;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One engine, one customer, the apps that run here for real: a universal data source answers the
 * same client requests (create from unified fields, list as unified fields) whichever app the
 * customer connected. Tasks over Redmine and CalDAV, users over Redmine and LDAP, contacts over
 * CardDAV and a SQL table the customer mapped to the model.
 */
class UniversalDataSourcesIT {

  @TempDir static Path dataDir;
  static Tributary tributary;
  static Caller customer;
  static String redmine;
  static String dav;
  static String ldap;
  static String sql;
  static String redmineProject;
  static String calendar;
  static String addressBook;
  static TestDirectory directory;
  static TestDatabase database;
  static final List<Runnable> cleanUps = new ArrayList<>();

  static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(name + " is not set: run the test command from README.md (scripts/test.sh), which"
          + " starts the servers these tests use and sets it.");
    }
    return value;
  }

  @BeforeAll
  static void connectEveryApp() {
    tributary = Tributary.builder().dataDir(dataDir).database(dev.tributary.engine.testing.TestDatabase.H2.fresh())
        .encryptionKeys(KeySet.of(EncryptionKey.generate())).build();
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    customer = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "acme", null, null).id());
    Map<String, Object> local = Map.of(ConnectionData.ALLOW_LOCAL_NETWORK, true);
    for (String key : List.of("redmine", "dav", "ldap", "sql")) {
      tributary.integrations().create(admin, new IntegrationInput(key, null, key, null, local));
    }
    for (String model : List.of("tasks", "users", "contacts")) {
      tributary.dataSources().create(admin, new DataSourceInput(model, model, null, model, null, null, null, null));
    }

    redmine = connect("redmine", Map.of("apiKey", env("TRIBUTARY_TEST_REDMINE_API_KEY")),
        Map.of("baseUri", env("TRIBUTARY_TEST_REDMINE_URL")));
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    redmineProject = tributary.connectionData().create(customer, redmine, "projects", Map.of(),
        Map.of("name", "Universal " + suffix, "identifier", "uni-" + suffix));
    cleanUps.add(() -> tributary.connectionData().delete(customer, redmine, "projects", Map.of(), redmineProject));

    dav = connect("dav", Map.of("username", DavServer.USER, "password", DavServer.PASSWORD), Map.of("serverUrl", DavServer.URL));
    calendar = DavServer.makeCalendar("Universal tasks", "VTODO");
    addressBook = DavServer.makeAddressBook("Universal contacts");
    cleanUps.add(() -> DavServer.remove(calendar));
    cleanUps.add(() -> DavServer.remove(addressBook));

    directory = new TestDirectory();
    cleanUps.add(() -> {
      try {
        directory.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    ldap = connect("ldap", Map.of("bindDn", TestDirectory.BIND_DN, "password", TestDirectory.PASSWORD),
        directory.connectionParameters());

    database = TestDatabase.postgres();
    cleanUps.add(database::close);
    database.run("CREATE TABLE people (person_no serial PRIMARY KEY, given text, family text, mail text)");
    Map<String, Object> parameters = new LinkedHashMap<>(database.connectionParameters());
    parameters.put("udm", Map.of("contacts", Map.of("schema", database.schema, "table", "people",
        "fieldsFromCollection", Map.of("firstName", var("$.given"), "lastName", var("$.family"), "primaryEmail", var("$.mail")),
        "fieldsToCollection", Map.of("given", var("$.firstName"), "family", var("$.lastName"), "mail", var("$.primaryEmail")))));
    sql = connect("sql", database.credentials(), parameters);

    // The customer's choices: which project, calendar and address book these data sources mean.
    choose("tasks", redmine, Map.of("projectId", redmineProject));
    choose("tasks", dav, Map.of("calendarHref", calendar));
    choose("contacts", dav, Map.of("addressBookHref", addressBook));
  }

  @AfterAll
  static void cleanUp() {
    for (Runnable cleanUp : cleanUps.reversed()) {
      cleanUp.run();
    }
    tributary.close();
  }

  static Map<String, Object> var(String locator) {
    return Map.of("$var", locator);
  }

  static String connect(String integration, Map<String, Object> credentials, Map<String, Object> parameters) {
    return tributary.connections().create(customer,
        new ConnectionInput(integration, null, null, null, credentials, parameters, null)).id();
  }

  static void choose(String dataSource, String connection, Map<String, Object> parameters) {
    InstanceSelector selector = InstanceSelector.of(dataSource, connection, null);
    tributary.dataSourceInstances().create(customer, selector);
    tributary.dataSourceInstances().update(customer, selector, new InstanceInput(null, parameters, null, null, null));
  }

  /** The client's request: create a record from unified fields through the data source. */
  static String create(String dataSource, String connection, Map<String, Object> unified) {
    ResolvedCollection resolved = tributary.dataSourceInstances().resolve(customer, InstanceSelector.of(dataSource, connection, null));
    Map<String, Object> fields = tributary.connectionData().unifiedFieldsToNative(customer, connection, resolved.collectionKey(),
        resolved.collectionParameters(), resolved.udm(), unified);
    return tributary.connectionData().create(customer, connection, resolved.collectionKey(), resolved.collectionParameters(), fields);
  }

  /** The client's request: every record of the data source, as unified fields. */
  static List<Map<String, Object>> list(String dataSource, String connection) {
    ResolvedCollection resolved = tributary.dataSourceInstances().resolve(customer, InstanceSelector.of(dataSource, connection, null));
    List<Map<String, Object>> unified = new ArrayList<>();
    String cursor = null;
    do {
      var page = tributary.connectionData().list(customer, connection, resolved.collectionKey(), resolved.collectionParameters(),
          Map.of(), cursor, resolved.udm());
      page.records().stream().map(DataRecord::unifiedFields).forEach(unified::add);
      cursor = page.cursor();
    } while (cursor != null);
    return unified;
  }

  static void delete(String dataSource, String connection, String id) {
    ResolvedCollection resolved = tributary.dataSourceInstances().resolve(customer, InstanceSelector.of(dataSource, connection, null));
    tributary.connectionData().delete(customer, connection, resolved.collectionKey(), resolved.collectionParameters(), id);
  }

  @Test
  void tasksOverRedmineAndCalDav() {
    for (String connection : List.of(redmine, dav)) {
      String subject = "Call Ann " + UUID.randomUUID();
      String id = create("tasks", connection, Map.of("subject", subject));

      List<Map<String, Object>> tasks = list("tasks", connection);
      assertThat(tasks).as("tasks of %s", connection).filteredOn(task -> subject.equals(task.get("subject")))
          .singleElement().satisfies(task -> assertThat(task.get("id")).isEqualTo(id));
    }
  }

  @Test
  void usersOverRedmineAndLdap() {
    for (String connection : List.of(redmine, ldap)) {
      String userName = "uni" + UUID.randomUUID().toString().substring(0, 8);
      String id = create("users", connection, Map.of("userName", userName, "fullName", "Cy Cross", "firstName", "Cy",
          "lastName", "Cross", "primaryEmail", userName + "@example.org"));
      try {
        List<Map<String, Object>> users = list("users", connection);
        assertThat(users).as("users of %s", connection).filteredOn(user -> userName.equals(user.get("userName")))
            .singleElement().satisfies(user -> {
              assertThat(user.get("fullName")).isEqualTo("Cy Cross");
              assertThat(user.get("primaryEmail")).isEqualTo(userName + "@example.org");
            });
      } finally {
        delete("users", connection, id);
      }
    }
  }

  @Test
  void contactsOverCardDavAndASqlTable() {
    for (String connection : List.of(dav, sql)) {
      String lastName = "Cross" + UUID.randomUUID().toString().substring(0, 8);
      create("contacts", connection, Map.of("firstName", "Ada", "lastName", lastName, "fullName", "Ada " + lastName));

      List<Map<String, Object>> contacts = list("contacts", connection);
      assertThat(contacts).as("contacts of %s", connection).filteredOn(contact -> lastName.equals(contact.get("lastName")))
          .singleElement().satisfies(contact -> {
            assertThat(contact.get("firstName")).isEqualTo("Ada");
            assertThat(contact.get("fullName")).isEqualTo("Ada " + lastName);
          });
    }
  }
}
