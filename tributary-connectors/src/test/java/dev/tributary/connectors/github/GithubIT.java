package dev.tributary.connectors.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ChangeEvent;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.PullLatestRecords;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.WebhookEvents;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.connectors.support.Signatures;
import dev.tributary.engine.workspace.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The GitHub connector on replayed GitHub exchanges: pull requests left out of issues, the
 * newest-first pull, repository webhooks (subscribe, signed deliveries, ping, unsubscribe), UDM
 * tasks and the errors GitHub answers.
 */
class GithubIT {

  @RegisterExtension
  static final ReplayedApps app = ReplayedApps.forTestClass(GithubReplay.app());

  private static ConnectorContext issuesContext() {
    return app.data().context(app.customer(), "github", "issues", GithubReplay.REPOSITORY);
  }

  private static DataCollection issues() {
    return (DataCollection) app.tributary().connectors().require("github").location("issues").orElseThrow();
  }

  @Test
  void issuesLeaveOutThePullRequestsGithubListsWithThem() {
    app.serve(GithubReplay.fixtures("issues-page-1", "issues-page-2", "issues-page-3"));
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      RecordPage page = app.data().list(app.customer(), "github", "issues", GithubReplay.REPOSITORY, Map.of(), cursor);
      page.records().forEach(record -> ids.add(record.id()));
      cursor = page.cursor();
    } while (cursor != null);

