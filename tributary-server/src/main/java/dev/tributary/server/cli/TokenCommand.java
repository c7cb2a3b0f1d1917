package dev.tributary.server.cli;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.workspace.WorkspaceService.WorkspaceCredentials;
import dev.tributary.server.auth.TokenIssuer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tributary token}: prints a signed JWT for the default workspace. */
@Command(name = "token", description = "Print a signed JWT for the default workspace (an admin's or a customer's).")
final class TokenCommand implements Callable<Integer> {

  static final class Subject {
    @Option(names = "--customer", paramLabel = "ID", required = true, description = "Act as this customer (your id for it).")
    @Nullable String customer;

    @Option(names = "--admin", required = true, description = "Act for the whole workspace.")
    boolean admin;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Subject subject;

  @Option(names = "--name", description = "The customer's display name (with --customer).")
  @Nullable String name;

  @Option(names = "--expires-in", paramLabel = "SECONDS", defaultValue = "7200", description = "Lifetime in seconds (default ${DEFAULT-VALUE}).")
  long expiresIn;

  @Mixin Settings settings;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (expiresIn < 1 || expiresIn > 10L * 365 * 24 * 3600) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "Invalid --expires-in " + expiresIn + ": must be from 1 second to 10 years (315360000).");
    }
    try (Tributary tributary = settings.engine(settings.database()).build()) {
      if (tributary.bootstrap().generatedSecret() != null) {
        spec.commandLine().getErr().println("Created the default workspace. Its secret, shown this once: "
            + tributary.bootstrap().generatedSecret());
      }
      String key = tributary.bootstrap().workspace().key();
      WorkspaceCredentials credentials = tributary.workspaces().credentialsByKey(key).orElseThrow();
      var issuer = new TokenIssuer(key, credentials.secret());
      Instant now = Instant.now();
      Duration lifetime = Duration.ofSeconds(expiresIn);
      String token = subject.admin ? issuer.admin(now, lifetime)
          : issuer.customer(java.util.Objects.requireNonNull(subject.customer), name, null, now, lifetime);
      spec.commandLine().getOut().println(token);
      return 0;
    }
  }
}
