package dev.tributary.testkit.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by {@link FixtureValidator#validate} and {@link ReplayServer#start} when recorded
 * exchanges do not match their vendor's API description. The message lists every violation of every
 * exchange; {@link #violations()} has them as values.
 */
public final class InvalidFixtureException extends IllegalArgumentException {

  private final transient List<FixtureViolation> violations;

  InvalidFixtureException(List<FixtureViolation> violations) {
    super(messageOf(violations));
    this.violations = List.copyOf(violations);
  }

  /** Every violation found, grouped by exchange in fixture order; never empty. */
  public List<FixtureViolation> violations() {
    return violations;
  }

  private static String messageOf(List<FixtureViolation> violations) {
    var byExchange = violations.stream()
        .collect(Collectors.groupingBy(FixtureViolation::exchange, LinkedHashMap::new, Collectors.toList()));
    var text = new StringBuilder();
    text.append(byExchange.size() == 1 ? "1 recorded exchange does" : byExchange.size() + " recorded exchanges do")
        .append(" not match the vendor's API description:");
    byExchange.forEach((exchange, list) -> {
      text.append("\n").append(exchange.label()).append(", vendor ").append(exchange.vendor()).append(':');
      list.forEach(v -> text.append("\n  - ").append(v.describe()));
    });
    text.append("\nChange the fixture to what the vendor really sends and answers. If the vendor's description")
        .append(" itself is wrong, add a repair that names the defect to SpecRepairs.");
    return text.toString();
  }
}
