package dev.tributary.connectors.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataLocation;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.formula.Formulas;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The built-in Slack connector loads with its Java extension; Slack's error codes become the right kinds. */
class SlackConnectorTest {

  private final Connector slack = ConnectorRegistry.load(Formulas::evaluate, null).require("slack");

  @Test
  void connectsWithOAuthAndOffersUsersConversationsMessagesAndCanvases() {
    assertThat(slack.auth()).isInstanceOfSatisfying(AuthDefinition.OAuth2.class,
        oauth -> assertThat(oauth.tokenUri()).isEqualTo("https://slack.com/api/oauth.v2.access"));
    assertThat(slack.locations()).filteredOn(location -> location instanceof DataCollection).extracting(DataLocation::key)
        .containsExactlyInAnyOrder("users", "conversations", "messages", "canvases");
    assertThat(((AuthDefinition.OAuth2) slack.auth()).scopes()).contains("canvases:read", "canvases:write", "files:read");
    assertThat(((DataCollection) slack.location("messages").orElseThrow()).pullLatestRecords()).isPresent();
    assertThat(slack.udm()).containsOnlyKeys("users", "messages");
  }

  @Test
  void okAnswersPassAndErrorCodesBecomeTheirKinds() {
    var fine = new ApiResponse(200, Map.of(), Map.of("ok", true, "warning", "superfluous_charset"));
    assertThat(SlackErrors.check(fine)).isSameAs(fine);

    Map<String, ConnectorException.Kind> kinds = Map.of("token_revoked", ConnectorException.Kind.CREDENTIALS_REJECTED,
        "message_not_found", ConnectorException.Kind.NOT_FOUND, "canvas_not_found", ConnectorException.Kind.NOT_FOUND, "not_in_channel", ConnectorException.Kind.FORBIDDEN,
        "ratelimited", ConnectorException.Kind.RATE_LIMITED, "msg_too_long", ConnectorException.Kind.REJECTED);
    kinds.forEach((error, kind) -> assertThatThrownBy(() -> SlackErrors.check(new ApiResponse(200, Map.of(), Map.of("ok", false, "error", error))))
        .isInstanceOfSatisfying(ConnectorException.class, e -> assertThat(e.kind()).as(error).isEqualTo(kind))
        .hasMessageContaining(error));
  }

  @Test
  void notInChannelSaysToInviteTheApp() {
    assertThatThrownBy(() -> SlackErrors.check(new ApiResponse(200, Map.of(), Map.of("ok", false, "error", "not_in_channel"))))
        .hasMessage("Slack refused the call (not_in_channel). Reconnect with the scopes the connector asks for, or invite the app"
            + " to the conversation.");
  }
}
