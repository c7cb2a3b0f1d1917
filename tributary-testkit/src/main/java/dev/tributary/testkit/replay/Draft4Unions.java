package dev.tributary.testkit.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Rewrites the JSON Schema draft-4 unions of a Swagger 2.0 description into what Swagger 2.0 can
 * say, for {@link SpecRepairs}. Slack's generator wrote "one of" in two ways Swagger 2.0 lacks:
 *
 * <ul>
 *   <li>a tuple, {@code "items": [A, B]} (without {@code "type": "array"}), for "A or B"; under
 *       {@code "type": "array"} it means "each element is A or B";
 *   <li>a type list, {@code "type": ["null", "string"]}, for a nullable value.
 * </ul>
 *
 * swagger-parser rejects some tuples outright and silently turns the rest into {@code object} or
 * drops the property, so valid bodies fail. Each union becomes: the one remaining shape with
 * {@code x-nullable} when the other is {@code null}; the merge of object shapes (every property any
 * shape declares, required where every shape requires it); or the common type of scalar shapes.
 * Swagger 2.0 cannot say "any type", so a union of different types keeps {@code object} if it is
 * one of them, else the first.
 */
final class Draft4Unions {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final ObjectNode spec;
  private final Set<String> inlining = new HashSet<>();
  private int rewritten;

  private Draft4Unions(ObjectNode spec) {
    this.spec = spec;
  }

  /** Rewrites every union in {@code spec} in place; returns how many there were. */
  static int rewrite(ObjectNode spec) {
    var unions = new Draft4Unions(spec);
    // Definitions first, so that a definition copied into a nullable property is already rewritten.
    unions.walk(spec.path("definitions"));
    unions.walk(spec);
    return unions.rewritten;
  }

  private void walk(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (var field : object.properties()) {
        // Examples are data, not schemas: a Slack example may well hold an "items" list.
        if (!field.getKey().equals("examples") && !field.getKey().equals("example")) {
          walk(field.getValue());
        }
      }
      rewriteUnion(object);
    } else if (node instanceof ArrayNode array) {
      array.values().forEach(this::walk);
    }
  }

  private void rewriteUnion(ObjectNode schema) {
    if (schema.get("type") instanceof ArrayNode types) {
      List<String> named = types.valueStream().map(JsonNode::asString).filter(t -> !t.equals("null")).toList();
      schema.put("type", named.contains("object") ? "object" : named.getFirst());
      if (named.size() < types.size()) {
        schema.put("x-nullable", true);
      }
      rewritten++;
    }
    if (schema.get("items") instanceof ArrayNode alternatives) {
      ObjectNode oneShape = union(alternatives.values());
      schema.remove("items");
      if (schema.path("type").asString("").equals("array")) {
        schema.set("items", oneShape);
      } else {
        schema.setAll(oneShape);
      }
      rewritten++;
    }
  }

  /** One schema that accepts each of {@code alternatives}; {@code x-nullable} if one of them is null. */
  private ObjectNode union(Collection<JsonNode> alternatives) {
    boolean nullable = alternatives.stream().anyMatch(a -> a.path("type").asString("").equals("null"));
    List<JsonNode> shapes = alternatives.stream().filter(a -> !a.path("type").asString("").equals("null")).toList();
    ObjectNode result;
    if (shapes.size() == 1 && !nullable) {
      result = copyOf(shapes.getFirst());
    } else if (shapes.size() == 1) {
      result = inlined(shapes.getFirst());
    } else {
      result = merge(shapes.stream().map(this::inlined).toList());
    }
    if (nullable) {
      result.put("x-nullable", true);
    }
    return result;
  }

  private ObjectNode merge(List<ObjectNode> shapes) {
    if (shapes.stream().allMatch(s -> s.has("properties"))) {
      return mergeObjects(shapes);
    }
    List<String> types = shapes.stream().map(s -> s.path("type").asString("object")).distinct().toList();
    String type = types.contains("object") ? "object" : types.getFirst();
    var merged = NODES.objectNode().put("type", type);
    if (type.equals("array")) {
      List<JsonNode> items = shapes.stream().map(s -> s.get("items")).filter(i -> i != null).distinct().toList();
      if (!items.isEmpty()) {
        merged.set("items", items.size() == 1 ? items.getFirst() : merge(items.stream().map(this::inlined).toList()));
      }
    }
    return merged;
  }

  private ObjectNode mergeObjects(List<ObjectNode> shapes) {
    var properties = new LinkedHashMap<String, List<JsonNode>>();
    List<String> required = null;
    boolean closed = true;
    for (ObjectNode shape : shapes) {
      shape.path("properties").properties()
          .forEach(e -> properties.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
      List<String> names = shape.path("required").valueStream().map(JsonNode::asString).toList();
      required = required == null ? names : required.stream().filter(names::contains).toList();
      closed &= shape.path("additionalProperties").isBoolean() && !shape.path("additionalProperties").asBoolean();
    }
    var merged = NODES.objectNode().put("type", "object");
    var mergedProperties = merged.putObject("properties");
    properties.forEach((name, declared) -> mergedProperties.set(name,
        declared.stream().distinct().count() == 1 ? declared.getFirst() : merge(declared.stream().map(this::inlined).toList())));
    if (required != null && !required.isEmpty()) {
      ArrayNode list = merged.putArray("required");
      required.forEach(list::add);
    }
    if (closed) {
      merged.put("additionalProperties", false);
    }
    return merged;
  }

  /**
   * A copy of {@code shape} with a top-level local {@code $ref} replaced by the definition itself:
   * swagger-parser drops the siblings of a {@code $ref}, so {@code x-nullable} needs the real schema.
   * A definition that refers to itself keeps its {@code $ref}.
   */
  private ObjectNode inlined(JsonNode shape) {
    if (shape.get("$ref") instanceof StringNode ref && ref.asString().startsWith("#/definitions/")) {
      String name = ref.asString().substring("#/definitions/".length());
      if (spec.path("definitions").get(name) instanceof ObjectNode definition && inlining.add(name)) {
        try {
          ObjectNode copy = definition.deepCopy();
          walk(copy);
          return copy;
        } finally {
          inlining.remove(name);
        }
      }
    }
    return copyOf(shape);
  }

  private static ObjectNode copyOf(JsonNode shape) {
    if (!(shape instanceof ObjectNode object)) {
      throw new IllegalStateException("A union alternative is not a schema object: " + shape);
    }
    return object.deepCopy();
  }
}
