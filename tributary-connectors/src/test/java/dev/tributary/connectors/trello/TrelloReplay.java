package dev.tributary.connectors.trello;

import dev.tributary.connectors.replay.ReplayedApps;
import java.util.Arrays;
import java.util.Map;

/** The Trello connector connected to replayed Trello exchanges (fixtures/trello/): the app's key and the member's token. */
public final class TrelloReplay {

  static final String API_KEY = "b3e8f0a2c4d6e8f0a1b2c3d4e5f6a7b8";
  static final String API_SECRET = "5d1c9e7a3b2f4e6d8c0a1b3d5f7e9c2a4b6d8f0e1c3a5b7d9f2e4c6a8b0d1f3e";
  static final String TOKEN = "ATTAd2f6c8e0a4b1c3d5e7f9a0b2c4d6e8f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d61A2B3C4D";
  public static final String BOARD = "6650e1a2b3c4d5e6f7a8b901";
  static final String TO_DO = "6650e1a2b3c4d5e6f7a8b911";

  private TrelloReplay() {}

  /** The app with these fixture files (names under fixtures/trello/, without .yaml) served from the start. */
  public static ReplayedApps.App app(String... fixtures) {
    return new ReplayedApps.App("trello", Map.of("apiToken", TOKEN), Map.of(), fixtures(fixtures))
        .withIntegrationParameters(Map.of("apiKey", API_KEY, "apiSecret", API_SECRET));
  }

  static String[] fixtures(String... names) {
    return Arrays.stream(names).map(name -> "fixtures/trello/" + name + ".yaml").toArray(String[]::new);
  }
}
