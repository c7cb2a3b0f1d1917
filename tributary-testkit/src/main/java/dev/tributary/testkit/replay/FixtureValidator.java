package dev.tributary.testkit.replay;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.ValidationReport.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks recorded exchanges against their vendor's API description: the request (path, method,
 * parameters, headers, body) and the response (status, headers, body schema). {@link ReplayServer}
 * runs it on every fixture before it starts; tests may call it directly.
 *
 * <p>Beyond the validator's own checks, the path must start with the vendor's {@linkplain
 * VendorSpec#basePath() base path}, and an exchange that pins an {@code operation} must resolve to
 * that operationId.
 */
public final class FixtureValidator {

  private static final Pattern PATH_PREFIX = Pattern.compile("^\\[Path '[^']*'] ");

  private final VendorSpecs specs;

  /** A validator that takes descriptions from {@code specs}. */
  public FixtureValidator(VendorSpecs specs) {
    this.specs = Objects.requireNonNull(specs, "specs == null");
  }

  /**
   * Checks every exchange and throws one exception listing all their violations.
   *
   * @throws InvalidFixtureException if any exchange has a violation
   * @throws AssertionError or {@code TestAbortedException} if a description is missing (see {@link VendorSpecs})
   */
  public void validate(Collection<Exchange> exchanges) {
    var violations = new ArrayList<FixtureViolation>();
    exchanges.forEach(exchange -> violations.addAll(violations(exchange)));
    if (!violations.isEmpty()) {
      throw new InvalidFixtureException(violations);
    }
  }

  /** The violations of one exchange, in the validator's order; empty when it is valid. */
  public List<FixtureViolation> violations(Exchange exchange) {
    VendorSpec spec = specs.spec(exchange.vendor());
    RecordedRequest request = exchange.request();
    var violations = new ArrayList<FixtureViolation>();
    String base = spec.basePath();
    if (!base.isEmpty() && !request.path().equals(base) && !request.path().startsWith(base + "/")) {
      violations.add(ownViolation(exchange, "tributary.fixture.path.basePath",
          "path " + request.path() + " does not start with " + base + ", the base path of the " + spec.vendor()
              + " server URL. Write the path as the client sends it: " + base + request.path() + "."));
    }
    ValidationReport report = spec.validate(toValidatorRequest(request), toValidatorResponse(exchange.vendor(), exchange.response()));
    for (ValidationReport.Message message : report.getMessages()) {
      if (message.getLevel() == Level.ERROR) {
        violations.add(violationOf(exchange, message));
      }
    }
    if (exchange.operation() != null) {
      // When the request resolves to no operation, the validator has already said so.
      Optional<String> actual = spec.operationIdOf(request.path(), Request.Method.valueOf(request.method()));
      if (actual.isPresent() && !actual.get().equals(exchange.operation())) {
        violations.add(ownViolation(exchange, "tributary.fixture.operation",
            request.method() + " " + request.path() + " is operation " + actual.get()
                + " in the " + spec.vendor() + " description, not " + exchange.operation() + "."));
      }
    }
    return violations;
  }

  private static FixtureViolation violationOf(Exchange exchange, ValidationReport.Message message) {
    var context = message.getContext();
    var pointers = context.flatMap(ValidationReport.MessageContext::getPointers);
    var details = new ArrayList<String>(message.getAdditionalInfo());
    message.getNestedMessages().forEach(nested -> details.add(nested.getKey() + ": " + nested.getMessage()));
    return new FixtureViolation(
        exchange,
        message.getKey(),
        // The pointer is reported on its own; the validator also puts it in front of the text.
        PATH_PREFIX.matcher(message.getMessage()).replaceFirst(""),
        context.flatMap(ValidationReport.MessageContext::getLocation).map(Enum::name).orElse(null),
        pointers.map(ValidationReport.MessageContext.Pointers::getInstance).orElse(null),
        pointers.map(ValidationReport.MessageContext.Pointers::getSchema).orElse(null),
        details);
  }

  private static FixtureViolation ownViolation(Exchange exchange, String key, String message) {
    return new FixtureViolation(exchange, key, message, "REQUEST", null, null, List.of());
  }

  private static Request toValidatorRequest(RecordedRequest request) {
    var builder = new SimpleRequest.Builder(request.method(), request.path());
    request.query().forEach(builder::withQueryParam);
    request.headers().forEach((name, value) -> builder.withHeader(name, value));
    if (request.body() != null) {
      builder.withBody(request.body());
    }
    return builder.build();
  }

  private static SimpleResponse toValidatorResponse(String vendor, RecordedResponse response) {
    var builder = new SimpleResponse.Builder(SpecRepairs.validatedStatus(vendor, response.status(), response.body()));
    response.headers().forEach((name, value) -> builder.withHeader(name, value));
    if (response.body() != null) {
      builder.withBody(response.body());
    }
    return builder.build();
  }
}
