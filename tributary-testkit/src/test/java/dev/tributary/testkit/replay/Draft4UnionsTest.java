package dev.tributary.testkit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class Draft4UnionsTest {

  private static ObjectNode rewritten(String json) {
    var spec = (ObjectNode) SpecReader.JSON.readTree(json);
    Draft4Unions.rewrite(spec);
    return spec;
  }

  @Test
  void typeListWithNullBecomesANullableType() {
    var spec = rewritten("{\"definitions\": {\"p\": {\"properties\": {\"email\": {\"type\": [\"null\", \"string\"], \"format\": \"email\"}}}}}");

    assertThat(spec.at("/definitions/p/properties/email").toString())
        .isEqualTo("{\"type\":\"string\",\"format\":\"email\",\"x-nullable\":true}");
  }

  @Test
  void tupleOfNullAndReferenceInlinesTheDefinitionBecauseSwaggerDropsSiblingsOfRef() {
    var spec = rewritten("""
        {"definitions": {
          "id": {"type": "string", "pattern": "^B"},
          "m": {"properties": {"bot_id": {"items": [{"$ref": "#/definitions/id"}, {"type": "null"}]}}}}}""");

    assertThat(spec.at("/definitions/m/properties/bot_id").toString())
        .isEqualTo("{\"type\":\"string\",\"pattern\":\"^B\",\"x-nullable\":true}");
  }

  @Test
  void tupleOfObjectShapesMergesThemKeepingOnlyCommonRequiredProperties() {
    var spec = rewritten("""
        {"definitions": {"meta": {"items": [
          {"type": "object", "additionalProperties": false, "required": ["next_cursor"],
           "properties": {"next_cursor": {"type": "string"}}},
          {"type": "object", "additionalProperties": false, "required": ["messages", "next_cursor"],
           "properties": {"messages": {"type": "array", "items": {"type": "string"}}, "next_cursor": {"type": "string"}}}]}}}""");

    assertThat(spec.at("/definitions/meta").toString()).isEqualTo(
        "{\"type\":\"object\",\"properties\":{\"next_cursor\":{\"type\":\"string\"},"
            + "\"messages\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
            + "\"required\":[\"next_cursor\"],\"additionalProperties\":false}");
  }

  @Test
  void tupleUnderAnArrayDescribesEachElement() {
    var spec = rewritten("""
        {"definitions": {"r": {"properties": {"ids": {"type": "array",
          "items": [{"type": "string", "pattern": "^C"}, {"type": "string", "pattern": "^T"}]}}}}}""");

    assertThat(spec.at("/definitions/r/properties/ids").toString())
        .isEqualTo("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}");
  }

  @Test
  void examplesAreDataAndStayUntouched() {
    var spec = rewritten("{\"paths\": {\"/pins.list\": {\"get\": {\"responses\": {\"200\": {\"examples\": {\"application/json\": {\"items\": [{\"type\": \"message\"}]}}}}}}}}");

    assertThat(spec.at("/paths/~1pins.list/get/responses/200/examples/application~1json/items").isArray()).isTrue();
  }
}
