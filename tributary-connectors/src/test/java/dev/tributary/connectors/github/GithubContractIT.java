package dev.tributary.connectors.github;

import dev.tributary.connectors.replay.ReplayedContract;
import java.util.Map;

/**
 * The GitHub connector passes the connector contract on replayed GitHub exchanges: each check
 * gets a replay server with the exchanges it needs, and must use all of them.
 */
class GithubContractIT extends ReplayedContract {

  private static final String[] FIRST_PAGES = {"repos-page-1", "issues-page-1", "pulls-page-1", "members-page-1"};
  private static final Map<String, String[]> FIXTURES = Map.of(
      "listingPagesToTheEndWithoutRepeats", GithubReplay.fixtures("repos-page-1", "repos-page-2", "issues-page-1",
          "issues-page-2", "issues-page-3", "pulls-page-1", "pulls-page-2", "members-page-1", "members-page-2"),
      "findByIdGivesTheListedRecordAndNothingForAnUnknownId", GithubReplay.fixtures(concat(FIRST_PAGES, "find")),
      "createdRecordsCanBeFoundChangedAndDeleted", GithubReplay.fixtures("issue-write"));

  GithubContractIT() {
    super(GithubReplay.app(), FIXTURES);
  }

  @Override
  protected Map<String, Object> parameters(String collection) {
    return switch (collection) {
      case "issues", "pull-requests" -> GithubReplay.REPOSITORY;
      case "users" -> GithubReplay.ORGANIZATION;
      default -> Map.of();
    };
  }

  @Override
  protected String unknownId(String collection) {
    return switch (collection) {
      case "repositories" -> "octo-org/no-such-repo";
      case "users" -> "no-such-user-4040";
      default -> "999999999";
    };
  }

  @Override
  protected Map<String, Object> newRecord(String collection) {
    return collection.equals("issues")
        ? Map.of("title", "Quarterly planning checklist", "body", "Steps for the planning meeting") : Map.of();
  }

  @Override
  protected Map<String, Object> change(String collection) {
    return Map.of("title", "Quarterly planning checklist (Q1)");
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
