package dev.tributary.engine.formula;

import dev.tributary.error.TributaryException;
import java.util.List;
import java.util.Map;

/** A formula could not be evaluated. The message names where (a path into the document) and why. */
public final class FormulaException extends TributaryException {

  private final String path;

  FormulaException(DocumentPath path, String problem) {
    this(path.toString(), problem, null);
  }

  FormulaException(String path, String problem) {
    this(path, problem, null);
  }

  FormulaException(String path, String problem, Throwable cause) {
    super("Formula error at " + path + ": " + problem, Map.of(path, List.of(problem)), cause);
    this.path = path;
  }

  /** Where in the document the formula is, e.g. {@code $.fields.name.$concat[2]}. */
  public String path() {
    return path;
  }

  @Override
  public String type() {
    return "invalid-formula";
  }
}
