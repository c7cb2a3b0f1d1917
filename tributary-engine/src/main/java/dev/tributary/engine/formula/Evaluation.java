package dev.tributary.engine.formula;

import com.dashjoin.jsonata.Jsonata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** One evaluation: the variables, and the budget of steps it may still spend. */
final class Evaluation {

  private Map<String, Object> variables;
  private boolean ownsVariables;
  private int steps;

  Evaluation(Map<String, Object> variables) {
    this(variables, 0);
  }

  /** @param stepsSpent steps already spent on the same document (by a {@link Template}'s compiled values) */
  Evaluation(Map<String, Object> variables, int stepsSpent) {
    // Read as given; copied only when $iterate first binds item, index and parent (most mappings
    // never iterate, and a copy per template was a large share of mapping a record).
    this.variables = variables;
    this.steps = stepsSpent;
  }

  /**
   * @param parent the object holding this value, for {@code $copy}; null at the top and in lists
   */
  @Nullable Object value(@Nullable Object value, DocumentPath path, int depth, @Nullable Map<?, ?> parent) {
    if (++steps > Formulas.MAX_STEPS) {
      throw new FormulaException(path, "evaluation took more than " + Formulas.MAX_STEPS + " steps. Simplify the"
          + " formula or iterate over fewer items.");
    }
    if (depth > Formulas.MAX_DEPTH) {
      throw new FormulaException(path, "formulas are nested more than " + Formulas.MAX_DEPTH + " levels deep.");
    }
    if (value instanceof Map<?, ?> map) {
      String key = Formulas.formulaKey(map);
      if (key != null) {
        return formula(key, map, path.key(key), depth + 1, parent);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        Object item = value(entry.getValue(), path.key(entry.getKey()), depth + 1, map);
        if (item != Formulas.UNDEFINED) {
          result.put(String.valueOf(entry.getKey()), item);
        }
      }
      return result;
    }
    if (value instanceof List<?> list) {
      List<Object> result = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Object item = value(list.get(i), path.index(i), depth + 1, null);
        if (item != Formulas.UNDEFINED) {
          result.add(item);
        }
      }
      return result;
    }
    return value;
  }

  private @Nullable Object formula(String key, Map<?, ?> map, DocumentPath path, int depth, @Nullable Map<?, ?> parent) {
    if (!Formulas.KNOWN.contains(key)) {
      throw new FormulaException(path, "unknown formula \"" + key + "\". Known formulas: "
          + String.join(", ", new TreeSet<>(Formulas.KNOWN)) + ". To write a key starting with $, wrap the"
          + " object in {$plain: …}.");
    }
    Object argument = map.get(key);
    if (Formulas.DEFERRED.contains(key)) {
      return map;
    }
    return switch (key) {
      case "$var" -> variable(argument, path, depth);
      case "$plain" -> argument;
      case "$copy" -> copy(argument, path, depth, parent);
      case "$concat" -> concat(argument, path, depth);
      case "$tpl" -> template(argument, path, depth);
      case "$firstNotEmpty" -> firstNotEmpty(argument, path, depth);
      case "$map" -> mapValue(argument, path, depth);
      case "$case" -> caseOf(argument, path, depth);
      case "$iterate" -> iterate(argument, path, depth);
      case "$eval" -> Conditions.eval(this, map, path, depth);
      case "$and", "$or" -> Conditions.logic(this, key, argument, path, depth);
      case "$firstName", "$lastName" -> name(key, argument, path, depth);
      case "$formula" -> substitute(argument, path, depth);
      case "$jsonata" -> jsonata(argument, path, depth);
      case "$domainFromEmail" -> domain(argument, path, depth);
      case "$mergeObjects" -> merge(argument, path, depth);
      case "$extractDate", "$extractTime" -> extract(key, argument, path, depth);
      default -> throw new FormulaException(path, "unknown formula \"" + key + "\".");
    };
  }

  private @Nullable Object variable(@Nullable Object argument, DocumentPath path, int depth) {
    Object locator = argument instanceof Map<?, ?> ? value(argument, path, depth, null) : argument;
    if (!(locator instanceof String text)) {
      throw new FormulaException(path, "$var takes a locator such as \"$.input.id\", not " + describe(locator) + ".");
    }
    return Locator.resolve(text, variables);
  }

  private @Nullable Object copy(@Nullable Object argument, DocumentPath path, int depth, @Nullable Map<?, ?> parent) {
    if (!(argument instanceof String sibling)) {
      throw new FormulaException(path, "$copy takes the name of a sibling key, not " + describe(argument) + ".");
    }
    if (parent == null || !parent.containsKey(sibling)) {
      return Formulas.UNDEFINED;
    }
    Object source = parent.get(sibling);
    if (source instanceof Map<?, ?> map && "$copy".equals(Formulas.formulaKey(map))) {
      throw new FormulaException(path, "$copy of \"" + sibling + "\", which is itself a $copy: copy the value it copies.");
    }
    return value(source, path, depth, parent);
  }

  private Object concat(@Nullable Object argument, DocumentPath path, int depth) {
    Object values = argument;
    String delimiter = "";
    if (argument instanceof Map<?, ?> options) {
      values = options.get("values");
      Object given = value(options.get("delimiter"), path.key("delimiter"), depth, null);
      delimiter = given == null || given == Formulas.UNDEFINED ? "" : Values.text(given);
    }
    if (!(values instanceof List<?>)) {
      throw new FormulaException(path, "$concat takes a list, or {values: [...], delimiter: \" \"}; got " + describe(values) + ".");
    }
    List<String> parts = new ArrayList<>();
    for (Object part : (List<?>) value(values, path, depth, null)) {
      if (!Values.isEmpty(part)) {
        parts.add(Values.text(part));
      }
    }
    return parts.isEmpty() ? Formulas.UNDEFINED : String.join(delimiter, parts);
  }

  private Object template(@Nullable Object argument, DocumentPath path, int depth) {
    if (!(argument instanceof Map<?, ?> options) || !(options.get("template") instanceof String text)) {
      throw new FormulaException(path, "$tpl takes {template: \"Hello, {name}!\", values: {name: …}}.");
    }
    Object values = value(options.get("values"), path.key("values"), depth, null);
    Map<?, ?> map = values instanceof Map<?, ?> given ? given : Map.of();
    StringBuilder result = new StringBuilder();
    var matcher = java.util.regex.Pattern.compile("\\{([^{}]+)}").matcher(text);
    while (matcher.find()) {
      Object replacement = map.get(matcher.group(1));
      matcher.appendReplacement(result, java.util.regex.Matcher.quoteReplacement(
          Values.isEmpty(replacement) ? "" : Values.text(replacement)));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private Object firstNotEmpty(@Nullable Object argument, DocumentPath path, int depth) {
    if (!(argument instanceof List<?> options)) {
      throw new FormulaException(path, "$firstNotEmpty takes a list of values; got " + describe(argument) + ".");
    }
    for (int i = 0; i < options.size(); i++) {
      Object candidate = value(options.get(i), path.index(i), depth, null);
      if (!Values.isEmpty(candidate)) {
        return candidate;
      }
    }
    return Formulas.UNDEFINED;
  }

  private @Nullable Object mapValue(@Nullable Object argument, DocumentPath path, int depth) {
    if (!(argument instanceof Map<?, ?> options) || !(options.get("mapping") instanceof List<?> mapping)) {
      throw new FormulaException(path, "$map takes {value: …, mapping: [{from: …, to: …}], default: …}.");
    }
    Object input = value(options.get("value"), path.key("value"), depth, null);
    for (int i = 0; i < mapping.size(); i++) {
      if (!(mapping.get(i) instanceof Map<?, ?> pair)) {
        throw new FormulaException(path.key("mapping").index(i), "each mapping is {from: …, to: …}.");
      }
      if (Values.looselyEqual(input, value(pair.get("from"), path.key("mapping").index(i).key("from"), depth, null))) {
        return value(pair.get("to"), path.key("mapping").index(i).key("to"), depth, null);
      }
    }
    return options.containsKey("default") ? value(options.get("default"), path.key("default"), depth, null) : Formulas.UNDEFINED;
  }

  private @Nullable Object caseOf(@Nullable Object argument, DocumentPath path, int depth) {
    if (!(argument instanceof Map<?, ?> options) || !(options.get("cases") instanceof List<?> cases)) {
      throw new FormulaException(path, "$case takes {cases: [{filter: …, value: …}], default: …}.");
    }
    for (int i = 0; i < cases.size(); i++) {
      DocumentPath casePath = path.key("cases").index(i);
      if (!(cases.get(i) instanceof Map<?, ?> option)) {
        throw new FormulaException(casePath, "each case is {filter: …, value: …}.");
      }
      if (!option.containsKey("filter") || Conditions.holds(this, option.get("filter"), casePath.key("filter"), depth)) {
        return value(option.get("value"), casePath.key("value"), depth, null);
      }
    }
    return options.containsKey("default") ? value(options.get("default"), path.key("default"), depth, null) : Formulas.UNDEFINED;
  }

  private Object iterate(@Nullable Object argument, DocumentPath path, int depth) {
    if (!(argument instanceof Map<?, ?> options) || !options.containsKey("item")) {
      throw new FormulaException(path, "$iterate takes {source: <a list>, item: <what each item becomes>}.");
    }
    Object source = value(options.get("source"), path.key("source"), depth, null);
    if (Values.isEmpty(source)) {
      return Formulas.UNDEFINED;
    }
    if (!(source instanceof List<?> items)) {
      throw new FormulaException(path.key("source"), "must give a list; got " + describe(source) + ".");
    }
    if (!ownsVariables) {
      variables = new LinkedHashMap<>(variables);
      ownsVariables = true;
    }
    Object outerItem = variables.get("item");
    Object outerIndex = variables.get("index");
    Object outerParent = variables.get("parent");
    List<Object> result = new ArrayList<>();
    try {
      for (int i = 0; i < items.size(); i++) {
        variables.put("parent", outerItem);
        variables.put("item", items.get(i));
        variables.put("index", i);
        Object mapped = value(options.get("item"), path.key("item").index(i), depth, null);
        if (mapped != Formulas.UNDEFINED) {
          result.add(mapped);
        }
      }
    } finally {
      restore("item", outerItem);
      restore("index", outerIndex);
      restore("parent", outerParent);
    }
    return result.isEmpty() ? Formulas.UNDEFINED : result;
  }

  private void restore(String name, @Nullable Object previous) {
    if (previous == null) {
      variables.remove(name);
    } else {
      variables.put(name, previous);
    }
  }

  private Object name(String key, @Nullable Object argument, DocumentPath path, int depth) {
    Object full = value(argument, path, depth, null);
    if (Values.isEmpty(full)) {
      return Formulas.UNDEFINED;
    }
    String[] words = Values.text(full).strip().split("\\s+");
    if (key.equals("$lastName")) {
      return words[words.length - 1];
    }
    // A single word is taken as the last name, so there is no first name.
    return words.length == 1 ? Formulas.UNDEFINED : String.join(" ", java.util.Arrays.copyOf(words, words.length - 1));
  }

  /** {@code $formula}: the argument with each {@code $var} replaced by its value, other formulas kept. */
  private @Nullable Object substitute(@Nullable Object argument, DocumentPath path, int depth) {
    if (++steps > Formulas.MAX_STEPS || depth > Formulas.MAX_DEPTH) {
      throw new FormulaException(path, "$formula is too large or too deep.");
    }
    if (argument instanceof Map<?, ?> map) {
      if ("$var".equals(Formulas.formulaKey(map))) {
        return variable(map.get("$var"), path, depth);
      }
      Map<String, Object> result = new LinkedHashMap<>();
      map.forEach((name, item) -> result.put(String.valueOf(name), substitute(item, path.key(name), depth + 1)));
      return result;
    }
    if (argument instanceof List<?> list) {
      List<Object> result = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        result.add(substitute(list.get(i), path.index(i), depth + 1));
      }
      return result;
    }
    return argument;
  }

  private @Nullable Object jsonata(@Nullable Object argument, DocumentPath path, int depth) {
    Object expression = value(argument, path, depth, null);
    if (!(expression instanceof String text)) {
      throw new FormulaException(path, "$jsonata takes an expression as text; got " + describe(expression) + ".");
    }
    if (text.length() > JsonataRunner.MAX_EXPRESSION_LENGTH) {
      throw new FormulaException(path, "the JSONata expression is " + text.length() + " characters long; the limit is "
          + JsonataRunner.MAX_EXPRESSION_LENGTH + ".");
    }
    Map<String, Object> input = new LinkedHashMap<>(variables);
    Object result = JsonataRunner.run(path.toString(), text, () -> {
      Jsonata compiled = Jsonata.jsonata(text);
      Jsonata.Frame frame = compiled.createFrame();
      frame.setRuntimeBounds(Formulas.JSONATA_TIMEOUT_MILLIS, Formulas.MAX_DEPTH * 4);
      return compiled.evaluate(input, frame);
    });
    return result == null ? Formulas.UNDEFINED : JsonataValues.plain(result);
  }

  private Object domain(@Nullable Object argument, DocumentPath path, int depth) {
    Object email = value(argument, path, depth, null);
    if (!(email instanceof String text) || !text.contains("@")) {
      return Formulas.UNDEFINED;
    }
    return text.substring(text.lastIndexOf('@') + 1).strip().toLowerCase(java.util.Locale.ROOT);
  }

  private Object merge(@Nullable Object argument, DocumentPath path, int depth) {
    Object items = value(argument, path, depth, null);
    if (!(items instanceof List<?> list)) {
      throw new FormulaException(path, "$mergeObjects takes a list of objects; got " + describe(items) + ".");
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    for (Object item : list) {
      if (item instanceof Map<?, ?> map) {
        map.forEach((name, value) -> merged.put(String.valueOf(name), value));
      }
    }
    return merged;
  }

  private Object extract(String key, @Nullable Object argument, DocumentPath path, int depth) {
    Object value = value(argument, path, depth, null);
    if (!(value instanceof String text) || text.length() < 10) {
      return Formulas.UNDEFINED;
    }
    int split = text.indexOf('T');
    if (key.equals("$extractDate")) {
      return text.substring(0, 10);
    }
    return split < 0 ? Formulas.UNDEFINED : text.substring(split + 1);
  }

  Map<String, Object> variables() {
    return variables;
  }

  static String describe(@Nullable Object value) {
    return switch (value) {
      case null -> "nothing";
      case String text -> "the text \"" + abbreviate(text) + "\"";
      case Number number -> "the number " + number;
      case Boolean flag -> flag.toString();
      case Map<?, ?> map -> "an object";
      case List<?> list -> "a list";
      default -> value == Formulas.UNDEFINED ? "nothing" : "a " + value.getClass().getSimpleName();
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "…";
  }
}
