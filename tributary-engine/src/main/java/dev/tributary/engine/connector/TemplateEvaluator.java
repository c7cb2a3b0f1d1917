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
}
