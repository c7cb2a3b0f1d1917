package dev.tributary.engine.connector;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.DeferredRecordPage;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.SearchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A collection defined by YAML: its spec and a REST mapping per supported method. */
final class DeclarativeCollection implements DataCollection {

  private final CollectionSpec spec;
  private final boolean hidden;
  private final Map<String, RestMapping> methods;
  private final RecordMapping.Mapper recordMapping;
  private final @Nullable Object fieldsToApi;
  private final @Nullable RestMapping customFields;
  private final TemplateEvaluator evaluator;

  DeclarativeCollection(CollectionSpec spec, boolean hidden, Map<String, RestMapping> methods,
      RecordMapping recordMapping, @Nullable Object fieldsToApi, @Nullable RestMapping customFields, TemplateEvaluator evaluator) {
    this.customFields = customFields;
    this.spec = spec;
    this.hidden = hidden;
    this.methods = Map.copyOf(methods);
    this.recordMapping = recordMapping.compile(evaluator);
    this.fieldsToApi = fieldsToApi;
    this.evaluator = evaluator;
  }

  @Override
  public String key() {
    return spec.key();
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public boolean isHidden() {
    return hidden;
  }

  @Override
  public CollectionSpec spec() {
    return spec;
  }

  /**
   * The spec with this connection's custom fields ({@code custom-fields.rest.yaml}) added to the
   * fields schema. Fields the static schema already has are not replaced. When the app will not
   * show its custom fields to this account (403, 404), the static spec is the answer.
   */
  @Override
  @SuppressWarnings("unchecked")
  public CollectionSpec spec(ConnectorContext context) {
    if (customFields == null) {
      return spec;
    }
    Object fields;
    try {
      RestMapping.Result result = customFields.call(context.api(), evaluator, variables(context), null);
      fields = customFields.read("fields", evaluator, result.variables());
    } catch (ConnectorException e) {
      if (e.kind() == ConnectorException.Kind.FORBIDDEN || e.kind() == ConnectorException.Kind.NOT_FOUND) {
        return spec;
      }
      throw e;
    }
    Map<String, Object> schema = new LinkedHashMap<>(spec.fieldsSchema());
    Map<String, Object> properties = new LinkedHashMap<>((Map<String, Object>) schema.getOrDefault("properties", Map.of()));
    if (fields instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> field && field.get("key") != null && !properties.containsKey(String.valueOf(field.get("key")))) {
          Map<String, Object> fieldSchema = new LinkedHashMap<>(field.get("schema") instanceof Map<?, ?> given
              ? (Map<String, Object>) given : Map.of("type", "string"));
          if (field.get("name") != null) {
            fieldSchema.putIfAbsent("title", String.valueOf(field.get("name")));
          }
          fieldSchema.put("isCustom", true);
          properties.put(String.valueOf(field.get("key")), fieldSchema);
        }
      }
    }
    schema.put("properties", properties);
    return spec.withFieldsSchema(schema);
  }

  @Override
  public RecordPage list(ConnectorContext context, ListRequest request) {
    return listDeferred(context, request).resolve();
  }

  @Override
  public DeferredRecordPage listDeferred(ConnectorContext context, ListRequest request) {
    Map<String, Object> variables = variables(context);
    variables.put("filter", request.filter());
    variables.put("cursor", request.cursor());
    return deferredPage(method("list"), context, variables, request.cursor());
  }

  @Override
  public RecordPage search(ConnectorContext context, SearchRequest request) {
    Map<String, Object> variables = variables(context);
    variables.put("query", request.query());
    variables.put("cursor", request.cursor());
    return page(method("search"), context, variables, request.cursor());
  }

  @Override
  public Optional<DataRecord> findById(ConnectorContext context, String id) {
    RestMapping mapping = method("findById");
    Map<String, Object> variables = variables(context);
    variables.put("id", id);
    try {
      RestMapping.Result result = mapping.call(context.api(), evaluator, variables, null);
      Object raw = mapping.read("record", evaluator, result.variables());
      return raw == null ? Optional.empty() : Optional.of(recordMapping.apply(raw, context.parameters()));
    } catch (ConnectorException e) {
      if (e.kind() == ConnectorException.Kind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Optional<DataRecord> match(ConnectorContext context, Map<String, Object> query) {
    Map<String, Object> variables = variables(context);
    variables.put("query", query);
    RecordPage page = page(method("match"), context, variables, null);
    return page.records().stream().findFirst();
  }

  @Override
  public String create(ConnectorContext context, Map<String, Object> fields) {
    RestMapping mapping = method("create");
    Map<String, Object> variables = variables(context);
    variables.put("fields", toApi(fields, context));
    RestMapping.Result result = mapping.call(context.api(), evaluator, variables, null);
    Object id = mapping.read("id", evaluator, result.variables());
    if (id == null) {
      throw new IllegalStateException(mapping.file() + ": responseMapping.id gave no id for the created record");
    }
    return id instanceof Number number ? Long.toString(number.longValue()) : id.toString();
  }

  @Override
  public String update(ConnectorContext context, String id, Map<String, Object> fields) {
    RestMapping mapping = method("update");
    Map<String, Object> variables = variables(context);
    variables.put("id", id);
    variables.put("fields", toApi(fields, context));
    RestMapping.Result result = mapping.call(context.api(), evaluator, variables, null);
    Object mapped = mapping.read("id", evaluator, result.variables());
    return mapped == null ? id : mapped.toString();
  }

  @Override
  public void delete(ConnectorContext context, String id) {
    Map<String, Object> variables = variables(context);
    variables.put("id", id);
    try {
      method("delete").call(context.api(), evaluator, variables, null);
    } catch (ConnectorException e) {
      if (e.kind() != ConnectorException.Kind.NOT_FOUND) {
        throw e;
      }
    }
  }

  private RecordPage page(RestMapping mapping, ConnectorContext context, Map<String, Object> variables, @Nullable String cursor) {
    return deferredPage(mapping, context, variables, cursor).resolve();
  }

  /**
   * Calls the app for a page and works out the next cursor from the response; the records are
   * mapped when the page's {@code records} supplier is called (the next cursor depends only on how
   * many the app returned, never on their mapping).
   */
  private DeferredRecordPage deferredPage(RestMapping mapping, ConnectorContext context, Map<String, Object> variables,
      @Nullable String cursor) {
    RestMapping.Result result = mapping.call(context.api(), evaluator, variables, cursor);
    Object raw = mapping.read("records", evaluator, result.variables());
    List<?> items;
    if (raw instanceof List<?> list) {
      items = list;
    } else if (raw == null) {
      items = List.of();
    } else {
      throw new IllegalStateException(mapping.file() + ": responseMapping.records must give a list, got " + raw.getClass().getSimpleName());
    }
    Object mappedCursor = mapping.read("cursor", evaluator, result.variables());
    String next;
    if (mapping.pagination() != null) {
      Object total = mapping.pagination().total() == null ? null : evaluator.evaluate(mapping.pagination().total(), result.variables());
      next = mapping.pagination().next(cursor, items.size(), result.response(), mappedCursor, total);
    } else {
      next = mappedCursor == null || mappedCursor.toString().isEmpty() ? null : mappedCursor.toString();
    }
    Map<String, Object> parameters = context.parameters();
    return new DeferredRecordPage(next, () -> {
      List<DataRecord> records = new ArrayList<>(items.size());
      for (Object item : items) {
        records.add(recordMapping.apply(item, parameters));
      }
      return records;
    });
  }

  @SuppressWarnings("unchecked")
  private Object toApi(Map<String, Object> fields, ConnectorContext context) {
    if (fieldsToApi == null) {
      return fields;
    }
    Map<String, Object> variables = new LinkedHashMap<>(fields);
    variables.putIfAbsent("parameters", context.parameters());
    Object mapped = evaluator.evaluate(fieldsToApi, variables);
    Map<String, Object> apiFields = new LinkedHashMap<>();
    if (mapped instanceof Map<?, ?> map) {
      // A field the caller did not give maps to null: leave it out so the app keeps its value.
      ((Map<String, Object>) map).forEach((name, value) -> {
        if (value != null) {
          apiFields.put(name, value);
        }
      });
    }
    return apiFields;
  }

  private RestMapping method(String name) {
    RestMapping mapping = methods.get(name);
    if (mapping == null) {
      throw new IllegalStateException("collection " + key() + " does not support " + name + "; its spec says so");
    }
    return mapping;
  }

  static Map<String, Object> variables(ConnectorContext context) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("parameters", context.parameters());
    variables.put("connectionParameters", context.connectionParameters());
    variables.put("integrationParameters", context.integrationParameters());
    return variables;
  }
}
