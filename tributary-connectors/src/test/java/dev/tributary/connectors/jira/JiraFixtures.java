package dev.tributary.connectors.jira;

import dev.tributary.connectors.replay.ReplayedApps;
import java.util.Map;

/** The recorded Jira site: the OAuth access token and cloud id its fixtures were recorded with. */
public final class JiraFixtures {

  static final String ACCESS_TOKEN = "eyJraWQiOiJhdXRoLmF0bGFzc2lhbi5jb20tQUNDRVNTLTk0ZTczYTkwIiwiYWxnIjoiUlMyNTYifQ"
      + ".eyJzdWIiOiI1YjEwYTI4NDRjMjAxNjU3MDBlZGUyMWcifQ.c2lnbmF0dXJl";

  private JiraFixtures() {}

  public static ReplayedApps.App app(String... fixtures) {
    return new ReplayedApps.App("jira", Map.of("accessToken", ACCESS_TOKEN),
        Map.of("cloudId", "35273b54-3f06-40d2-880f-dd28cf8daafa"), fixtures);
  }
}
