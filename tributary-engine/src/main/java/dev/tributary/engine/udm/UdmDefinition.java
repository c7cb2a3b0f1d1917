package dev.tributary.engine.udm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one model of the catalogue file, expanding the field shorthand into JSON Schema. */
final class UdmDefinition {

  private UdmDefinition() {}

  @SuppressWarnings("unchecked")
  static Udm read(String key, Map<String, Object> definition, String source, boolean withTimes, boolean withAuthors) {
    String where = source + ", " + key;
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("id", Map.of("type", "string", "readOnly", true));
    ((Map<String, Object>) require(definition, "fields", where)).forEach((name, field) -> properties.put(name, schema(field, where + ".fields." + name)));
    if (withTimes) {
      properties.put("createdTime", Map.of("type", "string", "format", "date-time", "readOnly", true));
      properties.put("updatedTime", Map.of("type", "string", "format", "date-time", "readOnly", true));
    }
    if (withAuthors) {
      properties.put("createdBy", Map.of("type", "string", "referenceUdm", "users", "readOnly", true));
      properties.put("updatedBy", Map.of("type", "string", "referenceUdm", "users", "readOnly", true));
    }
    List<Udm.UdmFallback> fallbacks = new ArrayList<>();
    for (Object fallback : (List<Object>) definition.getOrDefault("udmFallbacks", List.of())) {
      if (fallback instanceof String other) {
        fallbacks.add(new Udm.UdmFallback(other, Map.of(), Map.of()));
      } else {
        Map<String, Object> map = (Map<String, Object>) fallback;
        fallbacks.add(new Udm.UdmFallback((String) map.get("udm"),
            (Map<String, Object>) map.getOrDefault("importFields", Map.of()),
            (Map<String, Object>) map.getOrDefault("exportFields", Map.of())));
      }
    }
    Map<String, List<Object>> fieldFallbacks = new LinkedHashMap<>();
    ((Map<String, Object>) definition.getOrDefault("fieldFallbacks", Map.of()))
        .forEach((field, formulas) -> fieldFallbacks.put(field, (List<Object>) formulas));
    return new Udm(key, (String) require(definition, "singularName", where), (String) require(definition, "pluralName", where),
        (List<String>) definition.getOrDefault("categories", List.of()),
        Map.of("type", "object", "properties", properties),
        (List<String>) definition.getOrDefault("filterFields", List.of()), fallbacks, fieldFallbacks);
  }

  private static Object require(Map<String, Object> definition, String name, String where) {
    Object value = definition.get(name);
    if (value == null) {
      throw new IllegalArgumentException(where + ": \"" + name + "\" is missing.");
    }
    return value;
  }

  /** {@code string}, {@code date-time}, {@code object[]}, … or {@code {type, enum, referenceUdm, readOnly}}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> schema(Object field, String where) {
    if (field instanceof String shorthand) {
      return type(shorthand, where);
    }
    Map<String, Object> options = (Map<String, Object>) field;
    Map<String, Object> schema = new LinkedHashMap<>(type((String) require(options, "type", where), where));
    options.forEach((name, value) -> {
      switch (name) {
        case "type" -> { }
        case "enum", "referenceUdm", "readOnly" -> schema.put(name, value);
        default -> throw new IllegalArgumentException(where + ": unknown option \"" + name + "\"; use type, enum,"
            + " referenceUdm or readOnly.");
      }
    });
    return schema;
  }

  private static Map<String, Object> type(String shorthand, String where) {
    if (shorthand.endsWith("[]")) {
      return Map.of("type", "array", "items", type(shorthand.substring(0, shorthand.length() - 2), where));
    }
    return switch (shorthand) {
      case "string", "number", "integer", "boolean", "object" -> Map.of("type", shorthand);
      case "date-time", "date" -> Map.of("type", "string", "format", shorthand);
      case "any" -> Map.of();
      default -> throw new IllegalArgumentException(where + ": unknown type \"" + shorthand + "\"; use string, number,"
          + " integer, boolean, object, date-time, date or any (with [] for a list).");
    };
  }

  @SuppressWarnings("unchecked")
  static void checkReferences(Udm udm, Set<String> known, String source) {
    String where = source + ", " + udm.key();
    Map<String, Object> properties = (Map<String, Object>) udm.fieldsSchema().get("properties");
    properties.forEach((name, schema) -> {
      Object reference = ((Map<String, Object>) schema).get("referenceUdm");
      if (reference != null && !known.contains(reference)) {
        throw new IllegalArgumentException(where + ".fields." + name + ": referenceUdm \"" + reference
            + "\" is not a model of the catalogue.");
      }
    });
    for (String field : udm.filterFields()) {
      if (!properties.containsKey(field)) {
        throw new IllegalArgumentException(where + ".filterFields: \"" + field + "\" is not a field of " + udm.key() + ".");
      }
    }
    for (String field : udm.fieldFallbacks().keySet()) {
      if (!properties.containsKey(field.split("\\.")[0])) {
        throw new IllegalArgumentException(where + ".fieldFallbacks: \"" + field + "\" is not a field of " + udm.key() + ".");
      }
    }
    for (Udm.UdmFallback fallback : udm.udmFallbacks()) {
      if (!known.contains(fallback.udm())) {
        throw new IllegalArgumentException(where + ".udmFallbacks: \"" + fallback.udm() + "\" is not a model of the catalogue.");
      }
    }
  }
}
