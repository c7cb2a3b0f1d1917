package dev.tributary.engine.formula;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates documents with formulas inside:
 *
 * <pre>{@code
 * Formulas.evaluate(Map.of("title", Map.of("$var", "$.subject")), Map.of("subject", "Call Ann"))
 *   // {title=Call Ann}
 * }</pre>
 *
 * Objects and lists are walked; an object with one {@code $}-key naming a formula is replaced by
 * its value. A formula whose value is <em>undefined</em> (e.g. {@code $concat} of nothing) removes
 * its key from the enclosing object and its item from the enclosing list; at the top it gives
 * null. Evaluation is bounded: {@value #MAX_DEPTH} nested levels, {@value #MAX_STEPS} steps per
 * call, and {@value #JSONATA_TIMEOUT_MILLIS} ms per {@code $jsonata} expression. Thread-safe.
 */
public final class Formulas {

  /** The formula types, by key. */
  public static final Set<String> KNOWN = Set.of("$var", "$concat", "$tpl", "$case", "$firstNotEmpty", "$map",
      "$iterate", "$eval", "$and", "$or", "$firstName", "$lastName", "$copy", "$plain", "$formula", "$jsonata",
      "$lookup", "$domainFromEmail", "$mergeObjects", "$extractDate", "$extractTime", "$findExternalRecordId",
      "$findAppRecordId", "$dataSchemaRef");

  /** Formulas the language keeps as they are, for the engine to resolve later (e.g. {@code $lookup}). */
  public static final Set<String> DEFERRED = Set.of("$lookup", "$findExternalRecordId", "$findAppRecordId", "$dataSchemaRef");

  public static final int MAX_DEPTH = 64;
  public static final int MAX_STEPS = 100_000;
  public static final long JSONATA_TIMEOUT_MILLIS = 1_000;

  /** The value of a formula that has none; never returned by {@link #evaluate}. */
  static final Object UNDEFINED = new Object() {
    @Override
    public String toString() {
      return "undefined";
    }
  };

  private Formulas() {}

  /**
   * Evaluates {@code document} against {@code variables} (addressed by locators such as {@code
   * $.input.id}).
   *
   * @return the document with every formula replaced by its value; null for an undefined result
   * @throws FormulaException when a formula is malformed or a bound is exceeded; never another
   *     exception
   */
  public static @Nullable Object evaluate(@Nullable Object document, Map<String, Object> variables) {
    Object result;
    try {
      result = new Evaluation(variables).value(document, DocumentPath.ROOT, 0, null);
    } catch (FormulaException e) {
      throw e;
    } catch (StackOverflowError | RuntimeException e) {
      throw failed(e);
    }
    return result == UNDEFINED ? null : result;
  }

  /**
   * Whether {@code filter} holds against {@code variables}: a formula (e.g. {@code $eval}) whose
   * value is truthy, or a legacy condition list {@code [{field, operator, value}]}, as in {@code $case}.
   *
   * @throws FormulaException when the filter is malformed
   */
  public static boolean holds(@Nullable Object filter, Map<String, Object> variables) {
    try {
      return Conditions.holds(new Evaluation(variables), filter, DocumentPath.ROOT, 0);
    } catch (FormulaException e) {
      throw e;
    } catch (StackOverflowError | RuntimeException e) {
      throw failed(e);
    }
  }

  /** What an evaluation that failed other than by a FormulaException throws: a FormulaException naming the cause. */
  static FormulaException failed(Throwable e) {
    return new FormulaException("$", "evaluation failed (" + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ").", e);
  }

  /** True when {@code value} is an object whose one {@code $}-key names a formula. */
  public static boolean isFormula(@Nullable Object value) {
    return formulaKey(value) != null;
  }

  /** The formula key of an object, or null when it is not a formula. */
  static @Nullable String formulaKey(@Nullable Object value) {
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      return null;
    }
    if (map.size() == 1) { // the usual case, e.g. {$var: $.id}, read without a loop
      String only = String.valueOf(map.keySet().iterator().next());
      return only.startsWith("$") ? only : null;
    }
    if (map.size() > 2) {
      return null; // a formula has one key, $eval two
    }
    String key = null;
    for (Object name : map.keySet()) {
      if (String.valueOf(name).startsWith("$")) {
        if (key != null) {
          return null;
        }
        key = String.valueOf(name);
      }
    }
    if (key == null) {
      return null;
    }
    // $eval carries its operator as a sibling key; every other formula stands alone.
    boolean shapeFits = key.equals("$eval") ? map.size() <= 2 : map.size() == 1;
    return shapeFits ? key : null;
  }
}
