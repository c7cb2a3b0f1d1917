package dev.tributary.engine.flow;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.action.ActionInstanceService;
import dev.tributary.engine.datasource.DataSourceUnit;
import dev.tributary.engine.element.InstanceSelector;
import dev.tributary.engine.mapping.FieldMappingInstanceService;
import dev.tributary.engine.mapping.RecordMapper;
import dev.tributary.engine.workspace.Caller;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What flow nodes use of field mappings and actions. A node's {@code config.fieldMapping} is the
 * reference's FieldMappingUnitConfig: {@code {key}} names a shared field mapping, whose instance
 * for the flow instance's connection (and instance key) holds the customer's overrides; {@code
 * importValue} / {@code exportValue} given in the node win field by field, or map inline without a
 * key; {@code includeRawFields} keeps the collection's own fields as {@code rawFields}.
 */
final class ActionRunner {

  private final FieldMappingInstanceService fieldMappings;
  private final ActionInstanceService actions;

  ActionRunner(FieldMappingInstanceService fieldMappings, ActionInstanceService actions) {
    this.fieldMappings = fieldMappings;
    this.actions = actions;
  }

  /** A record read from the app, in the product's shape. */
  Map<String, Object> importRecord(Caller owner, FlowInstance instance, DataSourceUnit unit, Object fieldMapping, DataRecord record) {
    Map<String, Object> config = config(fieldMapping);
    boolean includeRawFields = Boolean.TRUE.equals(config.get("includeRawFields"));
    return FlowExecution.recordMap(mapper(owner, instance, unit, config).importRecord(record, includeRawFields));
  }

  /** Values in the product's shape as the app's fields for {@code method} ({@code create} or {@code update}). */
  RecordMapper.Export exportFields(Caller owner, FlowInstance instance, DataSourceUnit unit, Object fieldMapping,
      Map<String, Object> value, String method) {
    return mapper(owner, instance, unit, config(fieldMapping)).exportRecord(value, method);
  }

  /** Runs the action named by a {@code run-action} node's evaluated config ({@code action}: its key, {@code input}). */
  @Nullable Object run(Caller owner, FlowInstance instance, Map<String, Object> config) {
    Object action = config.get("action") instanceof Map<?, ?> unit ? unit.get("key") : config.get("action");
    if (!(action instanceof String key)) {
      throw new FlowNodeException("config.action must name the action: its key, or {\"key\": …}.");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> input = config.get("input") instanceof Map<?, ?> given ? (Map<String, Object>) given : Map.of();
    return actions.run(owner, InstanceSelector.of(key, instance.connectionId(), instance.instanceKey()), input).output();
  }

  private RecordMapper mapper(Caller owner, FlowInstance instance, DataSourceUnit unit, Map<String, Object> config) {
    var overrides = new RecordMapper.Values(config.get("importValue"), null, config.get("exportValue"), null);
    if (config.get("key") instanceof String key) {
      return fieldMappings.prepare(owner, InstanceSelector.of(key, instance.connectionId(), instance.instanceKey()), overrides).mapper();
    }
    return fieldMappings.mapper(owner, unit.connectionId(), unit.collectionKey(), unit.parameters(), unit.udm(), overrides);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> config(Object fieldMapping) {
    if (fieldMapping instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new FlowNodeException("config.fieldMapping must be an object: {\"key\": <field mapping key>, \"includeRawFields\"?: true}.");
  }
}
