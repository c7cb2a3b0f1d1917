package dev.tributary.engine.flow;

import dev.tributary.engine.workspace.Caller;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What flow nodes use of field mappings and actions. */
interface ActionRunner {

  /** A record read from the app, through the field mapping named by a node's {@code config.fieldMapping}. */
  Map<String, Object> importRecord(Caller owner, FlowInstance instance, Object fieldMapping, Map<String, Object> record);

  /** Values of the product's shape as the app's fields, through the node's field mapping. */
  Map<String, Object> exportFields(Caller owner, FlowInstance instance, Object fieldMapping, Map<String, Object> fields);

  /** Runs the action named by a {@code run-action} node's evaluated config ({@code action}, {@code input}); returns its output. */
  @Nullable Object run(Caller owner, FlowInstance instance, String nodeKey, Map<String, Object> config);
}
