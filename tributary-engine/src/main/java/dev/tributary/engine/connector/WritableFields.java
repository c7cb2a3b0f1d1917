package dev.tributary.engine.connector;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which fields a create or update may write: the fields schema's properties, less those marked
 * {@code readOnly}, narrowed to the method's {@code fields} when it lists them, less its {@code
 * excludedFields}; a create must also carry its {@code requiredFields}.
 */
final class WritableFields {

  private WritableFields() {}

  @SuppressWarnings("unchecked")
  static Set<String> of(CollectionSpec spec, CollectionSpec.WriteSpec write) {
    Map<String, Object> properties = (Map<String, Object>) spec.fieldsSchema().getOrDefault("properties", Map.of());
    Set<String> writable = new LinkedHashSet<>();
    properties.forEach((name, schema) -> {
      if (!(schema instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("readOnly")))) {
        writable.add(name);
      }
    });
    if (write.fields() != null) {
      writable.retainAll(write.fields());
    }
    write.excludedFields().forEach(writable::remove);
    return writable;
  }

  /**
   * @param method {@code create} or {@code update}, for the messages
   * @throws InvalidInputException naming every field that may not be written or is missing
   */
  static void check(CollectionSpec spec, CollectionSpec.WriteSpec write, String method, Map<String, Object> fields) {
    Set<String> writable = of(spec, write);
    Map<String, List<String>> problems = new LinkedHashMap<>();
    for (String field : fields.keySet()) {
      if (!writable.contains(field)) {
        problems.put("fields." + field, List.of("\"" + field + "\" cannot be written by " + method + " on "
            + spec.key() + ". Writable fields: " + String.join(", ", new TreeSet<>(writable)) + "."));
      }
    }
    if (method.equals("create")) {
      for (String required : write.requiredFields()) {
        Object value = fields.get(required);
        if (value == null || (value instanceof String text && text.isBlank())) {
          problems.put("fields." + required, List.of("\"" + required + "\" is required to create a record in " + spec.key() + "."));
        }
      }
    }
    if (!problems.isEmpty()) {
      List<String> messages = new ArrayList<>();
      problems.values().forEach(messages::addAll);
      throw new InvalidInputException("Cannot " + method + " in " + spec.key() + ": " + String.join(" ", messages), problems);
    }
  }
}
