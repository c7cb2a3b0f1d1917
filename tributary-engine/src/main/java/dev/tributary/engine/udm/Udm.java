package dev.tributary.engine.udm;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Universal Data Model.
 *
 * @param fieldsSchema JSON Schema of the unified fields
 * @param filterFields the fields a list may filter on
 * @param udmFallbacks models whose collections may stand in for this one, in order of preference
 * @param fieldFallbacks per field, formulas over the other unified fields that give its value when
 *     it is missing (tried in order; applied only when the field is absent and a formula gives a
 *     value, i.e. at least one of its inputs is present)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Udm(
    String key,
    String singularName,
    String pluralName,
    List<String> categories,
    Map<String, Object> fieldsSchema,
    List<String> filterFields,
    List<UdmFallback> udmFallbacks,
    Map<String, List<Object>> fieldFallbacks) {

  public Udm {
    categories = List.copyOf(categories);
    fieldsSchema = Collections.unmodifiableMap(new LinkedHashMap<>(fieldsSchema));
    filterFields = List.copyOf(filterFields);
    udmFallbacks = List.copyOf(udmFallbacks);
    fieldFallbacks = Collections.unmodifiableMap(new LinkedHashMap<>(fieldFallbacks));
  }

  /**
   * Another model that may stand in for this one.
   *
   * @param importFields formulas over the other model's unified fields that give this model's
   * @param exportFields formulas over this model's unified fields that give the other model's
   */
  public record UdmFallback(String udm, Map<String, Object> importFields, Map<String, Object> exportFields) {}
}
