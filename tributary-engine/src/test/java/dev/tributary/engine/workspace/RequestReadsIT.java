package dev.tributary.engine.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.store.RequestReads;
import dev.tributary.engine.testing.TestDatabase;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Connections and integrations read within one request ({@link RequestReads}) on both databases:
 * read once, read again after the request's own write, and never carried into the next request.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
class RequestReadsIT {

  @Parameter TestDatabase database;
  @TempDir Path dataDir;

  Tributary tributary;
  Caller admin;
  Caller customer;
  Connection connection;
  final ExecutorService otherRequest = Executors.newSingleThreadExecutor();

  @BeforeEach
  void open() {
    tributary = Tributary.builder().dataDir(dataDir).database(database.fresh())
        .encryptionKeys(KeySet.of(EncryptionKey.generate())).build();
    admin = Caller.admin(tributary.bootstrap().workspace().id());
    customer = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), "c", null, null).id());
    tributary.integrations().create(admin, new IntegrationInput("jira", "Jira", "jira", "1.0.0", Map.of("clientId", "first")));
    connection = tributary.connections().create(customer,
        new ConnectionInput("jira", null, "First", null, Map.of("apiKey", "first"), Map.of(), null));
  }

  @AfterEach
  void close() {
    otherRequest.close();
    tributary.close();
  }

  private RequestReads.Span request() {
    return tributary.database().reads().open();
  }

  private void changeConnection(String value) {
    tributary.connections().update(customer, connection.id(),
        new ConnectionInput(null, null, value, null, Map.of("apiKey", value), null, null), false);
  }

  /** A change made meanwhile by another request (another thread; it could be another server). */
  private void changeConnectionInAnotherRequest(String value) throws Exception {
    otherRequest.submit(() -> changeConnection(value)).get();
  }

  @Test
  void aRequestReadsWhatItChangedItself() {
    try (RequestReads.Span span = request()) {
      tributary.connections().get(customer, connection.id());
      tributary.connections().secretsOf(connection);
      tributary.integrations().parametersOf(admin.workspaceId(), "jira");

      changeConnection("second");
      tributary.integrations().update(admin, "jira", new IntegrationInput(null, null, null, null, Map.of("clientId", "second")), false);

      assertThat(tributary.connections().get(customer, connection.id()).name()).isEqualTo("second");
      assertThat(tributary.connections().secretsOf(connection).credentials()).containsEntry("apiKey", "second");
      assertThat(tributary.integrations().parametersOf(admin.workspaceId(), "jira")).containsEntry("clientId", "second");
    }
  }

  @Test
  void aRequestKeepsWhatItReadAndTheNextRequestReadsAgain() throws Exception {
    try (RequestReads.Span span = request()) {
      tributary.connections().get(customer, connection.id());
      tributary.connections().secretsOf(connection);

      changeConnectionInAnotherRequest("second");

      assertThat(tributary.connections().get(customer, connection.id()).name()).isEqualTo("First");
      assertThat(tributary.connections().secretsOf(connection).credentials()).containsEntry("apiKey", "first");
    }
    try (RequestReads.Span span = request()) {
      assertThat(tributary.connections().get(customer, connection.id()).name()).isEqualTo("second");
      assertThat(tributary.connections().secretsOf(connection).credentials()).containsEntry("apiKey", "second");
    }
  }

  @Test
  void storedSecretsAreReadPastWhatTheRequestReadBefore() throws Exception {
    try (RequestReads.Span span = request()) {
      tributary.connections().secretsOf(connection);

      changeConnectionInAnotherRequest("renewed");

      assertThat(tributary.connections().storedSecretsOf(connection).credentials()).containsEntry("apiKey", "renewed");
    }
  }

  @Test
  void aConnectionNamedByItsIntegrationIsTheOneReadByItsId() {
    try (RequestReads.Span span = request()) {
      Connection byIntegration = tributary.connections().get(customer, "jira");

      assertThat(tributary.connections().get(customer, connection.id())).isSameAs(byIntegration);
      assertThat(tributary.connections().get(admin, connection.id())).isNotSameAs(byIntegration);
    }
  }
}
