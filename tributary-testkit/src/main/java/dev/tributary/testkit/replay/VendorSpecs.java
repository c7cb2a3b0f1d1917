package dev.tributary.testkit.replay;

import static java.util.Map.entry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the vendors' published API descriptions and loads each one once per JVM.
 *
 * <p>The directory is {@value #DIRECTORY_ENV} when set; otherwise {@code ../shared/vendor-specs}
 * next to the repository root (the nearest directory above the working directory that holds
 * {@code mvnw}), so it is found both from the root and from a module, where Maven runs tests.
 *
 * <p>When a description is missing, what happens depends on where the test runs. Under {@code
 * CI=true} it is a test failure ({@link AssertionError}), because CI must never skip silently.
 * Elsewhere the calling test is skipped with the reason ({@link Assumptions#abort(String)}), so a
 * checkout without the shared files still builds.
 *
 * <pre>{@code
 * VendorSpec jira = VendorSpecs.fromEnvironment().spec("jira");
 * }</pre>
 */
public final class VendorSpecs {

  /** The environment variable naming the directory that holds the vendor descriptions. */
  public static final String DIRECTORY_ENV = "TRIBUTARY_VENDOR_SPECS";

  /** Vendor name to description file, relative to the directory. */
  private static final Map<String, String> FILES =
      Map.ofEntries(
          entry("asana", "asana/asana_oas.yaml"),
          entry("clickup", "clickup/clickup-api-v2-reference.json"),
          entry("clickup-v3", "clickup/ClickUp_PUBLIC_API_V3.yaml"),
          entry("github", "github/api.github.com.json"),
          entry("jira", "jira/swagger-v3.v3.json"),
          entry("microsoft-graph", "microsoft-graph/Users.yml"),
          entry("notion", "notion/notion-openapi.json"),
          entry("pipedrive-v1", "pipedrive/v1.yaml"),
          entry("pipedrive-v2", "pipedrive/v2.yaml"),
          entry("slack", "slack/slack_web_openapi_v2.json"),
          entry("stripe", "stripe/spec3.yaml"),
          entry("trello", "trello/trello-openapi.json"));

  /**
   * Where the classpath holds supplements: descriptions a project writes itself, from the vendor's
   * documentation, for methods the published description lacks (e.g. Slack's canvases). Each says
   * so at its top, with the pages it was written from and when; fixtures name it as their vendor.
   */
  public static final String SUPPLEMENTS = "vendor-spec-supplements/";

  /** Loaded descriptions by absolute file: the big ones take seconds, so each is read once per JVM. */
  private static final Map<Path, VendorSpec> LOADED = new ConcurrentHashMap<>();

  private final @Nullable Path directory;
  private final String origin;
  private final boolean ci;

  private VendorSpecs(@Nullable Path directory, String origin, boolean ci) {
    this.directory = directory;
    this.origin = origin;
    this.ci = ci;
  }

  /** The descriptions where {@value #DIRECTORY_ENV} or the default location says, as described above. */
  public static VendorSpecs fromEnvironment() {
    return fromEnvironment(System.getenv(), Path.of("").toAbsolutePath());
  }

  static VendorSpecs fromEnvironment(Map<String, String> env, Path workingDirectory) {
    boolean ci = "true".equalsIgnoreCase(env.get("CI"));
    String configured = env.get(DIRECTORY_ENV);
    if (configured != null && !configured.isBlank()) {
      return new VendorSpecs(workingDirectory.resolve(configured).normalize(), DIRECTORY_ENV + "=" + configured, ci);
    }
    for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw"))) {
        return new VendorSpecs(
            dir.resolve("../shared/vendor-specs").normalize(), "the default ../shared/vendor-specs beside " + dir, ci);
      }
    }
    return new VendorSpecs(null, "no directory holding mvnw above " + workingDirectory, ci);
  }

  /** The descriptions in {@code directory}; missing files follow the rule above, by the {@code CI} variable. */
  public static VendorSpecs at(Path directory) {
    Objects.requireNonNull(directory, "directory == null");
    return new VendorSpecs(directory.toAbsolutePath().normalize(), directory.toString(), "true".equalsIgnoreCase(System.getenv("CI")));
  }

  /** The vendor names {@link #spec(String)} knows, sorted. */
  public static Set<String> vendors() {
    return new TreeSet<>(FILES.keySet());
  }

  /**
   * The description of {@code vendor}, loaded on first use and then shared by the whole JVM.
   *
   * @param vendor one of {@link #vendors()}, e.g. {@code jira}, {@code github}, {@code pipedrive-v1}
   * @throws IllegalArgumentException if the vendor is unknown
   * @throws AssertionError if the file is missing and {@code CI=true}
   * @throws org.opentest4j.TestAbortedException if the file is missing elsewhere (the test is skipped)
   */
  public VendorSpec spec(String vendor) {
    Objects.requireNonNull(vendor, "vendor == null");
    String relative = FILES.get(vendor.toLowerCase(Locale.ROOT));
    if (relative == null) {
      Optional<Path> supplement = supplement(vendor.toLowerCase(Locale.ROOT));
      if (supplement.isPresent()) {
        return LOADED.computeIfAbsent(supplement.get(), f -> VendorSpec.load(vendor.toLowerCase(Locale.ROOT), f));
      }
      throw new IllegalArgumentException(
          "Unknown vendor \"" + vendor + "\". Known vendors: " + String.join(", ", vendors())
              + ", or a supplement on the classpath at " + SUPPLEMENTS + "<vendor>.yaml. Add the description file to "
              + VendorSpecs.class.getSimpleName() + " to support another.");
    }
    if (directory == null || !Files.isRegularFile(directory.resolve(relative))) {
      unavailable(vendor, relative);
    }
    Path file = Objects.requireNonNull(directory).resolve(relative);
    return LOADED.computeIfAbsent(file, f -> VendorSpec.load(vendor.toLowerCase(Locale.ROOT), f));
  }

  private static Optional<Path> supplement(String vendor) {
    ClassLoader loader = Objects.requireNonNullElse(Thread.currentThread().getContextClassLoader(), VendorSpecs.class.getClassLoader());
    java.net.URL url = loader.getResource(SUPPLEMENTS + vendor + ".yaml");
    if (url == null) {
      return Optional.empty();
    }
    try {
      if (url.getProtocol().equals("file")) {
        return Optional.of(Path.of(url.toURI()));
      }
      Path copy = Files.createTempFile("vendor-spec-" + vendor, ".yaml");
      try (var in = url.openStream()) {
        Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      return Optional.of(copy);
    } catch (java.io.IOException | java.net.URISyntaxException e) {
      throw new IllegalStateException("Cannot read the " + vendor + " supplement " + url + ": " + e.getMessage(), e);
    }
  }

  private void unavailable(String vendor, String relative) {
    String where =
        directory == null
            ? "no vendor-specs directory was found (" + origin + ")"
            : (Files.isDirectory(directory) ? directory.resolve(relative) : directory) + " does not exist (" + origin + ")";
    String message =
        "The " + vendor + " API description is not available: " + where + ". Set " + DIRECTORY_ENV
            + " to the directory that holds the vendor descriptions (see shared/vendor-specs/SOURCES.md).";
    if (ci) {
      throw new AssertionError(message + " Under CI=true this is a failure, not a skip.");
    }
    Assumptions.abort(message + " Skipping: fixtures cannot be validated without it.");
  }

  /** The directory searched; empty when no repository root was found to resolve the default against. */
  public Optional<Path> directory() {
    return Optional.ofNullable(directory);
  }

  @Override
  public String toString() {
    return "VendorSpecs[" + (directory == null ? origin : directory) + "]";
  }
}
