package dev.tributary.connectors.asana;

import dev.tributary.connectors.replay.ReplayedApps;
import java.util.Map;

/** The recorded Asana account: the personal access token, workspace and project its fixtures were recorded with. */
public final class AsanaFixtures {

  static final String TOKEN = "2/1200397543321001/1206512345678901:3f5c0e8d1a2b4c6d8e0f1a2b3c4d5e6f";
  static final String WORKSPACE = "1200397543321874";
  public static final String PROJECT = "1205667843912213";

  private AsanaFixtures() {}

  public static ReplayedApps.App app(String... fixtures) {
    return new ReplayedApps.App("asana", Map.of("accessToken", TOKEN), Map.of(), fixtures);
  }
}
