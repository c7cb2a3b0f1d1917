package dev.tributary.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connectors.replay.ReplayedApps;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.testkit.replay.Fixtures;
import dev.tributary.testkit.replay.InvalidFixtureException;
import dev.tributary.testkit.replay.ReplayServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Slack connector on replayed Slack exchanges: Slack's {@code ok: false} answers as clear
 * errors, its HTTP 429, the newest-first pull of messages and UDM messages and users, and canvases
 * (whose methods are validated against the canvas supplement, vendor {@code slack-canvases}).
 */
class SlackIT {

  @RegisterExtension
  static final ReplayedApps app = ReplayedApps.forTestClass(SlackReplay.app());

  @Test
  void aChannelCanvasIsCreatedForTheChannelAndANewTitleWithNewContentAreTwoEdits() {
    app.serve(SlackReplay.fixtures("channel-canvas"));

    String id = app.data().create(app.customer(), "slack", "canvases", Map.of(), Map.of("title", "Engineering",
        "content", "## Links\n\n- Runbooks\n- On-call rota", "channelId", "C05ENGTEAM2"));
    app.data().update(app.customer(), "slack", "canvases", Map.of(), id, Map.of("title", "Engineering home",
        "content", "## Links\n\n- Runbooks\n- On-call rota\n- Release checklist"));

    assertThat(id).isEqualTo("F08CHCNV02");
    assertThatThrownBy(() -> app.data().create(app.customer(), "slack", "canvases", Map.of(),
        Map.of("title", "Engineering 2", "channelId", "C05ENGTEAM2")))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.REJECTED))
        .hasMessage("Slack rejected the call (channel_canvas_already_exists).");
  }

  @Test
  void canvasesAreReadAsTheirFileObjects() {
    app.serve(SlackReplay.fixtures("canvas-find"));

    DataRecord canvas = app.data().findById(app.customer(), "slack", "canvases", Map.of(), "F07CNV0001AB").orElseThrow();

    assertThat(canvas.name()).isEqualTo("Q1 roadmap");
    assertThat(canvas.fields()).containsEntry("linkedChannelId", "C05ENGTEAM2").containsEntry("creatorId", "U04AB1CD5")
        .containsEntry("createdAt", "2025-11-01T00:00:00.000Z").doesNotContainKey("content");
    assertThat(app.data().findById(app.customer(), "slack", "canvases", Map.of(), "F07NOSUCH00")).isEmpty();
  }

  @Test
  void theCanvasSupplementRefusesWhatSlacksDocumentationRulesOut() {
    var exchanges = Fixtures.fromClasspath("fixtures/invalid/slack-canvas-edit-with-two-changes.yaml");

    assertThatThrownBy(() -> ReplayServer.start(exchanges)).isInstanceOf(InvalidFixtureException.class)
        .hasMessageContaining("slack-canvases").hasMessageContaining("/changes");
  }

  @Test
  void messagesAreUnifiedAndPulledNewestFirst() {
    app.serve(SlackReplay.fixtures("history"));
    var messages = (DataCollection) app.tributary().connectors().require("slack").location("messages").orElseThrow();

    var page = messages.pullLatestRecords().orElseThrow()
        .pullLatest(app.data().context(app.customer(), "slack", "messages", SlackReplay.ENGINEERING), null);

    assertThat(page.records()).extracting(DataRecord::id)
        .containsExactly("1764403200.000400", "1764399600.000300", "1764396000.000200", "1764392400.000100");
    assertThat(page.records()).extracting(DataRecord::updatedTime).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    assertThat(page.cursor()).isNull();
  }

  @Test
  void messagesAndUsersCarryUnifiedFields() {
    app.serve(SlackReplay.fixtures("history", "users-page-1"));
    DataRecord message = app.data().list(app.customer(), "slack", "messages", SlackReplay.ENGINEERING, Map.of(), null, "messages")
        .records().get(2);
    DataRecord user = app.data().list(app.customer(), "slack", "users", Map.of(), Map.of(), null, "users").records().getFirst();

    assertThat(message.unifiedFields()).containsEntry("text", "New onboarding screens are in Figma, feedback welcome")
        .containsEntry("threadId", "1764396000.000200").containsEntry("ownerId", "U04AB1CD4");
    assertThat(user.unifiedFields()).containsEntry("fullName", "Lena Fischer").containsEntry("primaryEmail", "lena@acme.example")
        .containsEntry("isActive", true);
  }

  @Test
  void aRevokedTokenIsReportedAndMarksTheConnection() {
    app.serve(errors("invalid-auth"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "slack", "users", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.CREDENTIALS_REJECTED))
        .hasMessage("Slack rejected the connection's token (invalid_auth). The customer must connect Slack again.");
    assertThat(app.tributary().connections().get(app.customer(), "slack").state()).isEqualTo(Connection.CLIENT_ACTION_REQUIRED);
  }

  @Test
  void aConversationSlackDoesNotHaveIsNotFound() {
    app.serve(errors("channel-not-found"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "slack", "messages", Map.of("channel", "C05GONE0000"), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.NOT_FOUND))
        .hasMessage("Slack has no such channel (channel_not_found).");
  }

  @Test
  void aMissingScopeNamesTheScope() {
    app.serve(errors("missing-scope"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "slack", "conversations", Map.of(), Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).isEqualTo(ConnectorException.Kind.FORBIDDEN))
        .hasMessage("Slack refused the call (missing_scope): the token lacks the scope groups:read. Reconnect with the scopes"
            + " the connector asks for.");
  }

  @Test
  void aRateLimitLongerThanTheClientWaitsEndsAsRateLimited() {
    app.serve(errors("ratelimited"));

    assertThatThrownBy(() -> app.data().list(app.customer(), "slack", "messages", SlackReplay.ENGINEERING, Map.of(), null))
        .isInstanceOfSatisfying(ConnectorException.class, e -> {
          assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RATE_LIMITED);
          assertThat(e.retryAfter()).hasValue(Duration.ofMinutes(30));
        })
        .hasMessage("The app at 127.0.0.1 is limiting requests (HTTP 429). Try again after 1800 s.");
  }

  private static String[] errors(String name) {
    return new String[] {"fixtures/slack/errors/" + name + ".yaml"};
  }
}
