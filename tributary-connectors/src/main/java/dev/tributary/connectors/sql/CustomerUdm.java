package dev.tributary.connectors.sql;

import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.UdmMapping;
import dev.tributary.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The customer's own Universal Data Model mappings, from the connection parameter {@code udm}:
 * per model the table that holds its records and the formulas between the table's columns and
 * the unified fields.
 *
 * <pre>{@code
 * "udm": {"contacts": {"schema": "crm", "table": "people",
 *     "fieldsFromCollection": {"fullName": {"$var": "$.full_name"}, "primaryEmail": {"$var": "$.email"}},
 *     "fieldsToCollection": {"full_name": {"$var": "$.fullName"}, "email": {"$var": "$.primaryEmail"}}}}
 * }</pre>
 */
final class CustomerUdm {

  static final String PARAMETER = "udm";

  static final Map<String, Object> SCHEMA = Map.of(
      "type", "object",
      "description", "Per Universal Data Model (contacts, users, tasks…), the table holding its records and the formulas"
          + " between its columns and the unified fields.",
      "additionalProperties", Map.of(
          "type", "object",
          "required", List.of("table"),
          "properties", Map.of(
              "schema", Map.of("type", "string"),
              "table", Map.of("type", "string", "minLength", 1),
              "fieldsFromCollection", Map.of("type", "object"),
              "fieldsToCollection", Map.of("type", "object"))));

  private CustomerUdm() {}

  /** The mappings the connection parameters give, keyed by model; empty when they give none. */
  @SuppressWarnings("unchecked")
  static Map<String, UdmMapping> from(Map<String, Object> connectionParameters) {
    Object given = connectionParameters.get(PARAMETER);
    if (given == null) {
      return Map.of();
    }
    if (!(given instanceof Map<?, ?> models)) {
      throw InvalidInputException.forField("connectionParameters.udm", "The connection parameter udm must be an object"
          + " keyed by Universal Data Model, e.g. {\"contacts\": {\"table\": \"people\", \"fieldsFromCollection\": {…}}}.");
    }
    Map<String, UdmMapping> mappings = new LinkedHashMap<>();
    models.forEach((model, value) -> {
      String where = "connectionParameters.udm." + model;
      if (!(value instanceof Map<?, ?> entry) || !(entry.get("table") instanceof String table) || table.isEmpty()) {
        throw InvalidInputException.forField(where, "The mapping of " + model + " must name its table: {\"table\": \"…\","
            + " \"fieldsFromCollection\": {…}, \"fieldsToCollection\": {…}}.");
      }
      Map<String, Object> parameters = new LinkedHashMap<>();
      if (entry.get("schema") instanceof String schema && !schema.isEmpty()) {
        parameters.put("schema", schema);
      }
      parameters.put("table", table);
      var collection = new UdmMapping.CollectionMapping(TableCollection.KEY, parameters,
          object(entry.get("fieldsFromCollection"), where + ".fieldsFromCollection"),
          object(entry.get("fieldsToCollection"), where + ".fieldsToCollection"));
      mappings.put(String.valueOf(model), new UdmMapping(new LocationPointer(TableCollection.KEY, parameters, "collection",
          table, null), List.of(collection)));
    });
    return mappings;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String where) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw InvalidInputException.forField(where, where + " must be an object of formulas keyed by field.");
  }
}
