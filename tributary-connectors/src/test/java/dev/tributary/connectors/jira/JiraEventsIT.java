package dev.tributary.connectors.jira;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.replay.ReplayedApps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jira issue events: dynamic webhooks registered, refreshed and deleted on Jira's recorded answers,
 * webhook calls shaped as Jira sends them, and the newest-first pull of recently updated issues.
 */
class JiraEventsIT {

  private static final String SECRET = "4f1c2b9a0d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
  private static final String INGRESS = "https://tributary.example.com/webhooks/jira/01936f1c-7d2a-7c4e-9b1a-3f2d5e6a7b8c";
  private static final Instant NOW = Instant.parse("2024-05-14T10:00:00Z");

  private final JiraWebhooks webhooks = new JiraWebhooks(() -> SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aWebhookIsRegisteredForEveryProjectRefreshedBeforeItExpiresAndDeleted() {
    try (var jira = ReplayedApps.start(JiraFixtures.app("fixtures/jira/webhooks.yaml"))) {
      ConnectorContext context = jira.context("jira", "issues", Map.of());

      WebhookEvents.Subscription subscription = webhooks.subscribe(context, INGRESS);
      assertThat(subscription.state()).isEqualTo(Map.of("webhookId", 10047L, "secret", SECRET));
      assertThat(subscription.refreshAt()).isEqualTo(NOW.plus(Duration.ofDays(25)));

      WebhookEvents.Subscription refreshed = webhooks.refresh(context, INGRESS, subscription.state());
      assertThat(refreshed.refreshAt()).isEqualTo(Instant.ofEpochMilli(1718366400000L).minus(Duration.ofDays(5)));
      assertThat(refreshed.state()).isEqualTo(subscription.state());

      webhooks.unsubscribe(context, refreshed.state());
      assertThatThrownBy(() -> webhooks.subscribe(jira.context("jira", "issues", Map.of("projectKey", "GONE")), INGRESS))
          .isInstanceOf(ConnectorException.class)
          .hasMessage("Jira did not register the webhook for " + INGRESS + "?secret=…: [\"The JQL query is invalid: The value"
              + " 'GONE' does not exist for the field 'project'.\"]. Check that the OAuth app has the manage:jira-webhook"
              + " scope and that the filter names projects that exist.");
      jira.server("jira").assertAllExchangesUsed();
    }
  }

  @Test
  void theIssuesCollectionOffersWebhooksAndThePull() {
    try (var jira = ReplayedApps.start(JiraFixtures.app("fixtures/jira/pull-latest.yaml"))) {
      DataCollection issues = (DataCollection) jira.connector("jira").location("issues").orElseThrow();
      assertThat(issues.webhookEvents()).isPresent();

      ConnectorContext context = jira.context("jira", "issues", Map.of("projectKey", "OPS"));
      RecordPage first = issues.pullLatestRecords().orElseThrow().pullLatest(context, null);
      RecordPage second = issues.pullLatestRecords().orElseThrow().pullLatest(context, first.cursor());

      assertThat(first.records()).extracting(DataRecord::updatedTime).isSortedAccordingTo(java.util.Comparator.reverseOrder());
      assertThat(first.records()).extracting(DataRecord::id).containsExactly("10054", "10053", "10052");
      assertThat(second.records()).extracting(DataRecord::id).containsExactly("10051", "10050");
      assertThat(second.cursor()).isNull();
      jira.server("jira").assertAllExchangesUsed();
    }
  }

  @Test
  void aCallWithTheWebhooksSecretBecomesAnEventPerIssue() {
    Map<String, Object> state = Map.of("webhookId", 10047L, "secret", SECRET);

    var updated = webhooks.handle(null, call(SECRET, ISSUE_UPDATED), state);
    var deleted = webhooks.handle(null, call(SECRET, ISSUE_UPDATED.replace("jira:issue_updated", "jira:issue_deleted")), state);

    assertThat(updated.events()).containsExactly(new ChangeEvent(ChangeEvent.Operation.UPDATED, "10054", null));
    assertThat(updated.reply()).isNull();
    assertThat(deleted.events()).containsExactly(new ChangeEvent(ChangeEvent.Operation.DELETED, "10054", null));
  }

  @Test
  void aCallWithoutTheSecretIsRefused() {
    Map<String, Object> state = Map.of("webhookId", 10047L, "secret", SECRET);

    var forged = webhooks.handle(null, call("0".repeat(64), ISSUE_UPDATED), state);
    var bare = webhooks.handle(null, new WebhookEvents.Call(Map.of(), Map.of(), ISSUE_UPDATED), state);

    for (var refused : List.of(forged, bare)) {
      assertThat(refused.events()).isEmpty();
      assertThat(refused.reply().status()).isEqualTo(401);
      assertThat(refused.reply().body()).isEqualTo("The call does not carry this webhook's secret: it is not from Jira.");
    }
  }

  private static WebhookEvents.Call call(String secret, String body) {
    return new WebhookEvents.Call(Map.of("Content-Type", List.of("application/json; charset=UTF-8")),
        Map.of("secret", List.of(secret)), body);
  }

  /** As Jira sends it: the issue, who changed it, the changelog and the webhooks that matched. */
  private static final String ISSUE_UPDATED = """
      {"timestamp":1715681564512,"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_generic",
       "user":{"self":"https://your-domain.atlassian.net/rest/api/2/user?accountId=5b10ac8d82e05b22cc7d4ef5",
               "accountId":"5b10ac8d82e05b22cc7d4ef5","displayName":"Emma Richards","active":true,"timeZone":"Europe/London",
               "accountType":"atlassian"},
       "issue":{"id":"10054","self":"https://your-domain.atlassian.net/rest/api/2/10054","key":"OPS-14",
                "fields":{"summary":"Rotate the TLS certificates of the edge proxies","updated":"2024-05-14T09:12:44.512+0000",
                          "status":{"name":"In Progress","id":"3"},"project":{"id":"10002","key":"OPS","name":"Operations"}}},
       "changelog":{"id":"10132","items":[{"field":"status","fieldtype":"jira","fieldId":"status","from":"10000",
                    "fromString":"To Do","to":"3","toString":"In Progress"}]},
       "matchedWebhookIds":[10047]}
      """;
}
