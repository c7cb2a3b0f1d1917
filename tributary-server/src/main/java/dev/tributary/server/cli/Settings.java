package dev.tributary.server.cli;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.events.PullScheduler;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.error.InvalidConfigException;
import dev.tributary.server.ServerSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The settings every command shares. Each has a flag and an environment variable; the flag wins.
 * Values are checked here, and a bad one stops the start with a message naming the setting and
 * its rule.
 */
public final class Settings {

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (env TRIBUTARY_DATA_DIR, default ./data).")
  @Nullable String dataDir;

  @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "jdbc:postgresql://… or jdbc:h2:… (env TRIBUTARY_DB_URL, default: the embedded database in the data directory).")
  @Nullable String dbUrl;

  @Option(names = "--db-user", description = "Database user (env TRIBUTARY_DB_USER).")
  @Nullable String dbUser;

  @Option(names = "--db-password", description = "Database password (env TRIBUTARY_DB_PASSWORD; prefer the variable, flags show in process lists).")
  @Nullable String dbPassword;

  @Option(names = "--workspace-key", description = "Key of the default workspace (env TRIBUTARY_WORKSPACE_KEY; default: generated on first start).")
  @Nullable String workspaceKey;

  @Option(names = "--workspace-secret", description = "Secret of the default workspace, at least 32 characters (env TRIBUTARY_WORKSPACE_SECRET; default: generated on first start and printed once).")
  @Nullable String workspaceSecret;

  @Option(names = "--encryption-key", description = "Base64 of 32 bytes; during a rotation \"new,old\" (env TRIBUTARY_ENCRYPTION_KEY; required with PostgreSQL; default on the embedded database: a key file in the data directory).")
  @Nullable String encryptionKey;

  @Option(names = "--connectors-dir", paramLabel = "DIR", description = "A folder of connector folders to load beside the built-in ones (env TRIBUTARY_CONNECTORS_DIR).")
  @Nullable String connectorsDir;

  @Option(names = "--nats-url", description = "Also publish every change event to NATS JetStream at this URL, e.g. nats://127.0.0.1:4222 (env TRIBUTARY_NATS_URL).")
  @Nullable String natsUrl;

  @Option(names = "--max-pulls-per-workspace", description = "Change-event pulls of one workspace running at once, across all nodes (env TRIBUTARY_MAX_PULLS_PER_WORKSPACE, default 10).")
  @Nullable String maxPullsPerWorkspace;

  @Option(names = "--pull-threads", description = "Change-event pulls this node runs at once (env TRIBUTARY_PULL_THREADS, default 8).")
  @Nullable String pullThreads;

  @Option(names = "--pull-polling-ms", description = "How often this node looks for due pulls, in milliseconds: the most a due pull waits to be seen (env TRIBUTARY_PULL_POLLING_MS, default 500).")
  @Nullable String pullPollingMs;

  @Option(names = "--max-queued-flow-runs", description = "Flow runs one connection may have waiting; a run launched beyond that is recorded as failed (dropped) (env TRIBUTARY_MAX_QUEUED_FLOW_RUNS, default 10000).")
  @Nullable String maxQueuedFlowRuns;

  @Option(names = "--port", description = "HTTP port (env TRIBUTARY_PORT, default 8080).")
  @Nullable String port;

  @Option(names = "--host", description = "Interface to listen on (env TRIBUTARY_HOST, default 0.0.0.0).")
  @Nullable String host;

  @Option(names = "--public-url", description = "The address browsers reach this server at, for OAuth callbacks (env TRIBUTARY_PUBLIC_URL, default http://localhost:<port>).")
  @Nullable String publicUrl;

  @Option(names = "--max-request-size", description = "Largest request body, e.g. 10MB or 512KB (env TRIBUTARY_MAX_REQUEST_SIZE, default 10MB).")
  @Nullable String maxRequestSize;

  private Function<String, @Nullable String> environment = System::getenv;

  /** Reads environment variables from {@code environment} instead of the process's (for tests). */
  Settings withEnvironment(Map<String, String> environment) {
    this.environment = environment::get;
    return this;
  }

  Path dataDir() {
    String value = value(dataDir, "TRIBUTARY_DATA_DIR");
    try {
      return Path.of(value == null ? "data" : value);
    } catch (InvalidPathException e) {
      throw new InvalidConfigException("TRIBUTARY_DATA_DIR", "Invalid TRIBUTARY_DATA_DIR (--data-dir) \"" + value
          + "\": " + e.getReason() + ". Give a directory path.");
    }
  }

  DatabaseSettings database() {
    String url = value(dbUrl, "TRIBUTARY_DB_URL");
    if (url == null) {
      return DatabaseSettings.embedded(dataDir());
    }
    DatabaseSettings settings = DatabaseSettings.of(url, value(dbUser, "TRIBUTARY_DB_USER"), value(dbPassword, "TRIBUTARY_DB_PASSWORD"));
    settings.kind(); // checks the URL names a supported database
    return settings;
  }

  /** The engine's builder with these settings; the database is not opened yet. */
  Tributary.Builder engine(DatabaseSettings database) {
    var builder = Tributary.builder().dataDir(dataDir()).database(database)
        .workspaceKey(value(workspaceKey, "TRIBUTARY_WORKSPACE_KEY"))
        .workspaceSecret(value(workspaceSecret, "TRIBUTARY_WORKSPACE_SECRET"));
    String connectors = value(connectorsDir, "TRIBUTARY_CONNECTORS_DIR");
    if (connectors != null) {
      builder.connectorsDir(Path.of(connectors));
    }
    String keys = value(encryptionKey, Tributary.ENCRYPTION_KEY_SETTING);
    if (keys != null) {
      builder.encryptionKeys(KeySet.parse(keys, Tributary.ENCRYPTION_KEY_SETTING));
    }
    String nats = value(natsUrl, "TRIBUTARY_NATS_URL");
    if (nats != null && !nats.matches("(nats|tls)://[^\\s/]+")) {
      throw new InvalidConfigException("TRIBUTARY_NATS_URL", "Invalid TRIBUTARY_NATS_URL (--nats-url) \"" + nats
          + "\": must be a NATS server URL such as nats://127.0.0.1:4222.");
    }
    builder.natsUrl(nats);
    Integer pulls = wholeNumber(value(maxPullsPerWorkspace, "TRIBUTARY_MAX_PULLS_PER_WORKSPACE"),
        "TRIBUTARY_MAX_PULLS_PER_WORKSPACE", "--max-pulls-per-workspace", 1, 1000);
    if (pulls != null) {
      builder.maxPullsPerWorkspace(pulls);
    }
    builder.maxQueuedFlowRunsPerConnection(wholeNumber(value(maxQueuedFlowRuns, "TRIBUTARY_MAX_QUEUED_FLOW_RUNS"),
        "TRIBUTARY_MAX_QUEUED_FLOW_RUNS", "--max-queued-flow-runs", 1, 1_000_000));
    return builder;
  }

  /** How this node runs the schedule of pulls: pulls at once, and how often it looks for due ones. */
  record Pulls(int threads, Duration polling) {}

  Pulls pulls() {
    Integer threads = wholeNumber(value(pullThreads, "TRIBUTARY_PULL_THREADS"), "TRIBUTARY_PULL_THREADS", "--pull-threads", 1, 1000);
    Integer polling = wholeNumber(value(pullPollingMs, "TRIBUTARY_PULL_POLLING_MS"), "TRIBUTARY_PULL_POLLING_MS",
        "--pull-polling-ms", 10, 3_600_000);
    return new Pulls(threads == null ? PullScheduler.DEFAULT_THREADS : threads,
        polling == null ? PullScheduler.DEFAULT_POLLING : Duration.ofMillis(polling));
  }

  /** A whole-number setting in [min, max], or null when not set. */
  private static @Nullable Integer wholeNumber(@Nullable String text, String env, String flag, int min, int max) {
    if (text == null) {
      return null;
    }
    int parsed;
    try {
      parsed = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      parsed = min - 1;
    }
    if (parsed < min || parsed > max) {
      throw new InvalidConfigException(env, "Invalid " + env + " (" + flag + ") \"" + text + "\": must be a whole number from "
          + min + " to " + max + ".");
    }
    return parsed;
  }

  ServerSettings server() {
    String portValue = value(port, "TRIBUTARY_PORT");
    int parsedPort = ServerSettings.DEFAULT_PORT;
    if (portValue != null) {
      try {
        parsedPort = Integer.parseInt(portValue.strip());
      } catch (NumberFormatException e) {
        parsedPort = -1;
      }
      if (parsedPort < 1 || parsedPort > 65535) {
        throw new InvalidConfigException("TRIBUTARY_PORT", "Invalid TRIBUTARY_PORT (--port) \"" + portValue
            + "\": must be a whole number from 1 to 65535.");
      }
    }
    String hostValue = value(host, "TRIBUTARY_HOST");
    String publicUrlValue = value(publicUrl, "TRIBUTARY_PUBLIC_URL");
    if (publicUrlValue != null && !publicUrlValue.matches("https?://[^\\s/]+(/[^\\s]*)?")) {
      throw new InvalidConfigException("TRIBUTARY_PUBLIC_URL", "Invalid TRIBUTARY_PUBLIC_URL (--public-url) \"" + publicUrlValue
          + "\": must be an http(s) URL such as https://tributary.example.com.");
    }
    return new ServerSettings(hostValue == null ? ServerSettings.DEFAULT_HOST : hostValue, parsedPort,
        parseSize(value(maxRequestSize, "TRIBUTARY_MAX_REQUEST_SIZE")),
        publicUrlValue == null ? null : publicUrlValue.replaceAll("/+$", ""));
  }

  private static final Pattern SIZE = Pattern.compile("(\\d{1,10})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
  private static final long MIN_REQUEST_SIZE = 1024;
  private static final long MAX_REQUEST_SIZE = 1024L * 1024 * 1024;

  static long parseSize(@Nullable String value) {
    if (value == null) {
      return ServerSettings.DEFAULT_MAX_REQUEST_SIZE;
    }
    Matcher matcher = SIZE.matcher(value.strip());
    long bytes = -1;
    if (matcher.matches()) {
      long number = Long.parseLong(matcher.group(1));
      String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
      bytes = switch (unit) {
        case "KB" -> number * 1024;
        case "MB" -> number * 1024 * 1024;
        case "GB" -> number * 1024 * 1024 * 1024;
        default -> number;
      };
    }
    if (bytes < MIN_REQUEST_SIZE || bytes > MAX_REQUEST_SIZE) {
      throw new InvalidConfigException("TRIBUTARY_MAX_REQUEST_SIZE", "Invalid TRIBUTARY_MAX_REQUEST_SIZE"
          + " (--max-request-size) \"" + value + "\": must be a size from 1KB to 1GB, in bytes or with a unit"
          + " (KB, MB, GB), e.g. 10MB.");
    }
    return bytes;
  }

  private @Nullable String value(@Nullable String flag, String variable) {
    if (flag != null) {
      return flag;
    }
    String value = environment.apply(variable);
    return value == null || value.isEmpty() ? null : value;
  }
}
