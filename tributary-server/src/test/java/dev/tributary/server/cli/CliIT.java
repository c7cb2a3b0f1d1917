package dev.tributary.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.events.PullScheduler;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.server.auth.JwtAuthenticator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: settings are checked with clear messages, tokens verify against the workspace. */
class CliIT {

  @TempDir Path dataDir;

  record Result(int exitCode, String out, String err) {}

  private static Result run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void tokenCommandPrintsAdminAndCustomerTokensTheServerAccepts() {
    Result admin = run("token", "--admin", "--data-dir", dataDir.toString());
    Result customer = run("token", "--customer", "cust-7", "--name", "Ann", "--data-dir", dataDir.toString());

    assertThat(admin.exitCode()).isZero();
    assertThat(admin.err()).contains("Created the default workspace. Its secret, shown this once:");
    assertThat(customer.err()).isEmpty();
    try (Tributary tributary = Tributary.builder().dataDir(dataDir).build()) {
      var authenticator = new JwtAuthenticator(tributary.workspaces(), tributary.customers(), Clock.systemUTC());
      assertThat(authenticator.authenticate("Bearer " + admin.out().strip())).isInstanceOf(Caller.Admin.class);
      Caller asCustomer = authenticator.authenticate("Bearer " + customer.out().strip());
      assertThat(asCustomer).isInstanceOf(Caller.ActingCustomer.class);
      assertThat(tributary.customers().get(asCustomer, "cust-7").name()).isEqualTo("Ann");
    }
  }

  @Test
  void tokenCommandNeedsExactlyOneSubject() {
    Result neither = run("token", "--data-dir", dataDir.toString());
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("Missing required argument");
  }

  @Test
  void rotateKeyReencryptsAndReportsTheNewKey() {
    run("token", "--admin", "--data-dir", dataDir.toString());
    Result rotation = run("rotate-key", "--data-dir", dataDir.toString());

    assertThat(rotation.exitCode()).as(rotation.err()).isZero();
    assertThat(rotation.out()).startsWith("Re-encrypted 1 stored secrets with key ")
        .contains("now holds only the new key");
  }

  @Test
  void invalidSettingsStopTheStartNamingTheSettingAndTheRule() {
    assertThat(run("serve", "--port", "http", "--data-dir", dataDir.toString()))
        .isEqualTo(new Result(2, "", "tributary: Invalid TRIBUTARY_PORT (--port) \"http\": must be a whole number from 1 to 65535.\n"));
    assertThat(run("serve", "--max-request-size", "10 parsecs", "--data-dir", dataDir.toString()).err())
        .contains("Invalid TRIBUTARY_MAX_REQUEST_SIZE (--max-request-size) \"10 parsecs\": must be a size from 1KB to 1GB");
    assertThat(run("serve", "--encryption-key", "secret-but-short", "--data-dir", dataDir.toString()).err())
        .startsWith("tributary: Invalid encryption key in TRIBUTARY_ENCRYPTION_KEY")
        .doesNotContain("secret-but-short");
    assertThat(run("serve", "--db-url", "jdbc:mysql://db/x", "--data-dir", dataDir.toString()).err())
        .startsWith("tributary: Unsupported database URL \"jdbc:mysql:…\" in TRIBUTARY_DB_URL");
    assertThat(run("serve", "--pull-polling-ms", "0", "--data-dir", dataDir.toString()).err())
        .startsWith("tributary: Invalid TRIBUTARY_PULL_POLLING_MS (--pull-polling-ms) \"0\": must be a whole number from 10 to");
    assertThat(run("serve", "--workspace-secret", "short", "--data-dir", dataDir.toString()).err())
        .startsWith("tributary: TRIBUTARY_WORKSPACE_SECRET is 5 characters long but must be at least 32");
  }

  @Test
  void environmentVariablesAreReadAndFlagsWinOverThem() {
    var settings = new Settings().withEnvironment(java.util.Map.of("TRIBUTARY_PORT", "9090", "TRIBUTARY_MAX_REQUEST_SIZE", "2MB"));
    assertThat(settings.server().port()).isEqualTo(9090);
    assertThat(settings.server().maxRequestSize()).isEqualTo(2L * 1024 * 1024);
    settings.port = "7070";
    assertThat(settings.server().port()).isEqualTo(7070);
  }

  @Test
  void theScheduleOfPullsHasDefaultsThatVariablesAndFlagsChange() {
    assertThat(new Settings().withEnvironment(java.util.Map.of()).pulls())
        .isEqualTo(new Settings.Pulls(PullScheduler.DEFAULT_THREADS, PullScheduler.DEFAULT_POLLING));
    var settings = new Settings().withEnvironment(java.util.Map.of("TRIBUTARY_PULL_THREADS", "16", "TRIBUTARY_PULL_POLLING_MS", "250"));
    assertThat(settings.pulls()).isEqualTo(new Settings.Pulls(16, java.time.Duration.ofMillis(250)));
    settings.pullThreads = "2";
    assertThat(settings.pulls().threads()).isEqualTo(2);
  }

  @Test
  void postgresqlNeedsAnEncryptionKey() {
    Result result = run("token", "--admin", "--db-url", "jdbc:postgresql://127.0.0.1:5432/postgres", "--db-user", "postgres",
        "--data-dir", dataDir.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("tributary: TRIBUTARY_ENCRYPTION_KEY is required when the store is PostgreSQL");
  }
}