    assertThat(ids).containsExactly("101", "102", "104", "105", "107");
  }

  @Test
  void issuesCarryTheirFieldsAndUnifiedTaskFields() {
    app.serve(GithubReplay.fixtures("issues-page-1"));
    DataRecord first = app.data().list(app.customer(), "github", "issues", GithubReplay.REPOSITORY, Map.of(), null, "tasks")
        .records().getFirst();

    assertThat(first.fields()).containsEntry("title", "Publish the 2027 roadmap").containsEntry("author", "mona")
        .containsEntry("assignees", List.of("hubot")).containsEntry("labels", List.of("planning"));
    assertThat(first.unifiedFields()).containsEntry("subject", "Publish the 2027 roadmap").containsEntry("status", "open")
        .containsEntry("assigneeId", "hubot").containsEntry("ownerId", "mona");
  }

  @Test
  void theRepositoriesDirectoryListsOneDirectoryPerRepository() {
    app.serve(GithubReplay.fixtures("repos-page-1"));
    var page = app.data().locations(app.customer(), "github", "repositories-dir", Map.of(), null);

    assertThat(page.locations()).extracting(LocationPointer::name)
        .containsExactly("octo-org/api-gateway", "octo-org/design-system", "octo-org/roadmap");
    assertThat(page.locations().get(2).parameters()).isEqualTo(Map.of("owner", "octo-org", "repo", "roadmap"));
    assertThat(page.cursor()).isNotNull();
  }

  @Test
  void pullLatestGivesIssuesNewestFirstByUpdateTime() {
    app.serve(GithubReplay.fixtures("issues-latest-page-1", "issues-latest-page-2"));
    PullLatestRecords pull = issues().pullLatestRecords().orElseThrow();
    List<DataRecord> records = new ArrayList<>();
    RecordPage page = pull.pullLatest(issuesContext(), null);
    records.addAll(page.records());
    page = pull.pullLatest(issuesContext(), page.cursor());
    records.addAll(page.records());

    assertThat(page.cursor()).isNull();
    assertThat(records).extracting(DataRecord::id).containsExactly("105", "101", "104", "107", "102");
    assertThat(records).extracting(DataRecord::updatedTime).isSortedAccordingTo(java.util.Comparator.reverseOrder());
  }

  @Test
  void subscribingCreatesARepositoryWebhookThatUnsubscribingDeletes() {
    app.serve(GithubReplay.fixtures("webhook"));
    WebhookEvents webhooks = issues().webhookEvents().orElseThrow();

    WebhookEvents.Subscription subscription = webhooks.subscribe(issuesContext(), "https://tributary.example.com/webhooks/01a4f0c2");
    webhooks.unsubscribe(issuesContext(), subscription.state());
    webhooks.unsubscribe(issuesContext(), subscription.state()); // GitHub no longer has it: not an error

    assertThat(subscription.state()).containsEntry("hookId", "498765432");
    assertThat((String) subscription.state().get("secret")).matches("[0-9a-f]{64}");
  }

  @Test
  void aSignedIssueDeliveryBecomesAnEventWithTheMappedIssue() throws IOException {
    String body = payload("opened");
    WebhookEvents.Handling handling = handle(Map.of("X-GitHub-Event", "issues",
        "X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex(SECRET, body)), body);

    assertThat(handling.reply()).isNull();
    assertThat(handling.events()).singleElement().satisfies(event -> {
      assertThat(event.operation()).isEqualTo(ChangeEvent.Operation.CREATED);
      assertThat(event.recordId()).isEqualTo("109");
      assertThat(event.record().fields()).containsEntry("title", "Quarterly planning checklist").containsEntry("state", "open");
    });
  }

  @Test
  void closingAndDeletingAnIssueAreUpdateAndDeleteEvents() throws IOException {
    for (var action : Map.of("closed", ChangeEvent.Operation.UPDATED, "deleted", ChangeEvent.Operation.DELETED).entrySet()) {
      String body = payload(action.getKey());
      var handling = handle(Map.of("X-GitHub-Event", "issues", "X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex(SECRET, body)), body);
      assertThat(handling.events()).extracting(ChangeEvent::operation).containsExactly(action.getValue());
    }
  }

  @Test
  void aDeliveryWithAWrongOrMissingSignatureIsRefused() throws IOException {
    String body = payload("opened");
    var forged = handle(Map.of("X-GitHub-Event", "issues",
        "X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex("another-secret", body)), body);
    var unsigned = handle(Map.of("X-GitHub-Event", "issues"), body);

    for (var handling : List.of(forged, unsigned)) {
      assertThat(handling.events()).isEmpty();
      assertThat(handling.reply().status()).isEqualTo(401);
      assertThat(handling.reply().body()).contains("X-Hub-Signature-256");
    }
  }

  @Test
  void githubsPingIsAnswered() {
    String body = "{\"zen\":\"Design for failure.\",\"hook_id\":498765432}";
    var handling = handle(Map.of("X-GitHub-Event", "ping", "X-Hub-Signature-256", "sha256=" + Signatures.hmacSha256Hex(SECRET, body)), body);

    assertThat(handling.events()).isEmpty();
    assertThat(handling.reply().status()).isEqualTo(200);
    assertThat(handling.reply().body()).isEqualTo("pong");
  }

  @Test
  void rejectedCredentialsAskTheCustomerToConnectAgain() {
    app.serve(errors("bad credentials"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "github", "repositories", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
        .hasMessage("The connection's access token expired and there is no refresh token. The customer must connect again.");
    assertThat(app.tributary().connections().get(app.customer(), "github").state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);
  }

  @Test
  void aSpentRateLimitEndsAsRateLimitedWithTheTimeUntilTheReset() {
    app.serve(errors("primary rate limit spent"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "github", "repositories", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
          assertThat(e.retryAfter().orElseThrow()).isGreaterThan(Duration.ofDays(365));
        })
        .hasMessageStartingWith("The app at 127.0.0.1 is limiting requests (HTTP 403). Try again after ");
  }

  @Test
  void updatingAnIssueGithubDoesNotHaveIsNotFound() {
    app.serve(errors("update of an issue that does not exist"));

    assertThatThrownBy(() -> app.data().update(app.customer(), "github", "issues", GithubReplay.REPOSITORY, "4040",
        Map.of("state", "closed")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
        .hasMessage("The app has no /repos/octo-org/roadmap/issues/4040 (HTTP 404).");
  }

  private static final String SECRET = "5f1d0b8e0c3a4c6f9e2b7d1a8c4e6f0b5f1d0b8e0c3a4c6f9e2b7d1a8c4e6f0b";

  private static WebhookEvents.Handling handle(Map<String, String> headers, String body) {
    Map<String, List<String>> multi = new java.util.LinkedHashMap<>();
    headers.forEach((name, value) -> multi.put(name, List.of(value)));
    return issues().webhookEvents().orElseThrow().handle(issuesContext(), new WebhookEvents.Call(multi, Map.of(), body),
        Map.of("hookId", "498765432", "secret", SECRET));
  }

  private static String payload(String action) throws IOException {
    try (InputStream in = GithubIT.class.getResourceAsStream("/webhooks/github/issues-opened.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\"action\": \"opened\"", "\"action\": \"" + action + "\"");
    }
  }

  private static String[] errors(String name) {
    return new String[] {"fixtures/github/errors/" + name.replace(' ', '-') + ".yaml"};
  }
}
