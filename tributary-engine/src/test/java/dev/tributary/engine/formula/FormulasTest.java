package dev.tributary.engine.formula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormulasTest {

  private static Object eval(Object document, Map<String, Object> variables) {
    return Formulas.evaluate(document, variables);
  }

  private static Map<String, Object> var(String locator) {
    return Map.of("$var", locator);
  }

  private final Map<String, Object> input = Map.of(
      "input", Map.of("id", 42, "name", "Ann Marie Smith", "email", "Ann@Example.org",
          "tags", List.of("a", "b"), "a.b", "dotted", "items", List.of(Map.of("n", 1), Map.of("n", 2))));

  @Test
  void varWalksKeysAndIndexesAndGivesNullForMissingOrInvalidPaths() {
    assertThat(eval(var("$.input.id"), input)).isEqualTo(42);
    assertThat(eval(var("$.input.tags[1]"), input)).isEqualTo("b");
    assertThat(eval(var("$.input.items[1].n"), input)).isEqualTo(2);
    assertThat(eval(var("input.id"), input)).isEqualTo(42);
    assertThat(eval(var("$.input.a\\.b"), input)).isEqualTo("dotted");
    assertThat(eval(var("$.input.missing.deeper"), input)).isNull();
    assertThat(eval(var("$.input.tags[9]"), input)).isNull();
    assertThat(eval(var("$.input.tags[x"), input)).isNull();
    assertThat(eval(var("$"), input)).isEqualTo(input);
  }

  @Test
  void objectsAndListsAreWalkedAndUndefinedValuesLeaveNoKey() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("id", var("$.input.id"));
    document.put("empty", Map.of("$concat", List.of()));
    document.put("list", List.of(var("$.input.tags[0]"), Map.of("$concat", List.of(""))));
    document.put("plain", "text");

    assertThat(eval(document, input)).isEqualTo(Map.of("id", 42, "list", List.of("a"), "plain", "text"));
  }

  @Test
  void concatDropsEmptyValuesAndReturnsUndefinedWhenNothingRemains() {
    assertThat(eval(Map.of("$concat", Map.of("values", List.of(var("$.input.name"), "", var("$.nope"), 7), "delimiter", " / ")), input))
        .isEqualTo("Ann Marie Smith / 7");
    assertThat(eval(Map.of("$concat", List.of("a", "b")), input)).isEqualTo("ab");
    assertThat(eval(Map.of("$concat", List.of("", var("$.nope"))), input)).isNull();
  }

  @Test
  void firstNotEmptySkipsNullAndEmptyText() {
    assertThat(eval(Map.of("$firstNotEmpty", List.of(var("$.nope"), "", "*")), input)).isEqualTo("*");
  }

  @Test
  void caseTakesTheFirstMatchingCaseAndACaseWithoutFilterAlwaysMatches() {
    Object formula = Map.of("$case", Map.of("cases", List.of(
        Map.of("filter", Map.of("$eval", var("$.input.id"), "gt", 100), "value", "big"),
        Map.of("filter", List.of(Map.of("field", "$.input.id", "operator", "is", "value", "42")), "value", "answer"),
        Map.of("value", "fallback"))));
    assertThat(eval(formula, input)).isEqualTo("answer");
    assertThat(eval(Map.of("$case", Map.of("cases", List.of(), "default", "d")), input)).isEqualTo("d");
  }

  @Test
  void evalSupportsItsTwelveOperators() {
    Map<String, Object> id = var("$.input.id");
    assertThat(eval(Map.of("$eval", id, "is", "42"), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", id, "isNot", 41), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", var("$.nope"), "isEmpty", true), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", id, "isNotEmpty", true), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", var("$.input.tags"), "contains", "b"), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", var("$.input.name"), "doesNotContain", "Bob"), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", id, "oneOf", List.of(1, 42)), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", id, "noneOf", List.of(1, 2)), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", id, "gt", 41), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", id, "gte", "42"), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", "2026-01-02T00:00:00Z", "lt", "2026-01-03"), input)).isEqualTo(true);
    assertThat(eval(Map.of("$eval", id, "lte", 41), input)).isEqualTo(false);
  }

  @Test
  void andOrAreUndefinedWhenEveryArgumentIsNull() {
    assertThat(eval(Map.of("$and", List.of(true, Map.of("$eval", var("$.input.id"), "is", 42))), input)).isEqualTo(true);
    assertThat(eval(Map.of("$or", List.of(false, var("$.nope"))), input)).isEqualTo(false);
    assertThat(eval(Map.of("$and", List.of(var("$.nope"))), input)).isNull();
  }

  @Test
  void namesSplitOnTheLastWordAndASingleWordIsALastName() {
    assertThat(eval(Map.of("$firstName", var("$.input.name")), input)).isEqualTo("Ann Marie");
    assertThat(eval(Map.of("$lastName", var("$.input.name")), input)).isEqualTo("Smith");
    assertThat(eval(Map.of("$lastName", "Cher"), input)).isEqualTo("Cher");
    assertThat(eval(Map.of("$firstName", "Cher"), input)).isNull();
  }

  @Test
  void mapTranslatesValuesLooselyAndFallsBackToDefault() {
    Object formula = Map.of("$map", Map.of("value", var("$.input.id"),
        "mapping", List.of(Map.of("from", "42", "to", "forty-two")), "default", "other"));
    assertThat(eval(formula, input)).isEqualTo("forty-two");
    assertThat(eval(Map.of("$map", Map.of("value", 1, "mapping", List.of(), "default", "other")), input)).isEqualTo("other");
  }

  @Test
  void iterateSeesItemIndexAndParent() {
    Object formula = Map.of("$iterate", Map.of("source", var("$.input.items"),
        "item", Map.of("n", var("$.item.n"), "at", var("$.index"))));
    assertThat(eval(formula, input)).isEqualTo(List.of(Map.of("n", 1, "at", 0), Map.of("n", 2, "at", 1)));
    assertThat(eval(Map.of("$iterate", Map.of("source", List.of(), "item", "x")), input)).isNull();
  }

  @Test
  void copyPlainAndFormulaBehaveAsTheirNamesSay() {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("a", var("$.input.id"));
    document.put("b", Map.of("$copy", "a"));
    assertThat(eval(document, input)).isEqualTo(Map.of("a", 42, "b", 42));
    assertThat(eval(Map.of("$plain", Map.of("$var", "$.x")), input)).isEqualTo(Map.of("$var", "$.x"));
    assertThat(eval(Map.of("$formula", Map.of("$concat", List.of(var("$.input.id"), Map.of("$var", "$.later")))), input))
        .isEqualTo(Map.of("$concat", java.util.Arrays.asList(42, null)));
  }

  @Test
  void tplFillsPlaceholders() {
    assertThat(eval(Map.of("$tpl", Map.of("template", "Hello, {name}!", "values", Map.of("name", var("$.input.name")))), input))
        .isEqualTo("Hello, Ann Marie Smith!");
  }

  @Test
  void jsonataEvaluatesAgainstTheVariables() {
    assertThat(eval(Map.of("$jsonata", "$sum(input.items.n) * 10"), input)).isEqualTo(30);
    assertThat(eval(Map.of("$jsonata", "input.items[n > 1]"), input)).isEqualTo(Map.of("n", 2));
  }

  @Test
  void lookupIsLeftForTheEngine() {
    Object lookup = Map.of("$lookup", Map.of("query", Map.of("email", var("$.input.email"))));
    assertThat(eval(lookup, input)).isEqualTo(lookup);
  }

  @Test
  void unknownFormulaNamesItAndItsPath() {
    assertThatThrownBy(() -> eval(Map.of("fields", Map.of("name", Map.of("$concatenate", List.of()))), input))
        .isInstanceOfSatisfying(FormulaException.class, e -> assertThat(e.path()).isEqualTo("$.fields.name.$concatenate"))
        .hasMessageStartingWith("Formula error at $.fields.name.$concatenate: unknown formula \"$concatenate\". Known formulas: $and,");
  }

  @Test
  void malformedArgumentsNameThePathAndTheExpectedShape() {
    assertThatThrownBy(() -> eval(Map.of("title", Map.of("$concat", "not a list")), input))
        .hasMessage("Formula error at $.title.$concat: $concat takes a list, or {values: [...], delimiter: \" \"}; got the"
            + " text \"not a list\".");
  }

  @Test
  void errorsDeepInListsObjectsAndIterationsNameTheFullPath() {
    Object broken = Map.of("$concat", 5);
    assertThatThrownBy(() -> eval(Map.of("fields", Map.of("items", Map.of("$iterate", Map.of("source", var("$.input.items"),
        "item", Map.of("n", var("$.item.n"), "label", Map.of("$firstNotEmpty", java.util.Arrays.asList(null, broken))))))), input))
        .isInstanceOfSatisfying(FormulaException.class,
            e -> assertThat(e.path()).isEqualTo("$.fields.items.$iterate.item[0].label.$firstNotEmpty[1].$concat"))
        .hasMessageStartingWith("Formula error at $.fields.items.$iterate.item[0].label.$firstNotEmpty[1].$concat: $concat takes a list");
    assertThatThrownBy(() -> eval(List.of("a", Map.of("$map", Map.of("value", 1, "mapping", List.of(Map.of("from", 2, "to", 3),
        Map.of("from", 1, "to", broken))))), input))
        .isInstanceOfSatisfying(FormulaException.class, e -> assertThat(e.path()).isEqualTo("$[1].$map.mapping[1].to.$concat"));
    assertThatThrownBy(() -> eval(Map.of("$case", Map.of("cases", List.of(Map.of("filter",
        Map.of("$eval", 1, "is", broken), "value", 1)))), input))
        .isInstanceOfSatisfying(FormulaException.class, e -> assertThat(e.path()).isEqualTo("$.$case.cases[0].filter.$eval.is.$concat"));
  }

  @Test
  void aLoneUnknownDollarKeyIsAnUnknownFormulaWithTheWayToWriteItPlain() {
    assertThatThrownBy(() -> eval(Map.of("price", Map.of("$amount", 5)), input))
        .isInstanceOfSatisfying(FormulaException.class, e -> assertThat(e.path()).isEqualTo("$.price.$amount"))
        .hasMessageEndingWith("To write a key starting with $, wrap the object in {$plain: …}.");
  }

  @Test
  void badJsonataIsAFormulaError() {
    assertThatThrownBy(() -> eval(Map.of("$jsonata", "input.[["), input)).isInstanceOf(FormulaException.class)
        .hasMessageContaining("the JSONata expression \"input.[[\" failed");
  }

  @Test
  void runawayJsonataIsStoppedByItsBound() {
    assertThatThrownBy(() -> eval(Map.of("$jsonata", "($f := function($n) { $f($n + 1) }; $f(0))"), input))
        .isInstanceOf(FormulaException.class);
  }

  @Test
  void tooDeepDocumentsAreRefused() {
    Object document = "leaf";
    for (int i = 0; i < 100; i++) {
      document = Map.of("k", document);
    }
    Object deep = document;
    assertThatThrownBy(() -> eval(deep, input)).isInstanceOf(FormulaException.class)
        .hasMessageContaining("nested more than 64 levels");
  }
}
