package dev.tributary.server.http;

/**
 * The JSON Schemas of request and response bodies. Input schemas reject unknown fields (a typo
 * is reported, not ignored) but accept the read-only fields of the object, so that what a GET
 * returned may be sent back.
 */
public final class Schemas {

  private Schemas() {}

  private static final String KEY = """
      {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$", "description": "1 to 100 letters, digits, '-', '_' or '.'"}""";
  private static final String NAME = """
      {"type": "string", "minLength": 1, "maxLength": 255}""";
  private static final String TIME = """
      {"type": "string", "format": "date-time"}""";
  private static final String READ_ONLY = """
      {"readOnly": true}""";

  public static final BodySchema ANY_OBJECT = BodySchema.of("""
      {"type": "object"}""");

  public static final BodySchema ERROR = BodySchema.of("""
      {"type": "object", "required": ["type", "status", "message", "details"],
       "properties": {
         "type": {"type": "string", "description": "invalid-input, unprocessable-input, unauthorized, forbidden, not-found, conflict, payload-too-large, route-not-found, method-not-allowed, internal"},
         "status": {"type": "integer"},
         "message": {"type": "string", "description": "What was wrong and what to do."},
         "details": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                     "description": "Messages per offending field, keyed by the field's path."},
         "requestId": {"type": "string"}}}""");

  public static final BodySchema HEALTH = BodySchema.of("""
      {"type": "object", "properties": {"status": {"enum": ["ok", "unavailable"]},
        "checks": {"type": "object", "additionalProperties": {"type": "string"}}}}""");

  public static final BodySchema WORKSPACE = BodySchema.of("""
      {"type": "object", "properties": {"id": {"type": "string"}, "key": {"type": "string"}, "name": {"type": "string"},
        "createdAt": %s, "updatedAt": %s}}""".formatted(TIME, TIME));

  public static final BodySchema INTEGRATION = BodySchema.of("""
      {"type": "object", "required": ["id", "key", "name", "connectorKey"],
       "properties": {
         "id": {"type": "string"}, "key": %s, "name": %s,
         "connectorKey": %s, "connectorVersion": {"type": "string"},
         "parameters": {"type": "object", "description": "Only with includeSecrets=true (admins)."},
         "createdAt": %s, "updatedAt": %s, "archivedAt": %s}}""".formatted(KEY, NAME, KEY, TIME, TIME, TIME));

  private static final String INTEGRATION_FIELDS = """
      "key": %s, "name": %s, "connectorKey": %s,
      "connectorVersion": {"type": ["string", "null"], "maxLength": 50},
      "parameters": {"type": "object", "description": "Connector parameters (OAuth client id and secret, …); stored encrypted."},
      "id": %s, "createdAt": %s, "updatedAt": %s, "archivedAt": %s""".formatted(KEY, NAME, KEY, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY);

  public static final BodySchema INTEGRATION_CREATE = BodySchema.of("""
      {"type": "object", "required": ["key", "connectorKey"], "additionalProperties": false, "properties": {%s}}"""
      .formatted(INTEGRATION_FIELDS));

