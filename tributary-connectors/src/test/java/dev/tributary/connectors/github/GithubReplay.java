package dev.tributary.connectors.github;

import dev.tributary.connectors.replay.ReplayedApps;
import java.util.Arrays;
import java.util.Map;

/** The GitHub connector connected to replayed GitHub exchanges (fixtures/github/). */
final class GithubReplay {

  static final String TOKEN = "gho_16C7e42F292c6912E7710c838347Ae178B4a";
  static final Map<String, Object> REPOSITORY = Map.of("owner", "octo-org", "repo", "roadmap");
  static final Map<String, Object> ORGANIZATION = Map.of("org", "octo-org");

  private GithubReplay() {}

  static ReplayedApps.App app() {
    return new ReplayedApps.App("github", Map.of("accessToken", TOKEN), Map.of());
  }

  static String[] fixtures(String... names) {
    return Arrays.stream(names).map(name -> "fixtures/github/" + name + ".yaml").toArray(String[]::new);
  }

}
