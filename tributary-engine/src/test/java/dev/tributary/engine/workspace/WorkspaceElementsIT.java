package dev.tributary.engine.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.testing.RawRows;
import dev.tributary.engine.testing.TestDatabase;
import dev.tributary.error.AccessDeniedException;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Customers, integrations and connections on both databases. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class WorkspaceElementsIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  Tributary tributary;
  Caller admin;

  @BeforeEach
  void open() {
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh())
        .encryptionKeys(KeySet.of(EncryptionKey.generate())).build();
    admin = Caller.admin(tributary.bootstrap().workspace().id());
  }

  @AfterEach
  void close() {
    tributary.close();
  }

  private Caller customer(String internalId) {
    return Caller.customer(admin.workspaceId(),
        tributary.customers().identify(admin.workspaceId(), internalId, null, null).id());
  }

  private Integration jira() {
    return tributary.integrations().create(admin,
        new IntegrationInput("jira", "Jira", "jira", "1.0.0", Map.of("clientSecret", "integration-secret-42")));
  }

  private Connection connect(Caller customer, String integration, String apiKey) {
    return tributary.connections().create(customer,
        new ConnectionInput(integration, null, null, null, Map.of("apiKey", apiKey), Map.of("site", "acme"), null));
  }

  @Test
  void identifyCreatesTheCustomerOnceAndStoresTokenNameAndFields() {
    Customer first = tributary.customers().identify(admin.workspaceId(), "cust-1", "Ann", Map.of("plan", "pro"));
    Customer again = tributary.customers().identify(admin.workspaceId(), "cust-1", "Ann B.", null);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.name()).isEqualTo("Ann B.");
    assertThat(again.fields()).containsEntry("plan", "pro");
    assertThat(tributary.customers().list(admin, PageRequest.first(10)).items()).hasSize(1);
  }

  @Test
  void identifyIsSafeWhenTwoFirstRequestsOfOneCustomerRace() throws Exception {
    try (var executor = Executors.newFixedThreadPool(4)) {
      List<Callable<String>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(() -> tributary.customers().identify(admin.workspaceId(), "racer", null, null).id());
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> future : executor.invokeAll(calls)) {
        ids.add(future.get());
      }
      assertThat(ids).containsOnly(ids.getFirst());
    }
  }

  @Test
  void listPagesFollowTheCursorWithoutGapsOrRepeats() {
    for (int i = 0; i < 7; i++) {
      tributary.customers().create(admin, new CustomerInput("c" + i, null, null));
    }
    List<String> seen = new ArrayList<>();
    Page<Customer> page = tributary.customers().list(admin, PageRequest.first(3));
    seen.addAll(page.items().stream().map(Customer::internalId).toList());
    while (page.cursor() != null) {
      page = tributary.customers().list(admin, PageRequest.parse("3", page.cursor()));
      seen.addAll(page.items().stream().map(Customer::internalId).toList());
    }
    assertThat(seen).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6");
  }

  @Test
  void createCustomerWithTakenInternalIdIsAConflict() {
    tributary.customers().create(admin, new CustomerInput("dup", null, null));

    assertThatThrownBy(() -> tributary.customers().create(admin, new CustomerInput("dup", null, null)))
        .isInstanceOf(ConflictException.class)
        .hasMessage("A customer with internalId \"dup\" already exists. Update it with PATCH /customers/dup instead.");
  }

  @Test
  void aCustomerSeesOnlyItselfAndAnotherCustomerIsNotFound() {
    Caller ann = customer("ann");
    customer("bob");

    assertThat(tributary.customers().list(ann, PageRequest.first(10)).items())
        .extracting(Customer::internalId).containsExactly("ann");
    assertThatThrownBy(() -> tributary.customers().get(ann, "bob")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void integrationIsFoundByIdOrKeyAndItsKeyIsUnique() {
    Integration jira = jira();

    assertThat(tributary.integrations().get(admin, "jira").id()).isEqualTo(jira.id());
    assertThat(tributary.integrations().get(admin, jira.id()).key()).isEqualTo("jira");
    assertThatThrownBy(this::jira).isInstanceOf(ConflictException.class)
        .hasMessageContaining("The integration key \"jira\" is already taken");
  }

  @Test
  void integrationParametersAreReadableByAdminsOnlyAndNotStoredInPlaintext() {
    jira();

    assertThat(tributary.integrations().parameters(admin, "jira")).containsEntry("clientSecret", "integration-secret-42");
    assertThatThrownBy(() -> tributary.integrations().parameters(customer("ann"), "jira"))
        .isInstanceOf(AccessDeniedException.class);
    assertThat(RawRows.dump(tributary.database(), "integrations")).doesNotContain("integration-secret-42");
  }

  @Test
  void connectionCredentialsAreEncryptedAtRest() {
    jira();
    Connection connection = connect(customer("ann"), "jira", "ann-api-key-7c1f");

    assertThat(tributary.connections().secrets(admin, connection.id()).credentials())
        .containsEntry("apiKey", "ann-api-key-7c1f");
    String raw = RawRows.dump(tributary.database(), "connections");
    assertThat(raw).doesNotContain("ann-api-key-7c1f").doesNotContain("apiKey").doesNotContain("acme");
    assertThat(RawRows.dump(tributary.database(), "workspaces"))
        .doesNotContain(tributary.workspaces().credentialsByKey(tributary.bootstrap().workspace().key()).orElseThrow().secret());
  }

  @Test
  void anotherCustomersConnectionIsNotFoundByIdKeyOrList() {
    jira();
    Caller ann = customer("ann");
    Caller bob = customer("bob");
    Connection annConnection = connect(ann, "jira", "k1");

    assertThatThrownBy(() -> tributary.connections().get(bob, annConnection.id()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("No connection \"" + annConnection.id() + "\" in this workspace. List connections with GET /connections.");
    assertThatThrownBy(() -> tributary.connections().get(bob, "jira")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> tributary.connections().archive(bob, annConnection.id())).isInstanceOf(NotFoundException.class);
    assertThat(tributary.connections().list(bob, ConnectionService.Filter.ALL, PageRequest.first(10)).items()).isEmpty();
    assertThat(tributary.connections().get(ann, "jira").id()).isEqualTo(annConnection.id());
  }

  /** A connection is read by its id alone and then checked: the caller's workspace, and not archived. */
  @Test
  void aConnectionIsFoundByIdOnlyInItsWorkspaceAndUntilArchived() {
    jira();
    Connection connection = connect(customer("ann"), "jira", "k1");
    Caller adminOfAnotherWorkspace = Caller.admin("01a2d3ad-0000-7000-8000-00000000beef");

    assertThatThrownBy(() -> tributary.connections().get(adminOfAnotherWorkspace, connection.id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(tributary.connections().get(admin, connection.id()).id()).isEqualTo(connection.id());
    tributary.connections().archive(admin, connection.id());
    assertThatThrownBy(() -> tributary.connections().get(admin, connection.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void adminMustSayWhoseConnectionItCreates() {
    jira();
    assertThatThrownBy(() -> tributary.connections().create(admin,
            new ConnectionInput("jira", null, null, null, Map.of(), Map.of(), null)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("pass \"customerId\"");

    customer("ann");
    Connection created = tributary.connections().create(admin,
        new ConnectionInput("jira", "ann", "Ann's Jira", null, Map.of("apiKey", "x"), null, true));
    assertThat(created.name()).isEqualTo("Ann's Jira");
    assertThat(created.isTest()).isTrue();
  }

  @Test
  void patchKeepsCredentialsThatPutResets() {
    jira();
    Caller ann = customer("ann");
    Connection connection = connect(ann, "jira", "keep-me");

    tributary.connections().update(ann, connection.id(), new ConnectionInput(null, null, "Renamed", null, null, null, null), false);
    assertThat(tributary.connections().secrets(admin, connection.id()).credentials()).containsEntry("apiKey", "keep-me");

    Connection replaced = tributary.connections().update(ann, connection.id(),
        new ConnectionInput(null, null, null, null, null, null, null), true);
    assertThat(replaced.name()).isEqualTo("Jira");
    assertThat(tributary.connections().secrets(admin, connection.id()).credentials()).isEmpty();
  }

  @Test
  void archivingAnIntegrationArchivesItsConnectionsAndFreesItsKey() {
    jira();
    Caller ann = customer("ann");
    Connection connection = connect(ann, "jira", "k");

    tributary.integrations().archive(admin, "jira");

    assertThatThrownBy(() -> tributary.connections().get(ann, connection.id())).isInstanceOf(NotFoundException.class);
    assertThat(jira().key()).isEqualTo("jira");
  }

  @Test
  void aFailedTransactionLeavesNothingWrittenIncludingWhatServicesWroteInsideIt() {
    assertThatThrownBy(() -> tributary.database().inTransaction(handle -> {
      // Services called inside a transaction join it (Jdbi reuses the thread's handle).
      tributary.customers().identify(admin.workspaceId(), "first-write", null, null);
      handle.createUpdate("insert into customers (id, workspace_id, internal_id, name, fields, created_at, updated_at)"
              + " values ('x1', :ws, 'second-write', 'Second', '{}', current_timestamp, current_timestamp)")
          .bind("ws", admin.workspaceId()).execute();
      throw new IllegalStateException("third write failed");
    })).hasMessage("third write failed");

    assertThat(tributary.customers().list(admin, PageRequest.first(10)).items()).isEmpty();
  }

  @Test
  void archivingACustomerArchivesItsConnectionsInOneTransaction() {
    jira();
    Caller ann = customer("ann");
    connect(ann, "jira", "k1");
    connect(ann, "jira", "k2");

    tributary.customers().archive(admin, "ann");

    assertThat(tributary.connections().list(admin, ConnectionService.Filter.ALL, PageRequest.first(10)).items()).isEmpty();
    assertThatThrownBy(() -> tributary.customers().get(admin, "ann")).isInstanceOf(NotFoundException.class);
  }
}
