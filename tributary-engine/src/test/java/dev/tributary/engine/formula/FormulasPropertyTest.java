package dev.tributary.engine.formula;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random formulas over random inputs: a value or a FormulaException, nothing else, always bounded. */
class FormulasPropertyTest {

  private static final List<String> KEYS = List.copyOf(Formulas.KNOWN.stream().sorted().toList());

  @Provide
  Arbitrary<Object> documents() {
    return document(4);
  }

  private Arbitrary<Object> document(int depth) {
    Arbitrary<Object> leaf = Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(12).map(s -> (Object) s),
        Arbitraries.of("$.input.id", "$.input.items", "$.input.items[0].n", "$", "$.item", "$.index", "input.name",
            "$.a\\.b", "$[", "Hello, {name}!", "input.items.n", "$sum(input.items.n)", "(", "**").map(s -> (Object) s),
        Arbitraries.integers().between(-3, 3).map(i -> (Object) i),
        Arbitraries.of(true, false).map(b -> (Object) b),
        Arbitraries.just(null));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> child = Arbitraries.lazy(() -> document(depth - 1));
    Arbitrary<Object> formula = Arbitraries.of(KEYS).flatMap(key -> child.map(argument -> {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put(key, argument);
      return (Object) map;
    }));
    Arbitrary<Object> eval = Arbitraries.of("is", "isNot", "isEmpty", "contains", "oneOf", "gt", "lte", "bogus")
        .flatMap(op -> child.list().ofMaxSize(2).map(args -> {
          Map<String, Object> map = new LinkedHashMap<>();
          map.put("$eval", args.isEmpty() ? null : args.getFirst());
          map.put(op, args.size() > 1 ? args.get(1) : null);
          return (Object) map;
        }));
    Arbitrary<Object> options = Arbitraries.of("values", "delimiter", "cases", "filter", "value", "default", "source",
            "item", "mapping", "from", "to", "template", "field", "operator", "query")
        .flatMap(name -> child.map(value -> {
          Map<String, Object> map = new LinkedHashMap<>();
          map.put(name, value);
          return (Object) map;
        }));
    Arbitrary<Object> list = child.list().ofMaxSize(3).map(items -> (Object) new ArrayList<>(items));
    return Arbitraries.oneOf(leaf, formula, eval, options, list);
  }

  @Property(tries = 1000)
  void evaluationGivesAValueOrAFormulaExceptionAndNothingElse(@ForAll("documents") Object document) {
    Map<String, Object> variables = Map.of("input", Map.of("id", 7, "name", "Ann Lee",
        "items", List.of(Map.of("n", 1), Map.of("n", 2))), "a.b", "x");
    try {
      Object result = Formulas.evaluate(document, variables);
      assertThat(result == null || result instanceof String || result instanceof Number || result instanceof Boolean
          || result instanceof Map || result instanceof List).as("plain JSON value: %s", result).isTrue();
    } catch (FormulaException expected) {
      assertThat(expected.getMessage()).startsWith("Formula error at $");
    }
  }

  @Provide
  Arbitrary<Object> mappings() {
    return mapping(3);
  }

  /** Record mappings as connectors write them: objects of $var, $concat and other formulas, some malformed. */
  private Arbitrary<Object> mapping(int depth) {
    Arbitrary<Object> locator = Arbitraries.of("$.input.id", "$.input.name", "$.input.items[1].n", "$.input.missing.x",
        "input.items", "$.a\\.b", "$", "$[", "$.input.items[x]").map(s -> (Object) s);
    Arbitrary<Object> variable = locator.map(l -> (Object) single("$var", l));
    Arbitrary<Object> part = Arbitraries.oneOf(variable, Arbitraries.of("", " ", "x", "1").map(s -> (Object) s),
        Arbitraries.of(1.0, 2.5, 0).map(n -> (Object) n), Arbitraries.just(null), document(1));
    Arbitrary<Object> concatList = part.list().ofMaxSize(3).map(parts -> (Object) single("$concat", new ArrayList<>(parts)));
    Arbitrary<Object> concatOptions = part.list().ofMaxSize(3).flatMap(parts -> part.map(delimiter -> {
      Map<String, Object> options = new LinkedHashMap<>();
      options.put("values", new ArrayList<>(parts));
      options.put("delimiter", delimiter);
      return (Object) single("$concat", options);
    }));
    Arbitrary<Object> leaf = Arbitraries.oneOf(variable, concatList, concatOptions, part);
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Object> child = Arbitraries.lazy(() -> mapping(depth - 1));
    Arbitrary<Object> object = Arbitraries.of("id", "name", "fields", "$copy", "values", "delimiter")
        .list().uniqueElements().ofMaxSize(4).flatMap(keys -> child.list().ofSize(keys.size()).map(values -> {
          Map<String, Object> map = new LinkedHashMap<>();
          for (int i = 0; i < keys.size(); i++) {
            map.put(keys.get(i), keys.get(i).equals("$copy") ? "name" : values.get(i));
          }
          return (Object) map;
        }));
    return Arbitraries.oneOf(leaf, object, child.list().ofMaxSize(3).map(items -> (Object) new ArrayList<>(items)));
  }

  private static Map<String, Object> single(String key, Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(key, value);
    return map;
  }

  @Property(tries = 1000)
  void aCompiledTemplateGivesWhatTheGeneralWalkGives(@ForAll("mappings") Object mapping) {
    assertSameOutcome(mapping);
  }

  @Property(tries = 500)
  void aCompiledTemplateOfAnyDocumentGivesWhatTheGeneralWalkGives(@ForAll("documents") Object document) {
    assertSameOutcome(document);
  }

  private static void assertSameOutcome(Object document) {
    Map<String, Object> variables = Map.of("input", Map.of("id", 7, "name", "Ann Lee",
        "items", List.of(Map.of("n", 1), Map.of("n", 2.0))), "a.b", "x");
    Object expected;
    try {
      expected = Formulas.evaluate(document, variables);
    } catch (FormulaException e) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Template.compile(document).evaluate(variables))
          .isInstanceOf(FormulaException.class).hasMessage(e.getMessage());
      return;
    }
    Object actual = Template.compile(document).evaluate(variables);
    assertThat(actual).isEqualTo(expected);
    assertThat(String.valueOf(actual)).as("the same order of keys").isEqualTo(String.valueOf(expected));
  }

  @Property(tries = 20)
  void hugeIterationsStopAtTheStepBudget(@ForAll("documents") Object item) {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      many.add(i);
    }
    Map<String, Object> document = Map.of("$iterate", Map.of("source", many, "item", item == null ? "x" : item));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Formulas.evaluate(document, Map.of()))
        .isInstanceOf(FormulaException.class)
        .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("more than 100000 steps", "Formula error at $"));
  }
}
