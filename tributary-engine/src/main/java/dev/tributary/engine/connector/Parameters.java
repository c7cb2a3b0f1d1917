package dev.tributary.engine.connector;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tributary.engine.json.Json;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Checks a location's parameters against its {@code parametersSchema}. Values from a query string
 * arrive as text and are first converted to the schema's type (integer, number, boolean).
 */
public final class Parameters {

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  /**
   * Schemas built, by their JSON: a collection's parameters are checked on every request against
   * the same few schemas, and building one costs far more than checking a value. Keyed by a tree
   * made here, so a caller changing its map afterwards cannot change a key. Bounded.
   */
  private static final Map<JsonNode, Schema> BUILT = new ConcurrentHashMap<>();
  private static final int MAX_BUILT = 1_000;

  private Parameters() {}

  /**
   * @param what the location, for messages (e.g. {@code collection "issues"})
   * @return the parameters with text converted to the schema's types
   * @throws InvalidInputException naming each offending parameter
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> check(Map<String, Object> schema, Map<String, Object> raw, String what) {
    Map<String, Object> properties = (Map<String, Object>) schema.getOrDefault("properties", Map.of());
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, List<String>> problems = new LinkedHashMap<>();
    raw.forEach((name, value) -> {
      Object type = properties.get(name) instanceof Map<?, ?> property ? property.get("type") : null;
      try {
        values.put(name, value instanceof String text ? convert(text, type) : value);
      } catch (IllegalArgumentException e) {
        problems.put("parameters." + name, List.of("Invalid value \"" + value + "\" for " + name + ": must be " + type + "."));
      }
    });
    if (problems.isEmpty()) {
      problems.putAll(validate(schema, values, "parameters"));
    }
    if (!problems.isEmpty()) {
      List<String> messages = new ArrayList<>();
      problems.forEach((field, list) -> messages.add(field + ": " + String.join(" ", list)));
      throw new InvalidInputException("Invalid parameters for " + what + ". " + String.join(" ", messages)
          + " The parameters are described by its parametersSchema.", problems);
    }
    return values;
  }

  /**
   * Checks a value against a JSON Schema (draft 2020-12), with no conversion.
   *
   * @param prefix the value's name in the field paths of the problems (e.g. {@code input})
   * @return the problems per field path ({@code input.email}), empty when the value is valid
   */
  public static Map<String, List<String>> validate(Map<String, Object> schema, Object value, String prefix) {
    Map<String, List<String>> problems = new LinkedHashMap<>();
    for (Error error : built(schema).validate(Json.MAPPER.valueToTree(value))) {
      String field = error.getProperty() != null ? error.getProperty()
          : error.getInstanceLocation().toString().replaceFirst("^[$/.]+", "").replace('/', '.');
      String message = error.getMessage().replaceFirst("^[^:]*: ", "");
      problems.computeIfAbsent(field.isEmpty() ? prefix : prefix + "." + field, key -> new ArrayList<>())
          .add(Character.toUpperCase(message.charAt(0)) + message.substring(1) + ".");
    }
    return problems;
  }

  private static Schema built(Map<String, Object> schema) {
    JsonNode tree = Json.MAPPER.valueToTree(schema);
    Schema built = BUILT.get(tree);
    if (built == null) {
      built = REGISTRY.getSchema(tree);
      if (BUILT.size() >= MAX_BUILT) {
        BUILT.clear(); // schemas given with each call (an action's input) could be endless
      }
      BUILT.put(tree, built);
    }
    return built;
  }

  private static Object convert(String text, Object type) {
    if ("integer".equals(type)) {
      return Long.parseLong(text.strip());
    }
    if ("number".equals(type)) {
      return Double.parseDouble(text.strip());
    }
    if ("boolean".equals(type)) {
      return switch (text.strip()) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException(text);
      };
    }
    return text;
  }
}
