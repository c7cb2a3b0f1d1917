package dev.tributary.connectors.slack;

import dev.tributary.connectors.replay.ReplayedApp;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;

/** The Slack connector connected to replayed Slack exchanges (fixtures/slack/). */
final class SlackReplay {

  static final String TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
  static final Map<String, Object> ENGINEERING = Map.of("channel", "C05ENGTEAM2");

  private SlackReplay() {}

  static ReplayedApp.App app() {
    return new ReplayedApp.App("slack", Map.of("accessToken", TOKEN), base -> URI.create(base + "/api"));
  }

  static String[] fixtures(String... names) {
    return Arrays.stream(names).map(name -> "fixtures/slack/" + name + ".yaml").toArray(String[]::new);
  }
}
