package dev.tributary.engine.element;

import java.util.Map;

/**
 * One kind of layered element and its tables.
 *
 * @param noun for messages: {@code field mapping}
 * @param path the REST collection: {@code field-mappings}
 * @param keyField the selector field naming the element by key: {@code fieldMappingKey}
 * @param idField the selector field naming the element by id: {@code fieldMappingId}
 */
public record ElementKind(String noun, String table, String instanceTable, String path, String keyField, String idField) {

  public static final ElementKind FIELD_MAPPING = new ElementKind("field mapping", "field_mappings", "field_mapping_instances",
      "field-mappings", "fieldMappingKey", "fieldMappingId");
  public static final ElementKind ACTION = new ElementKind("action", "actions", "action_instances", "actions", "actionKey",
      "actionId");

  /**
   * What a feature says about its elements.
   */
  public interface Rules {

    /**
     * Checks and normalises an element's spec before it is stored.
     *
     * @param integrationId the element's integration, or null for a universal element
     * @throws dev.tributary.error.InvalidInputException naming what is wrong
     */
    Map<String, Object> check(dev.tributary.engine.workspace.Caller caller, @org.jspecify.annotations.Nullable String integrationId,
        Map<String, Object> spec);

    /** The spec of an integration's child as a universal element makes it. */
    default Map<String, Object> derive(Map<String, Object> universalSpec) {
      return universalSpec;
    }
  }
}
