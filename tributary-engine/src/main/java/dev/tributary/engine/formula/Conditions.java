package dev.tributary.engine.formula;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code $eval} with its twelve operators, {@code $and} / {@code $or}, and the filters of {@code
 * $case} (a formula, or the legacy list of {@code {field, operator, value}} conditions).
 */
final class Conditions {

  static final Set<String> OPERATORS = Set.of("is", "isNot", "isEmpty", "isNotEmpty", "contains", "doesNotContain",
      "oneOf", "noneOf", "gt", "gte", "lt", "lte");

  private Conditions() {}

  /** {@code {$eval: <value>, <operator>: <argument>}}; a missing operator tests that the value is not empty. */
  static Object eval(Evaluation evaluation, Map<?, ?> formula, DocumentPath path, int depth) {
    Object subject = evaluation.value(formula.get("$eval"), path, depth, null);
    String operator = null;
    for (Object key : formula.keySet()) {
      if (!"$eval".equals(key)) {
        operator = String.valueOf(key);
      }
    }
    if (operator == null) {
      return !Values.isEmpty(subject);
    }
    if (!OPERATORS.contains(operator)) {
      throw new FormulaException(path, "unknown $eval operator \"" + operator + "\". Use one of: "
          + String.join(", ", new java.util.TreeSet<>(OPERATORS)) + ".");
    }
    Object argument = evaluation.value(formula.get(operator), path.key(operator), depth, null);
    return test(operator, subject, argument);
  }

  static boolean test(String operator, @Nullable Object subject, @Nullable Object argument) {
    return switch (operator) {
      case "is" -> Values.looselyEqual(subject, argument);
      case "isNot" -> !Values.looselyEqual(subject, argument);
      case "isEmpty" -> Values.isEmpty(subject) == !Boolean.FALSE.equals(argument);
      case "isNotEmpty" -> !Values.isEmpty(subject) == !Boolean.FALSE.equals(argument);
      case "contains" -> contains(subject, argument);
      case "doesNotContain" -> !contains(subject, argument);
      case "oneOf" -> argument instanceof Collection<?> options && options.stream().anyMatch(o -> Values.looselyEqual(subject, o));
      case "noneOf" -> !(argument instanceof Collection<?> options && options.stream().anyMatch(o -> Values.looselyEqual(subject, o)));
      case "gt" -> compared(subject, argument, c -> c > 0);
      case "gte" -> compared(subject, argument, c -> c >= 0);
      case "lt" -> compared(subject, argument, c -> c < 0);
      case "lte" -> compared(subject, argument, c -> c <= 0);
      default -> throw new IllegalArgumentException(operator);
    };
  }

  private static boolean contains(@Nullable Object subject, @Nullable Object argument) {
    if (subject instanceof String text && argument != null && argument != Formulas.UNDEFINED) {
      return text.contains(Values.text(argument));
    }
    return subject instanceof Collection<?> items && items.stream().anyMatch(item -> Values.looselyEqual(item, argument));
  }

  private static boolean compared(@Nullable Object subject, @Nullable Object argument, java.util.function.IntPredicate rule) {
    Integer comparison = Values.compare(subject, argument);
    return comparison != null && rule.test(comparison);
  }

  /** {@code $and} / {@code $or} over a list; undefined when every argument is null. */
  static Object logic(Evaluation evaluation, String key, @Nullable Object argument, DocumentPath path, int depth) {
    if (!(argument instanceof List<?> items)) {
      throw new FormulaException(path, key + " takes a list of conditions; got " + Evaluation.describe(argument) + ".");
    }
    boolean and = key.equals("$and");
    boolean anyDefined = false;
    boolean result = and;
    for (int i = 0; i < items.size(); i++) {
      Object value = evaluation.value(items.get(i), path.index(i), depth, null);
      if (value == null || value == Formulas.UNDEFINED) {
        continue;
      }
      anyDefined = true;
      boolean truth = truthy(value);
      result = and ? result && truth : result || truth;
    }
    return anyDefined ? result : Formulas.UNDEFINED;
  }

  /** Whether a {@code $case} filter holds. */
  static boolean holds(Evaluation evaluation, @Nullable Object filter, DocumentPath path, int depth) {
    if (filter instanceof List<?> conditions && conditions.stream().allMatch(c -> c instanceof Map<?, ?> m && m.containsKey("field"))) {
      for (int i = 0; i < conditions.size(); i++) {
        Map<?, ?> condition = (Map<?, ?>) conditions.get(i);
        DocumentPath conditionPath = path.index(i);
        Object field = condition.get("field");
        Object subject = field instanceof String locator ? Locator.resolve(locator, evaluation.variables()) : null;
        String operator = String.valueOf(condition.containsKey("operator") ? condition.get("operator") : "is");
        if (!OPERATORS.contains(operator)) {
          throw new FormulaException(conditionPath, "unknown operator \"" + operator + "\". Use one of: "
              + String.join(", ", new java.util.TreeSet<>(OPERATORS)) + ".");
        }
        if (!test(operator, subject, evaluation.value(condition.get("value"), conditionPath.key("value"), depth, null))) {
          return false;
        }
      }
      return true;
    }
    return truthy(evaluation.value(filter, path, depth, null));
  }

  static boolean truthy(@Nullable Object value) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    return !Values.isEmpty(value) && !(value instanceof Number number && number.doubleValue() == 0);
  }
}
