package dev.tributary.engine.formula;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Compiled templates: the values and errors of the general walk (FormulasPropertyTest compares them at random). */
class TemplateTest {

  private final Map<String, Object> contact = Map.of("id", 7, "first_name", "Ann", "last_name", "Lee",
      "company", Map.of("name", "Acme", "id", 3), "tags", List.of("a", "b"));

  @Test
  void aRecordMappingGivesItsFieldsInTheTemplatesOrder() {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("id", Map.of("$var", "$.id"));
    template.put("name", Map.of("$concat", Map.of("values", List.of(Map.of("$var", "$.first_name"),
        Map.of("$var", "$.last_name"), Map.of("$var", "$.middle_name")), "delimiter", " ")));
    template.put("company", Map.of("name", Map.of("$var", "$.company.name")));
    template.put("firstTag", Map.of("$var", "$.tags[0]"));
    template.put("missing", Map.of("$var", "$.nothing.here"));
    template.put("initials", Map.of("$concat", List.of()));
    template.put("source", "api");

    Object mapped = Template.compile(template).evaluate(contact);

    assertThat(mapped).hasToString("{id=7, name=Ann Lee, company={name=Acme}, firstTag=a, missing=null, source=api}");
  }

  @Test
  void formulasItDoesNotCompileRunInTheirPlaceWithTheirSiblings() {
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("full", Map.of("$var", "$.first_name"));
    template.put("copy", Map.of("$copy", "full"));
    template.put("last", Map.of("$lastName", "Ann Marie Lee"));
    template.put("kind", Map.of("$map", Map.of("value", Map.of("$var", "$.id"), "mapping", List.of(Map.of("from", 7, "to", "seven")))));

    assertThat(Template.compile(template).evaluate(contact)).hasToString("{full=Ann, copy=Ann, last=Lee, kind=seven}");
  }

  @Test
  @SuppressWarnings("unchecked")
  void eachEvaluationGivesNewObjects() {
    Template template = Template.compile(Map.of("tags", List.of(Map.of("$var", "$.id"))));
    Map<String, Object> first = (Map<String, Object>) template.evaluate(contact);
    first.put("changed", true);
    ((List<Object>) first.get("tags")).add("more");

    assertThat(template.evaluate(contact)).hasToString("{tags=[7]}");
  }

  @Test
  void anUnknownFormulaFailsWithItsPathAsTheGeneralWalkDoes() {
    Map<String, Object> template = Map.of("fields", Map.of("name", Map.of("$shout", "x")));

    assertThatThrownBy(() -> Template.compile(template).evaluate(contact)).isInstanceOf(FormulaException.class)
        .hasMessageStartingWith("Formula error at $.fields.name.$shout: unknown formula \"$shout\"");
  }

  @Test
  void aDocumentNestedTooDeepFailsWhereTheGeneralWalkFails() {
    Object document = Map.of("$var", "$.id");
    for (int i = 0; i < Formulas.MAX_DEPTH + 5; i++) {
      document = Map.of("level", document);
    }
    Object deep = document;
    String expected = catchMessage(() -> Formulas.evaluate(deep, contact));

    assertThat(expected).contains("nested more than " + Formulas.MAX_DEPTH);
    assertThat(catchMessage(() -> Template.compile(deep).evaluate(contact))).isEqualTo(expected);
  }

  @Test
  void theStepBudgetCountsTheCompiledValues() {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < Formulas.MAX_STEPS / 2 - 50; i++) {
      items.add(i);
    }
    Map<String, Object> iterate = Map.of("$iterate", Map.of("source", items, "item", Map.of("$var", "$.item")));
    List<Object> many = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      many.add(Map.of("$var", "$.id"));
    }
    Map<String, Object> fitting = new LinkedHashMap<>(Map.of("items", iterate));
    Map<String, Object> tooLarge = new LinkedHashMap<>(Map.of("items", iterate, "ids", many));

    assertThat(Template.compile(fitting).evaluate(contact)).isEqualTo(Formulas.evaluate(fitting, contact));
    assertThat(catchMessage(() -> Formulas.evaluate(tooLarge, contact))).contains("more than " + Formulas.MAX_STEPS + " steps");
    assertThat(catchMessage(() -> Template.compile(tooLarge).evaluate(contact)))
        .contains("more than " + Formulas.MAX_STEPS + " steps");
  }

  private static String catchMessage(Runnable evaluation) {
    try {
      evaluation.run();
    } catch (FormulaException e) {
      return e.getMessage();
    }
    throw new AssertionError("no FormulaException");
  }
}
