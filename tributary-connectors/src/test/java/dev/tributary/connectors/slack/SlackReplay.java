package dev.tributary.connectors.slack;

import dev.tributary.connectors.replay.ReplayedApps;
import java.util.Arrays;
import java.util.Map;

/** The Slack connector connected to replayed Slack exchanges (fixtures/slack/). */
final class SlackReplay {

  static final String TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy";
  static final Map<String, Object> ENGINEERING = Map.of("channel", "C05ENGTEAM2");

  private SlackReplay() {}

  static ReplayedApps.App app() {
    return new ReplayedApps.App("slack", Map.of("accessToken", TOKEN), Map.of());
  }

  static String[] fixtures(String... names) {
    return Arrays.stream(names).map(name -> "fixtures/slack/" + name + ".yaml").toArray(String[]::new);
  }
}
