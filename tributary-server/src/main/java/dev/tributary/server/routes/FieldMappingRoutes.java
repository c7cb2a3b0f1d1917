package dev.tributary.server.routes;

import static dev.tributary.server.http.Bodies.object;
import static dev.tributary.server.http.Bodies.text;

import dev.tributary.connector.DataRecord;
import dev.tributary.engine.Tributary;
import dev.tributary.engine.element.ElementInstance;
import dev.tributary.engine.element.InstanceSelector;
import dev.tributary.engine.mapping.FieldMapping;
import dev.tributary.engine.mapping.FieldMappingInstanceService;
import dev.tributary.engine.mapping.RecordMapper;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.InvalidInputException;
import dev.tributary.server.http.Api;
import dev.tributary.server.http.Bodies;
import dev.tributary.server.http.Schemas;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Field mappings ({@code /field-mappings}, {@code /integrations/{i}/field-mappings}), their
 * instances ({@code /connections/{c}/field-mappings}, {@code /field-mapping-instances}, {@code
 * /field-mapping-instance?<selector>}), and importing and exporting records through an instance.
 */
public final class FieldMappingRoutes {

  private static final String INSTANCES = "Field mapping instances";
  private static final Set<String> SPEC_FIELDS = Set.of("dataSourceKey", "dataSourceId", "appSchema", "direction",
      "defaultImportValue", "defaultExportValue", "unifiedImportValue", "unifiedExportValue", "frozenImportFields",
      "frozenExportFields");

  private final Tributary tributary;
  private final FieldMappingInstanceService instances;

  public FieldMappingRoutes(Tributary tributary) {
    this.tributary = tributary;
    this.instances = tributary.fieldMappingInstances();
  }

  public void register(Api api) {
    ElementRoutes.register(api, new ElementRoutes.Kind(tributary.fieldMappings().elements(), "Field mappings", INSTANCES,
        "universalFieldMappingId", SPEC_FIELDS, Schemas.FIELD_MAPPING_INPUT, Schemas.FIELD_MAPPING,
        Schemas.FIELD_MAPPING_INSTANCE_INPUT, Schemas.FIELD_MAPPING_INSTANCE, this::view,
        (caller, selector, body) -> instances.update(caller, selector, Bodies.object(body, "config"))));
    var kind = tributary.fieldMappings().elements().kind();
    ElementRoutes.selectorQuery(api.post("/field-mapping-instance/import").summary("Import a record through a field mapping")
        .tag(INSTANCES).body(Schemas.FIELD_MAPPING_IMPORT).responds(200, Schemas.ANY_OBJECT), kind)
        .handle(call -> importRecord(call.caller(), ElementRoutes.selector(call, kind), call.body()));
    ElementRoutes.instanceKey(api.post("/connections/{connection}/field-mappings/{key}/import")
        .summary("Import a record through a connection's field mapping").tag(INSTANCES).body(Schemas.FIELD_MAPPING_IMPORT)
        .responds(200, Schemas.ANY_OBJECT))
        .handle(call -> importRecord(call.caller(), ElementRoutes.connectionSelector(call), call.body()));
    ElementRoutes.selectorQuery(api.post("/field-mapping-instance/export").summary("Export a record through a field mapping")
        .tag(INSTANCES).body(Schemas.FIELD_MAPPING_EXPORT).responds(200, Schemas.FIELD_MAPPING_EXPORTED), kind)
        .handle(call -> exportRecord(call.caller(), ElementRoutes.selector(call, kind), call.body()));
    ElementRoutes.instanceKey(api.post("/connections/{connection}/field-mappings/{key}/export")
        .summary("Export a record through a connection's field mapping").tag(INSTANCES).body(Schemas.FIELD_MAPPING_EXPORT)
        .responds(200, Schemas.FIELD_MAPPING_EXPORTED))
        .handle(call -> exportRecord(call.caller(), ElementRoutes.connectionSelector(call), call.body()));
  }

  private Map<String, Object> importRecord(Caller caller, InstanceSelector selector, JsonNode body) {
    Map<String, Object> given = object(body, "record");
    Object id = given.get("id");
    if (id == null) {
      throw InvalidInputException.forField("record.id", "The record to import needs its \"id\".");
    }
    var record = new DataRecord(String.valueOf(id), text(body.get("record"), "name"), text(body.get("record"), "uri"),
        object(body.get("record"), "fields"), null, Bodies.optionalObject(body.get("record"), "unifiedFields"), null, null);
    DataRecord imported = instances.importRecord(caller, selector, record, body.path("includeRawFields").asBoolean(false));
    return Map.of("record", imported);
  }

  private Map<String, Object> exportRecord(Caller caller, InstanceSelector selector, JsonNode body) {
    RecordMapper.Export export = instances.exportRecord(caller, selector, object(body, "value"), text(body, "method"));
    return Map.of("fields", export.fields(), "droppedFields", export.droppedFields());
  }

  private Map<String, Object> view(Caller caller, ElementInstance instance) {
    FieldMappingInstanceService.View resolved = instances.view(caller, instance);
    FieldMapping mapping = resolved.fieldMapping();
    Map<String, Object> view = ElementRoutes.instanceView(instance, tributary.fieldMappings().elements().elementOf(caller, instance),
        "fieldMappingId", "universalFieldMappingId");
    view.put("dataSourceKey", mapping.dataSourceKey());
    view.put("dataSourceInstanceId", resolved.dataSourceInstanceId());
    view.put("direction", mapping.direction());
    view.put("appSchema", mapping.appSchema());
    view.put("dataSourceSchema", resolved.dataSourceSchema());
    view.put("config", instance.config());
    view.put("defaultImportValue", mapping.defaultImportValue());
    view.put("defaultExportValue", mapping.defaultExportValue());
    view.put("importValue", resolved.importValue());
    view.put("exportValue", resolved.exportValue());
    view.put("unifiedImportValue", mapping.unifiedImportValue());
    view.put("unifiedExportValue", mapping.unifiedExportValue());
    view.put("frozenImportFields", mapping.frozenImportFields());
    view.put("frozenExportFields", mapping.frozenExportFields());
    view.put("isCustomized", instance.isCustomized());
    view.put("state", resolved.state());
    view.put("errors", resolved.errors());
    return ElementRoutes.finish(view, instance);
  }
}