  public static final BodySchema INTEGRATION_UPDATE = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {%s}}""".formatted(INTEGRATION_FIELDS));

  public static final BodySchema CUSTOMER = BodySchema.of("""
      {"type": "object", "required": ["id", "internalId", "name", "fields"],
       "properties": {"id": {"type": "string"}, "internalId": {"type": "string"}, "name": {"type": "string"},
         "fields": {"type": "object"}, "createdAt": %s, "updatedAt": %s, "lastActiveAt": %s, "archivedAt": %s}}"""
      .formatted(TIME, TIME, TIME, TIME));

  private static final String CUSTOMER_FIELDS = """
      "internalId": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Your own id for the customer: the id claim of its tokens."},
      "name": %s, "fields": {"type": "object"},
      "id": %s, "createdAt": %s, "updatedAt": %s, "lastActiveAt": %s, "archivedAt": %s"""
      .formatted(NAME, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY);

  public static final BodySchema CUSTOMER_CREATE = BodySchema.of("""
      {"type": "object", "required": ["internalId"], "additionalProperties": false, "properties": {%s}}"""
      .formatted(CUSTOMER_FIELDS));

  public static final BodySchema CUSTOMER_UPDATE = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {%s}}""".formatted(CUSTOMER_FIELDS));

  public static final BodySchema CONNECTION = BodySchema.of("""
      {"type": "object", "required": ["id", "name", "userId", "integrationId", "state"],
       "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "key": {"type": "string"},
         "userId": {"type": "string", "description": "The customer's id."}, "customerId": {"type": "string"},
         "integrationId": {"type": "string"}, "state": {"type": "string"}, "errors": {"type": "array"},
         "isTest": {"type": "boolean"}, "disconnected": {"type": "boolean"},
         "credentials": {"type": "object", "description": "Only with includeSecrets=true (admins)."},
         "connectorParameters": {"type": "object", "description": "Only with includeSecrets=true (admins)."},
         "createdAt": %s, "updatedAt": %s, "lastActiveAt": %s, "archivedAt": %s}}""".formatted(TIME, TIME, TIME, TIME));

  private static final String CONNECTION_FIELDS = """
      "integrationId": {"type": "string", "minLength": 1}, "integrationKey": {"type": "string", "minLength": 1},
      "customerId": {"type": "string", "minLength": 1, "description": "The customer's id or internal id; admins only."},
      "userId": {"type": "string", "minLength": 1, "description": "Same as customerId."},
      "name": %s, "key": {"type": ["string", "null"], "pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"},
      "credentials": {"type": "object", "description": "The app's credentials; stored encrypted, never returned unless an admin asks."},
      "connectorParameters": {"type": "object", "description": "Stored encrypted."},
      "isTest": {"type": "boolean"},
      "id": %s, "state": %s, "errors": %s, "disconnected": %s, "createdAt": %s, "updatedAt": %s, "lastActiveAt": %s, "archivedAt": %s"""
      .formatted(NAME, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY, READ_ONLY);

  public static final BodySchema CONNECTION_CREATE = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {%s}}""".formatted(CONNECTION_FIELDS));

  public static final BodySchema CONNECTION_UPDATE = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {%s}}""".formatted(CONNECTION_FIELDS));

  private static final String PARAMETERS = """
      "parameters": {"type": "object", "description": "Collection parameters for this call; they win over the same query parameters."}""";

  public static final BodySchema DATA_LIST = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {%s,
        "filter": {"type": "object", "description": "Values for the collection's list.filterFields."},
        "udm": {"type": "string", "description": "Also give each record's unifiedFields in this Universal Data Model."},
        "cursor": {"type": ["string", "null"], "description": "The cursor of the previous page."}}}""".formatted(PARAMETERS));

  public static final BodySchema DATA_SEARCH = BodySchema.of("""
      {"type": "object", "required": ["query"], "additionalProperties": false, "properties": {%s,
        "query": {"type": "string"}, "cursor": {"type": ["string", "null"]}}}""".formatted(PARAMETERS));

  public static final BodySchema DATA_ID = BodySchema.of("""
      {"type": "object", "required": ["id"], "additionalProperties": false, "properties": {%s,
        "id": {"type": ["string", "integer"], "minLength": 1}, "udm": {"type": "string"}}}""".formatted(PARAMETERS));

  public static final BodySchema DATA_MATCH = BodySchema.of("""
      {"type": "object", "required": ["query"], "additionalProperties": false, "properties": {%s,
        "query": {"type": "object", "description": "Values for the collection's match.fields."}}}""".formatted(PARAMETERS));

  public static final BodySchema DATA_CREATE = BodySchema.of("""
      {"type": "object", "required": ["fields"], "additionalProperties": false, "properties": {%s,
        "fields": {"type": "object"}}}""".formatted(PARAMETERS));

  public static final BodySchema DATA_UPDATE = BodySchema.of("""
      {"type": "object", "required": ["id", "fields"], "additionalProperties": false, "properties": {%s,
        "id": {"type": ["string", "integer"], "minLength": 1}, "fields": {"type": "object"}}}""".formatted(PARAMETERS));

  public static final BodySchema DATA_TO_NATIVE = BodySchema.of("""
      {"type": "object", "required": ["udm", "unifiedFields"], "additionalProperties": false, "properties": {%s,
        "udm": {"type": "string"}, "unifiedFields": {"type": "object"}}}""".formatted(PARAMETERS));

  public static final BodySchema LOCATIONS = BodySchema.of("""
      {"type": "array", "items": {"type": "object", "required": ["key", "name", "type"], "properties": {
        "key": {"type": "string"}, "name": {"type": "string"}, "type": {"enum": ["collection", "directory"]}, "isHidden": {"type": "boolean"}}}}""");

  public static final BodySchema LOCATION_PAGE = BodySchema.of("""
      {"type": "object", "required": ["locations"], "properties": {"locations": {"type": "array"}, "cursor": {"type": "string"}}}""");

  public static final BodySchema RECORD_PAGE = BodySchema.of("""
      {"type": "object", "required": ["records"], "properties": {"records": {"type": "array", "items": {"type": "object",
        "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "fields": {"type": "object"},
        "rawFields": {"type": "object"}, "createdTime": {"type": "string"}, "updatedTime": {"type": "string"}}}},
        "cursor": {"type": "string"}}}""");

  public static final BodySchema COLLECTION_SPEC = BodySchema.of("""
      {"type": "object", "required": ["type", "key", "name"], "properties": {"type": {"const": "collection"},
        "key": {"type": "string"}, "name": {"type": "string"}, "parametersSchema": {"type": "object"}, "fieldsSchema": {"type": "object"},
        "list": {"type": "object"}, "search": {"type": "object"}, "match": {"type": "object"}, "findById": {"type": "object"},
        "create": {"type": "object"}, "update": {"type": "object"}, "delete": {"type": "object"}, "events": {"type": "object"},
        "customFields": {"type": "boolean"}}}""");

  private static final String INTERVAL = """
      {"type": ["integer", "null"], "minimum": 60}""";

  public static final BodySchema DATA_SOURCE_INPUT = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "key": {"type": "string"}, "name": {"type": "string"},
        "integrationId": {"type": "string"}, "integrationKey": {"type": "string"},
        "udm": {"type": ["string", "null"]}, "collectionKey": {"type": ["string", "null"]},
        "collectionParameters": {"type": ["object", "null"]},
        "pullUpdatesIntervalSeconds": %s, "fullSyncIntervalSeconds": %s,
        "id": {"readOnly": true}, "universalDataSourceId": {"readOnly": true}, "isCustomized": {"readOnly": true},
        "defaultPath": {"readOnly": true}, "state": {"readOnly": true}, "errors": {"readOnly": true},
        "createdAt": {"readOnly": true}, "updatedAt": {"readOnly": true}, "archivedAt": {"readOnly": true}}}"""
      .formatted(INTERVAL, INTERVAL));

  public static final BodySchema INSTANCE_INPUT = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "collectionKey": {"type": ["string", "null"]}, "collectionParameters": {"type": ["object", "null"]},
        "path": {"type": ["string", "null"], "description": "Deprecated: /data/<collectionKey>?<parameters>."},
        "pullUpdatesIntervalSeconds": %s, "fullSyncIntervalSeconds": %s,
        "subscribedTo": {"type": ["object", "null"], "additionalProperties": false, "description": "The change events the instance receives.",
          "properties": {"created": {"type": "boolean"}, "updated": {"type": "boolean"}, "deleted": {"type": "boolean"}}},
        "eventSubscriptionId": {"readOnly": true}, "id": {"readOnly": true}, "userId": {"readOnly": true}, "connectionId": {"readOnly": true},
        "integrationId": {"readOnly": true}, "dataSourceId": {"readOnly": true}, "universalDataSourceId": {"readOnly": true},
        "instanceKey": {"readOnly": true}, "udm": {"readOnly": true}, "defaultCollectionKey": {"readOnly": true},
        "defaultCollectionParameters": {"readOnly": true}, "defaultPath": {"readOnly": true}, "collectionSpec": {"readOnly": true},
        "isCustomized": {"readOnly": true}, "state": {"readOnly": true}, "errors": {"readOnly": true},
        "createdAt": {"readOnly": true}, "updatedAt": {"readOnly": true}, "archivedAt": {"readOnly": true}}}"""
      .formatted(INTERVAL, INTERVAL));

  public static final BodySchema APPLY = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "integrationKeys": {"type": "array", "items": {"type": "string"}},
        "integrationIds": {"type": "array", "items": {"type": "string"}}}}""");

  public static final BodySchema LOCATIONS_REQUEST = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "key": {"type": ["string", "null"], "description": "The directory to list; the app's root when absent."},
        "parameters": {"type": "object"}, "cursor": {"type": ["string", "null"]}}}""");

  public static final BodySchema DATA_SOURCE = BodySchema.of("""
      {"type": "object", "required": ["id", "key", "name", "state"], "properties": {"id": {"type": "string"},
        "key": {"type": "string"}, "name": {"type": "string"}, "integrationId": {"type": "string"},
        "universalDataSourceId": {"type": "string"}, "udm": {"type": "string"}, "collectionKey": {"type": "string"},
        "collectionParameters": {"type": "object"}, "isCustomized": {"type": "boolean"}, "state": {"type": "string"},
        "errors": {"type": "array"}}}""");

  public static final BodySchema INSTANCE = BodySchema.of("""
      {"type": "object", "required": ["id", "connectionId", "dataSourceId", "state"], "properties": {
        "id": {"type": "string"}, "userId": {"type": "string"}, "connectionId": {"type": "string"},
        "integrationId": {"type": "string"}, "dataSourceId": {"type": "string"}, "universalDataSourceId": {"type": "string"},
        "instanceKey": {"type": "string"}, "udm": {"type": "string"}, "collectionKey": {"type": "string"},
        "collectionParameters": {"type": "object"}, "defaultCollectionKey": {"type": "string"},
        "defaultCollectionParameters": {"type": "object"}, "path": {"type": "string"}, "defaultPath": {"type": "string"},
        "collectionSpec": {"type": "object"}, "isCustomized": {"type": "boolean"}, "pullUpdatesIntervalSeconds": {"type": "integer"},
        "fullSyncIntervalSeconds": {"type": "integer"}, "state": {"type": "string"}, "errors": {"type": "array"}}}""");

  private static final String FLOW_NODES = """
      {"type": "object", "description": "The flow's nodes by key.", "additionalProperties": {"type": "object",
        "required": ["type"], "properties": {"type": {"type": "string", "enum": ["api-trigger", "data-record-created-trigger",
          "data-record-updated-trigger", "data-record-deleted-trigger", "find-data-record-by-id", "transform-data", "filter",
          "create-data-record", "update-data-record", "api-request-to-your-app", "run-action"]},
          "name": {"type": "string"}, "config": {"type": "object"},
          "links": {"type": "array", "items": {"type": "object", "required": ["key"], "properties": {
            "key": {"type": "string"}, "filter": {"description": "A formula evaluated on $.output; the link is followed when it holds."}}}}}}}""";

  public static final BodySchema FLOW_INPUT = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "key": %s, "name": %s, "integrationId": {"type": "string"}, "integrationKey": {"type": "string"}, "nodes": %s,
        "id": {"readOnly": true}, "universalFlowId": {"readOnly": true}, "isCustomized": {"readOnly": true},
        "createdAt": {"readOnly": true}, "updatedAt": {"readOnly": true}}}""".formatted(KEY, NAME, FLOW_NODES));

  public static final BodySchema FLOW = BodySchema.of("""
      {"type": "object", "required": ["id", "key", "name", "nodes"], "properties": {"id": {"type": "string"},
        "key": {"type": "string"}, "name": {"type": "string"}, "integrationId": {"type": "string"},
        "universalFlowId": {"type": "string"}, "isCustomized": {"type": "boolean"}, "nodes": {"type": "object"},
        "createdAt": %s, "updatedAt": %s}}""".formatted(TIME, TIME));

  public static final BodySchema FLOW_INSTANCE_INPUT = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "enabled": {"type": "boolean", "description": "false stops the triggers; the instance still runs through the API."},
        "name": %s, "id": {"readOnly": true}, "flowId": {"readOnly": true}, "flowKey": {"readOnly": true},
        "universalFlowId": {"readOnly": true}, "connectionId": {"readOnly": true}, "integrationId": {"readOnly": true},
        "userId": {"readOnly": true}, "instanceKey": {"readOnly": true}, "nodes": {"readOnly": true},
        "dependencies": {"readOnly": true}, "state": {"readOnly": true}, "error": {"readOnly": true},
        "createdAt": {"readOnly": true}, "updatedAt": {"readOnly": true}}}""".formatted(NAME));

  public static final BodySchema FLOW_INSTANCE = BodySchema.of("""
      {"type": "object", "required": ["id", "flowKey", "connectionId", "enabled", "state"], "properties": {
        "id": {"type": "string"}, "flowId": {"type": "string"}, "flowKey": {"type": "string"}, "universalFlowId": {"type": "string"},
        "connectionId": {"type": "string"}, "integrationId": {"type": "string"}, "userId": {"type": "string"},
        "instanceKey": {"type": "string"}, "name": {"type": "string"}, "enabled": {"type": "boolean"}, "nodes": {"type": "object"},
        "dependencies": {"type": "array", "description": "The event subscriptions its triggers hold: {type: external-event, nodeKey, instanceId}."},
        "state": {"type": "string", "enum": ["READY", "SETUP_FAILED"]}, "error": {"type": "object"},
        "createdAt": %s, "updatedAt": %s}}""".formatted(TIME, TIME));

  public static final BodySchema FLOW_RUN_REQUEST = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "input": {"description": "The api-trigger's output: what the flow's nodes read as $.input.<trigger key>."},
        "nodeKey": {"type": "string", "description": "The trigger to start from; default: the flow's api-trigger."}}}""");

  public static final BodySchema FLOW_RUN = BodySchema.of("""
      {"type": "object", "required": ["id", "flowInstanceId", "status", "nodes"], "properties": {
        "id": {"type": "string"}, "flowInstanceId": {"type": "string"}, "flowKey": {"type": "string"},
        "connectionId": {"type": "string"}, "userId": {"type": "string"}, "triggerNodeKey": {"type": "string"},
        "eventId": {"type": "string"}, "input": {},
        "status": {"type": "string", "enum": ["queued", "running", "completed", "failed"]}, "error": {"type": "object"},
        "nodes": {"type": "object", "description": "Per node: {type, status (queued|running|completed|failed|skipped), input, output, error}."},
        "createdAt": %s, "startedAt": %s, "finishedAt": %s}}""".formatted(TIME, TIME, TIME));

  public static final BodySchema APP_API_INPUT = BodySchema.of("""
      {"type": "object", "required": ["baseUri"], "additionalProperties": false, "properties": {
        "baseUri": {"type": "string", "description": "Your product's API; api-request-to-your-app nodes append their path to it."}}}""");

  private static final String ELEMENT_READ_ONLY = """
      "id": {"readOnly": true}, "isCustomized": {"readOnly": true}, "state": {"readOnly": true}, "errors": {"readOnly": true},
      "createdAt": {"readOnly": true}, "updatedAt": {"readOnly": true}, "archivedAt": {"readOnly": true}""";

  private static final String MAPPING_VALUE = """
      {"type": ["object", "null"], "description": "Field names with formulas ({\\"email\\": {\\"$var\\": \\"$.mail\\"}}), or one formula ({\\"$var\\": \\"$\\"})."}""";

  public static final BodySchema FIELD_MAPPING_INPUT = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "key": %s, "name": %s, "integrationId": {"type": "string"}, "integrationKey": {"type": "string"},
        "dataSourceKey": {"type": "string", "description": "The data source the mapping is bound to."},
        "dataSourceId": {"type": "string", "description": "The same, by id."},
        "appSchema": {"type": ["object", "null"], "description": "JSON Schema of your product's side."},
        "direction": {"enum": ["import", "export", "both"]},
        "defaultImportValue": %s, "defaultExportValue": %s, "unifiedImportValue": %s, "unifiedExportValue": %s,
        "frozenImportFields": {"type": ["array", "null"], "items": {"type": "string"}},
        "frozenExportFields": {"type": ["array", "null"], "items": {"type": "string"}},
        "universalFieldMappingId": {"readOnly": true}, %s}}"""
      .formatted(KEY, NAME, MAPPING_VALUE, MAPPING_VALUE, MAPPING_VALUE, MAPPING_VALUE, ELEMENT_READ_ONLY));

  public static final BodySchema FIELD_MAPPING = BodySchema.of("""
      {"type": "object", "required": ["id", "key", "name", "dataSourceKey", "direction", "state"], "properties": {
        "id": {"type": "string"}, "key": {"type": "string"}, "name": {"type": "string"}, "integrationId": {"type": "string"},
        "universalFieldMappingId": {"type": "string"}, "dataSourceKey": {"type": "string"}, "appSchema": {"type": "object"},
        "direction": {"enum": ["import", "export", "both"]}, "defaultImportValue": {"type": "object"},
        "defaultExportValue": {"type": "object"}, "unifiedImportValue": {"type": "object"}, "unifiedExportValue": {"type": "object"},
        "frozenImportFields": {"type": "array"}, "frozenExportFields": {"type": "array"}, "isCustomized": {"type": "boolean"},
        "state": {"type": "string"}, "errors": {"type": "array"}}}""");

  public static final BodySchema FIELD_MAPPING_INSTANCE_INPUT = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "config": {"type": "object", "additionalProperties": false, "description": "The customer's overrides, field by field.",
          "properties": {"importValue": %s, "exportValue": %s}},
        "userId": {"readOnly": true}, "connectionId": {"readOnly": true}, "integrationId": {"readOnly": true},
        "fieldMappingId": {"readOnly": true}, "universalFieldMappingId": {"readOnly": true}, "key": {"readOnly": true},
        "name": {"readOnly": true}, "instanceKey": {"readOnly": true}, "dataSourceKey": {"readOnly": true},
        "dataSourceInstanceId": {"readOnly": true}, "direction": {"readOnly": true}, "appSchema": {"readOnly": true},
        "dataSourceSchema": {"readOnly": true}, "defaultImportValue": {"readOnly": true}, "defaultExportValue": {"readOnly": true},
        "importValue": {"readOnly": true}, "exportValue": {"readOnly": true}, "unifiedImportValue": {"readOnly": true},
        "unifiedExportValue": {"readOnly": true}, "frozenImportFields": {"readOnly": true}, "frozenExportFields": {"readOnly": true},
        %s}}""".formatted(MAPPING_VALUE, MAPPING_VALUE, ELEMENT_READ_ONLY));

  public static final BodySchema FIELD_MAPPING_INSTANCE = BodySchema.of("""
      {"type": "object", "required": ["id", "connectionId", "fieldMappingId", "dataSourceKey", "state"], "properties": {
        "id": {"type": "string"}, "userId": {"type": "string"}, "connectionId": {"type": "string"},
        "integrationId": {"type": "string"}, "fieldMappingId": {"type": "string"}, "universalFieldMappingId": {"type": "string"},
        "instanceKey": {"type": "string"}, "dataSourceKey": {"type": "string"}, "dataSourceInstanceId": {"type": "string"},
        "dataSourceSchema": {"type": "object", "description": "The live fields schema of the data source instance's collection."},
        "appSchema": {"type": "object"}, "config": {"type": "object"}, "importValue": {"type": "object"},
        "exportValue": {"type": "object"}, "isCustomized": {"type": "boolean"}, "state": {"type": "string"},
        "errors": {"type": "array"}}}""");

  public static final BodySchema FIELD_MAPPING_IMPORT = BodySchema.of("""
      {"type": "object", "required": ["record"], "additionalProperties": false, "properties": {
        "record": {"type": "object", "required": ["id", "fields"], "properties": {"id": {"type": ["string", "integer"]},
          "name": {"type": "string"}, "uri": {"type": "string"}, "fields": {"type": "object"}, "unifiedFields": {"type": "object"}}},
        "includeRawFields": {"type": "boolean", "description": "Keep the collection's fields as rawFields."}}}""");

  public static final BodySchema FIELD_MAPPING_EXPORT = BodySchema.of("""
      {"type": "object", "required": ["value"], "additionalProperties": false, "properties": {
        "value": {"type": "object", "description": "A record in your product's shape."},
        "method": {"enum": ["create", "update"], "description": "Leave out the fields this method does not accept."}}}""");

  public static final BodySchema FIELD_MAPPING_EXPORTED = BodySchema.of("""
      {"type": "object", "required": ["fields", "droppedFields"], "properties": {"fields": {"type": "object"},
        "droppedFields": {"type": "array", "items": {"type": "string"}, "description": "Fields the method does not accept, left out."}}}""");

  private static final String ACTION_TYPE = """
      {"enum": ["list-data-records", "find-data-record-by-id", "match-data-record", "search-data-records", "create-data-record",
        "find-or-create-data-record", "update-data-record", "delete-data-record"]}""";

  public static final BodySchema ACTION_INPUT = BodySchema.of("""
      {"type": "object", "additionalProperties": false, "properties": {
        "key": %s, "name": %s, "integrationId": {"type": "string"}, "integrationKey": {"type": "string"},
        "type": %s, "inputSchema": {"type": ["object", "null"], "description": "JSON Schema of a run's input."},
        "config": {"type": "object", "description": "dataSource (DataSourceUnitConfig), fieldMapping (FieldMappingUnitConfig) and the type's values; formulas over $.input."},
        "universalActionId": {"readOnly": true}, %s}}""".formatted(KEY, NAME, ACTION_TYPE, ELEMENT_READ_ONLY));

  public static final BodySchema ACTION = BodySchema.of("""
      {"type": "object", "required": ["id", "key", "name", "type", "state"], "properties": {
        "id": {"type": "string"}, "key": {"type": "string"}, "name": {"type": "string"}, "integrationId": {"type": "string"},
        "universalActionId": {"type": "string"}, "type": %s, "inputSchema": {"type": "object"}, "config": {"type": "object"},
        "isCustomized": {"type": "boolean"}, "state": {"type": "string"}, "errors": {"type": "array"}}}""".formatted(ACTION_TYPE));

  public static final BodySchema ACTION_INSTANCE = BodySchema.of("""
      {"type": "object", "required": ["id", "connectionId", "actionId", "type", "state"], "properties": {
        "id": {"type": "string"}, "userId": {"type": "string"}, "connectionId": {"type": "string"},
        "integrationId": {"type": "string"}, "actionId": {"type": "string"}, "universalActionId": {"type": "string"},
        "key": {"type": "string"}, "instanceKey": {"type": "string"}, "type": %s, "inputSchema": {"type": "object"},
        "config": {"type": "object"}, "state": {"enum": ["SETTING_UP", "SETUP_FAILED", "READY"]}, "errors": {"type": "array"}}}"""
      .formatted(ACTION_TYPE));

  public static final BodySchema ACTION_RUN = BodySchema.of("""
      {"type": "object", "required": ["output"], "properties": {
        "output": {"type": "object", "description": "list/search: {records, cursor?}; find-by-id: {record}; match: {record?}; create/update: {id, droppedFields}; find-or-create: {id, created, record?, droppedFields?}; delete: {id}."},
        "actionInstanceId": {"type": "string"}}}""");

  /** A page of {@code item}s: {@code {items, cursor?}}. */
  public static BodySchema page(BodySchema item) {
    return BodySchema.of("""
        {"type": "object", "required": ["items"], "properties": {"items": {"type": "array", "items": %s},
          "cursor": {"type": "string", "description": "Pass it back to get the next page; absent on the last page."}}}"""
        .formatted(item.document()));
  }
}
