/**
 * Recorded HTTP exchanges for connector tests, checked against each vendor's own API description.
 *
 * <p>A test loads fixtures with {@link dev.tributary.testkit.replay.Fixtures}, starts a {@link
 * dev.tributary.testkit.replay.ReplayServer} with them and points the connector at {@link
 * dev.tributary.testkit.replay.ReplayServer#baseUri()}. Before it answers anything, the server
 * validates every fixture with {@link dev.tributary.testkit.replay.FixtureValidator} against the
 * vendor's OpenAPI or Swagger description, found by {@link
 * dev.tributary.testkit.replay.VendorSpecs}; a fixture the vendor could not have produced stops the
 * test. The format is described in {@code docs/testkit.md}.
 *
 * <pre>{@code
 * try (var server = ReplayServer.start(Fixtures.fromClasspath("fixtures/jira/project-search.yaml"))) {
 *   var projects = new JiraClient(server.baseUri(), "test-token").projects();
 *   assertThat(projects).extracting(Project::key).containsExactly("PROJ", "OPS");
 *   server.assertAllExchangesUsed();
 * }
 * }</pre>
 */
@NullMarked
package dev.tributary.testkit.replay;

import org.jspecify.annotations.NullMarked;
