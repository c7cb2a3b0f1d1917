package dev.tributary.engine.connector;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates a mapping template (plain JSON values with formulas inside, such as {@code {$var:
 * $.cursor}}) against variables. The engine's formula language implements it.
 */
@FunctionalInterface
public interface TemplateEvaluator {

  @Nullable Object evaluate(@Nullable Object template, Map<String, Object> variables);

  /**
   * The template prepared once to be evaluated many times (a record mapping runs for every record
   * read), giving what {@link #evaluate} gives. By default it is evaluated afresh each time.
   */
  default Compiled compile(@Nullable Object template) {
    return variables -> evaluate(template, variables);
  }

  /** A template ready to evaluate against variables. */
  @FunctionalInterface
  interface Compiled {
    @Nullable Object evaluate(Map<String, Object> variables);
  }
}
