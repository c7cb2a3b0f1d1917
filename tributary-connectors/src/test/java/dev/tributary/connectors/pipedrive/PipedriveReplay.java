package dev.tributary.connectors.pipedrive;

import dev.tributary.connectors.replay.ReplayedApps;
import java.util.Arrays;
import java.util.Map;

/** The Pipedrive connector connected to replayed Pipedrive exchanges (fixtures/pipedrive/). */
final class PipedriveReplay {

  static final String TOKEN = "9f5b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";

  private PipedriveReplay() {}

  static ReplayedApps.App app() {
    return new ReplayedApps.App("pipedrive", Map.of("apiToken", TOKEN), Map.of());
  }

  static String[] fixtures(String... names) {
    return Arrays.stream(names).map(name -> "fixtures/pipedrive/" + name + ".yaml").toArray(String[]::new);
  }
}
