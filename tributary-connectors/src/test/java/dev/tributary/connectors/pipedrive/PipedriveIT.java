package dev.tributary.connectors.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.engine.workspace.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Pipedrive connector on replayed Pipedrive exchanges: custom fields under their keys with
 * their names in the spec, UDM contacts, webhooks with basic credentials, and the errors and rate
 * limits Pipedrive answers.
 */
class PipedriveIT {

  private static final String TIER = "9dc80c50d78a15643bfc4ca79d76156a73a1ca0e";
  private static final String SOURCE = "c4ecbe01c5f4f9a0a3b4b2e1ad1bc4a4d5e93f21";
  private static final String PASSWORD = "0c1d2e3f405162738495a6b7c8d9eafb0c1d2e3f405162738495a6b7c8d9eafb";

  @RegisterExtension
  static final ReplayedApps app = ReplayedApps.forTestClass(PipedriveReplay.app());

  private static DataCollection persons() {
    return (DataCollection) app.tributary().connectors().require("pipedrive").location("persons").orElseThrow();
  }

  private static ConnectorContext personsContext() {
    return app.data().context(app.customer(), "pipedrive", "persons", Map.of());
  }

  @Test
  @SuppressWarnings("unchecked")
  void theAccountsCustomFieldsJoinThePersonsSpecUnderTheirKeysWithTheirNames() {
    app.serve(PipedriveReplay.fixtures("person-fields"));
    CollectionSpec spec = app.data().spec(app.customer(), "pipedrive", "persons", Map.of());

    var properties = (Map<String, Map<String, Object>>) spec.fieldsSchema().get("properties");
    assertThat(properties.get(TIER)).containsEntry("title", "Customer tier").containsEntry("type", "integer");
    assertThat(properties.get(SOURCE)).containsEntry("title", "Lead source").containsEntry("type", "string");
    assertThat(properties).doesNotContainKey("title").containsKey("name");
  }

  @Test
  void personsCarryCustomFieldValuesAndUnifiedContactFields() {
    app.serve(PipedriveReplay.fixtures("persons-page-1"));
    DataRecord anna = app.data().list(app.customer(), "pipedrive", "persons", Map.of(), Map.of(), null, "contacts")
        .records().getFirst();

    assertThat(anna.fields()).containsEntry("name", "Anna Tamm").containsEntry("email", "anna.tamm@nordwind.ee")
        .containsEntry(TIER, 190).containsEntry(SOURCE, "Trade fair");
    assertThat(anna.unifiedFields()).containsEntry("fullName", "Anna Tamm").containsEntry("primaryEmail", "anna.tamm@nordwind.ee")
        .containsEntry("companyId", 501).containsEntry("jobTitle", "Head of Procurement");
  }

  @Test
  void subscribingCreatesAWebhookWithBasicCredentialsThatUnsubscribingDeletes() {
    app.serve(PipedriveReplay.fixtures("webhook"));
    WebhookEvents webhooks = persons().webhookEvents().orElseThrow();

    var subscription = webhooks.subscribe(personsContext(), "https://tributary.example.com/webhooks/01a4f0c3");
    webhooks.unsubscribe(personsContext(), subscription.state());
    webhooks.unsubscribe(personsContext(), subscription.state()); // Pipedrive no longer has it: not an error

    assertThat(subscription.state()).containsEntry("webhookId", "88");
    assertThat((String) subscription.state().get("password")).matches("[0-9a-f]{64}");
  }

  @Test
  void aDeliveryWithTheWebhooksCredentialsBecomesAnEventWithTheMappedPerson() throws IOException {
    var handling = handle("tributary:" + PASSWORD, payload());

    assertThat(handling.reply()).isNull();
    assertThat(handling.events()).singleElement().satisfies(event -> {
      assertThat(event.operation()).isEqualTo(ChangeEvent.Operation.UPDATED);
      assertThat(event.recordId()).isEqualTo("1202");
      assertThat(event.record().fields()).containsEntry("name", "Marco Rossi").containsEntry(SOURCE, "Website");
    });
  }

  @Test
  void aDeliveryWithoutTheWebhooksCredentialsIsRefused() throws IOException {
    for (String credentials : new String[] {"tributary:wrong-password", null}) {
      var handling = handle(credentials, payload());
      assertThat(handling.events()).isEmpty();
      assertThat(handling.reply().status()).isEqualTo(401);
      assertThat(handling.reply().headers()).containsEntry("WWW-Authenticate", "Basic");
    }
  }

  @Test
  void aRejectedTokenIsReportedAndMarksTheConnection() {
    app.serve(errors("unauthorized"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "pipedrive", "users", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
        .hasMessage("The app rejected the connection's credentials (HTTP 401 on GET /v1/users). Reconnect with valid credentials.")
        .hasMessageNotContaining(PipedriveReplay.TOKEN);
    assertThat(app.tributary().connections().get(app.customer(), "pipedrive").state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);
  }

  @Test
  void updatingADealPipedriveDoesNotHaveIsNotFound() {
    app.serve(PipedriveReplay.fixtures("deal-fields", "errors/update-of-a-deal-that-does-not-exist"));

    assertThatThrownBy(() -> app.data().update(app.customer(), "pipedrive", "deals", Map.of(), "4040", Map.of("status", "won")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
        .hasMessage("The app has no /api/v2/deals/4040 (HTTP 404).");
  }

  @Test
  void overTheRateLimitTheRequestWaitsAsRetryAfterSaysAndIsServed() {
    app.serve(errors("over-the-limit-then-served"));

    var page = app.data().list(app.customer(), "pipedrive", "deals", Map.of(), Map.of(), null);

    assertThat(page.records()).extracting(DataRecord::id).containsExactly("3001", "3002");
  }

  @Test
  void aSpentDailyBudgetEndsAsRateLimitedWithTheTimeToRetry() {
    app.serve(errors("daily-budget-spent"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "pipedrive", "deals", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).hasValue(Duration.ofHours(2));
        })
        .hasMessage("The app at 127.0.0.1 is limiting requests (HTTP 429). Try again after 7200 s.");
  }

  private static WebhookEvents.Handling handle(String credentials, String body) {
    Map<String, List<String>> headers = credentials == null ? Map.of() : Map.of("Authorization",
        List.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))));
    return persons().webhookEvents().orElseThrow().handle(personsContext(), new WebhookEvents.Call(headers, Map.of(), body),
        Map.of("webhookId", "88", "password", PASSWORD));
  }

  private static String payload() throws IOException {
    try (InputStream in = PipedriveIT.class.getResourceAsStream("/webhooks/pipedrive/person-change.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String[] errors(String name) {
    return new String[] {"fixtures/pipedrive/errors/" + name + ".yaml"};
  }
}
