package dev.tributary.engine.formula;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A document with formulas inside, prepared once to be evaluated many times: a connector's record
 * mapping runs for every record of every page it reads.
 *
 * <pre>{@code
 * Template title = Template.compile(Map.of("title", Map.of("$var", "$.subject")));
 * title.evaluate(Map.of("subject", "Call Ann"))   // {title=Call Ann}
 * }</pre>
 *
 * Evaluating gives exactly what {@link Formulas#evaluate} gives for the same document and
 * variables, and the same error for a malformed formula (only when the step budget runs out may
 * the error name another place). Compiling reads the document's shape once: plain
 * objects, lists and values, {@code $var} with a fixed locator and {@code $concat} become direct
 * steps (locators parsed once, no formula lookup per value); every other formula is evaluated by
 * the general walk, from its place in the document. The document must not change after it is
 * compiled. Thread-safe.
 */
public final class Template {

  /** Beyond this many values a document is left to the general walk as a whole, which counts its steps. */
  private static final int MAX_COMPILED_NODES = 10_000;

  private final Node root;
  private final int nodes;

  private Template(Node root, int nodes) {
    this.root = root;
    this.nodes = nodes;
  }

  /** Prepares {@code document} (plain JSON values, formulas inside) for evaluation. */
  public static Template compile(@Nullable Object document) {
    Compiler compiler = new Compiler();
    Node root = compiler.node(document, DocumentPath.ROOT, 0, null);
    if (compiler.nodes > MAX_COMPILED_NODES || compiler.tooDeep) {
      return new Template(new General(document, DocumentPath.ROOT, 0, null), 0);
    }
    return new Template(root, compiler.nodes);
  }

  /**
   * The document with every formula replaced by its value, as {@link Formulas#evaluate} gives it.
   *
   * @return null for an undefined result
   * @throws FormulaException when a formula is malformed or a bound is exceeded; never another exception
   */
  public @Nullable Object evaluate(Map<String, Object> variables) {
    Object result;
    try {
      result = root.value(new Run(variables, nodes));
    } catch (FormulaException e) {
      throw e;
    } catch (StackOverflowError | RuntimeException e) {
      throw Formulas.failed(e);
    }
    return result == Formulas.UNDEFINED ? null : result;
  }

  /**
   * One evaluation: the variables, and the general walk's {@link Evaluation}, made when a formula
   * first needs it. Its step budget starts spent by the compiled values, one step each, as the
   * general walk would count them.
   */
  private static final class Run {
    final Map<String, Object> variables;
    private final int compiledSteps;
    private @Nullable Evaluation evaluation;

    Run(Map<String, Object> variables, int compiledSteps) {
      this.variables = variables;
      this.compiledSteps = compiledSteps;
    }

    Evaluation evaluation() {
      if (evaluation == null) {
        evaluation = new Evaluation(variables, compiledSteps);
      }
      return evaluation;
    }
  }

  /** A value of the document: gives its value for one run, or {@link Formulas#UNDEFINED}. */
  private sealed interface Node permits Plain, ObjectNode, ListNode, Variable, Concat, General {
    @Nullable Object value(Run run);
  }

  /** A plain value (text, number, boolean, null): itself. */
  private record Plain(@Nullable Object value) implements Node {
    @Override
    public @Nullable Object value(Run run) {
      return value;
    }
  }

  /** An object that is not a formula: a new object of its keys' values, undefined ones left out. */
  private record ObjectNode(String[] keys, Node[] values) implements Node {
    @Override
    public Object value(Run run) {
      Map<String, Object> result = LinkedHashMap.newLinkedHashMap(keys.length);
      for (int i = 0; i < keys.length; i++) {
        Object item = values[i].value(run);
        if (item != Formulas.UNDEFINED) {
          result.put(keys[i], item);
        }
      }
      return result;
    }
  }

  /** A list: a new list of its items' values, undefined ones left out. */
  private record ListNode(Node[] items) implements Node {
    @Override
    public List<Object> value(Run run) {
      List<Object> result = new ArrayList<>(items.length);
      for (Node item : items) {
        Object value = item.value(run);
        if (value != Formulas.UNDEFINED) {
          result.add(value);
        }
      }
      return result;
    }
  }

  /** {@code {$var: "$.a.b"}} with a fixed locator: the variables' value there, or null. */
  private record Variable(List<Object> steps) implements Node {
    @Override
    public @Nullable Object value(Run run) {
      return Locator.walk(steps, run.variables);
    }
  }

  /** {@code {$concat: [...]}} or {@code {$concat: {values: [...], delimiter: …}}}: the non-empty parts joined. */
  private record Concat(ListNode values, @Nullable Node delimiter) implements Node {
    @Override
    public Object value(Run run) {
      String between = "";
      if (delimiter != null) {
        Object given = delimiter.value(run);
        between = given == null || given == Formulas.UNDEFINED ? "" : Values.text(given);
      }
      StringBuilder joined = null;
      for (Object part : values.value(run)) {
        if (!Values.isEmpty(part)) {
          if (joined == null) {
            joined = new StringBuilder();
          } else {
            joined.append(between);
          }
          joined.append(Values.text(part));
        }
      }
      return joined == null ? Formulas.UNDEFINED : joined.toString();
    }
  }

  /** Any other formula, evaluated by the general walk from its place in the document. */
  private record General(@Nullable Object document, DocumentPath path, int depth, @Nullable Map<?, ?> parent) implements Node {
    @Override
    public @Nullable Object value(Run run) {
      return run.evaluation().value(document, path, depth, parent);
    }
  }

  /** Turns a document into nodes, counting them (each is one step of the general walk). */
  private static final class Compiler {
    int nodes;
    boolean tooDeep;

    Node node(@Nullable Object value, DocumentPath path, int depth, @Nullable Map<?, ?> parent) {
      nodes++;
      if (depth > Formulas.MAX_DEPTH) {
        tooDeep = true; // the general walk names the path where the depth ran out
        return new Plain(null);
      }
      if (value instanceof Map<?, ?> map) {
        String key = Formulas.formulaKey(map);
        if (key != null) {
          return formula(key, map, path, depth, parent);
        }
        String[] keys = new String[map.size()];
        Node[] values = new Node[map.size()];
        int i = 0;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          keys[i] = String.valueOf(entry.getKey());
          values[i] = node(entry.getValue(), path.key(entry.getKey()), depth + 1, map);
          i++;
        }
        return new ObjectNode(keys, values);
      }
      if (value instanceof List<?> list) {
        return list(list, path, depth);
      }
      return new Plain(value);
    }

    /** A list at {@code depth} (checked here: a list the general walk reaches as a formula's argument). */
    private ListNode list(List<?> list, DocumentPath path, int depth) {
      if (depth > Formulas.MAX_DEPTH) {
        tooDeep = true;
      }
      Node[] items = new Node[list.size()];
      for (int i = 0; i < items.length; i++) {
        items[i] = node(list.get(i), path.index(i), depth + 1, null);
      }
      return new ListNode(items);
    }

    /** A formula at {@code path}, the object {@code map} holding it under {@code key}. */
    private Node formula(String key, Map<?, ?> map, DocumentPath path, int depth, @Nullable Map<?, ?> parent) {
      Object argument = map.get(key);
      if (key.equals("$var") && argument instanceof String locator) {
        List<Object> steps = Locator.steps(locator);
        if (steps != null) {
          return new Variable(steps);
        }
      }
      if (key.equals("$concat")) {
        DocumentPath at = path.key(key);
        if (argument instanceof List<?> values) {
          nodes++; // the general walk evaluates the list as one more value
          return new Concat(list(values, at, depth + 1), null);
        }
        if (argument instanceof Map<?, ?> options && options.get("values") instanceof List<?> values) {
          Node delimiter = node(options.get("delimiter"), at.key("delimiter"), depth + 1, null);
          nodes++;
          return new Concat(list(values, at, depth + 1), delimiter);
        }
      }
      nodes--; // the general walk counts the formula's own value
      return new General(map, path, depth, parent);
    }
  }
}
