package dev.tributary.testkit.replay;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.interaction.ApiOperationResolver;
import com.atlassian.oai.validator.model.ApiOperationMatch;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.util.OpenApiLoader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One vendor's API description, repaired and ready to validate recorded exchanges. Obtained from
 * {@link VendorSpecs#spec(String)}, which loads each file once per JVM; immutable and safe to share
 * between threads.
 */
public final class VendorSpec {

  private final String vendor;
  private final Path file;
  private final String basePath;
  private final String origin;
  private final List<String> repairs;
  private final Duration loadTime;
  private final OpenApiInteractionValidator validator;
  private final ApiOperationResolver operations;

  private VendorSpec(String vendor, Path file, OpenAPI api, List<String> repairs, long startNanos) {
    this.vendor = vendor;
    this.file = file;
    URI server = serverUrlOf(api.getServers());
    this.basePath = basePathOf(server);
    this.origin = server.getScheme() == null ? "" : server.getScheme() + "://" + server.getRawAuthority();
    this.repairs = repairs;
    String override = basePath.isEmpty() ? "/" : basePath;
    this.validator =
        OpenApiInteractionValidator.createFor(api)
            .withBasePathOverride(override)
            .withLevelResolver(SpecRepairs.levels(vendor))
            .build();
    this.operations = new ApiOperationResolver(api, override, false);
    this.loadTime = Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Reads, repairs and parses {@code file}; takes from milliseconds to a few seconds. */
  static VendorSpec load(String vendor, Path file) {
    long start = System.nanoTime();
    var tree = SpecReader.readObject(file);
    List<String> repairs = SpecRepairs.apply(vendor, tree);
    var options = new ParseOptions();
    // Unlike the validator's default, $refs stay references (the validator resolves them while it
    // validates). Fully resolved, Stripe's description takes 1.4 GB of heap and 9 s to load; as
    // references, 30 MB and under 2 s. Messages then name the component schema that refused a value
    // (/components/schemas/Project/properties/id) instead of a path through the inlined copy.
    options.setResolve(true);
    options.setResolveFully(false);
    OpenAPI api;
    try {
      api =
          new OpenApiLoader()
              .loadApi(
                  OpenApiInteractionValidator.SpecSource.inline(SpecReader.JSON.writeValueAsString(tree)),
                  List.of(),
                  options);
    } catch (OpenApiInteractionValidator.ApiLoadException e) {
      throw new IllegalStateException(
          "The " + vendor + " API description " + file + " cannot be loaded: " + e.getParseMessages()
              + ". If the vendor's file is at fault, add a repair for it in " + SpecRepairs.class.getName() + ".",
          e);
    }
    return new VendorSpec(vendor, file, api, repairs, start);
  }

  /** The vendor name, e.g. {@code jira} or {@code pipedrive-v2}. */
  public String vendor() {
    return vendor;
  }

  /** The description file that was loaded. */
  public Path file() {
    return file;
  }

  /**
   * The path prefix of the vendor's server URL, without a trailing slash: {@code /v1} for
   * Pipedrive v1, {@code /api/v2} for Pipedrive v2, {@code /api} for Slack, empty for Jira and
   * GitHub. The description's paths are relative to it, but a fixture's path is what the client
   * sends, so it starts with this prefix.
   */
  public String basePath() {
    return basePath;
  }

  /** The defects of the published file that {@code SpecRepairs} corrected; empty when none. */
  public List<String> repairs() {
    return repairs;
  }

  /** How long reading, repairing and parsing the description and building its validator took. */
  public Duration loadTime() {
    return loadTime;
  }

  /**
   * The scheme and host of the vendor's server URL, e.g. {@code https://api.github.com}; empty when
   * the description names no absolute server. The replay server rewrites it to its own address.
   */
  String origin() {
    return origin;
  }

  ValidationReport validate(Request request, Response response) {
    return validator.validate(request, response);
  }

  /** The operationId of the operation that {@code method} {@code path} resolves to, if any. */
  Optional<String> operationIdOf(String path, Request.Method method) {
    ApiOperationMatch match = operations.findApiOperation(path, method);
    if (!match.isPathFound() || !match.isOperationAllowed()) {
      return Optional.empty();
    }
    return Optional.ofNullable(match.getApiOperation().getOperation().getOperationId());
  }

  /** The same rule the validator applies: the first server URL, variables at their defaults. */
  private static URI serverUrlOf(@Nullable List<Server> servers) {
    if (servers == null || servers.isEmpty() || servers.getFirst().getUrl() == null) {
      return URI.create("");
    }
    Server server = servers.getFirst();
    String url = server.getUrl();
    if (server.getVariables() != null) {
      for (var variable : server.getVariables().entrySet()) {
        String value = variable.getValue().getDefault();
        url = url.replace("{" + variable.getKey() + "}", value == null ? "" : value);
      }
    }
    return URI.create(url);
  }

  private static String basePathOf(URI server) {
    String path = Optional.ofNullable(server.getPath()).orElse("");
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  @Override
  public String toString() {
    return vendor + " (" + file + ")";
  }
}
