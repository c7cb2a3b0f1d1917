package dev.tributary.engine.mapping;

import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataRecord;
import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.datasource.ResolvedCollection;
import dev.tributary.engine.element.ElementInstance;
import dev.tributary.engine.element.ElementService;
import dev.tributary.engine.element.InstanceSelector;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.udm.UdmConverter;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.TributaryException;
import dev.tributary.error.UnprocessableInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Field mapping instances: a field mapping for one connection (and {@code instanceKey}), bound to
 * the instance of its data source for the same connection and instance key. The customer's {@code
 * config.importValue} / {@code config.exportValue} override the defaults field by field, except
 * the frozen fields. The instance's schema is the live fields schema of the collection its data
 * source instance points to: choose another collection there and the mapping follows.
 */
public final class FieldMappingInstanceService {

  private static final Set<String> CONFIG_FIELDS = Set.of("importValue", "exportValue");

  private final ElementService elements;
  private final DataSourceInstanceService dataSourceInstances;
  private final ConnectionData data;
  private final UdmConverter udm;

  public FieldMappingInstanceService(FieldMappingService mappings, DataSourceInstanceService dataSourceInstances,
      ConnectionData data, UdmConverter udm) {
    this.elements = mappings.elements();
    this.dataSourceInstances = dataSourceInstances;
    this.data = data;
    this.udm = udm;
  }

  /**
   * An instance as the API shows it: its field mapping, data source instance, computed values
   * and state.
   *
   * @param dataSourceSchema the fields schema of the collection the data source instance points
   *     to now (custom fields included), or null when it points to none
   * @param state {@code READY} or {@code CONFIGURATION_ERROR} (then {@code errors} say why)
   */
  public record View(
      ElementInstance instance,
      FieldMapping fieldMapping,
      @Nullable String dataSourceInstanceId,
      @Nullable Map<String, Object> dataSourceSchema,
      @Nullable Object importValue,
      @Nullable Object exportValue,
      String state,
      List<Map<String, Object>> errors) {}

  public Page<ElementInstance> list(Caller caller, ElementService.InstanceFilter filter, PageRequest page) {
    return elements.listInstances(caller, filter, page);
  }

  public ElementInstance get(Caller caller, InstanceSelector selector, boolean autoCreate) {
    return elements.instance(caller, selector, autoCreate);
  }

  public ElementInstance create(Caller caller, InstanceSelector selector) {
    return elements.createInstance(caller, selector);
  }

  /**
   * Changes the customer's overrides: {@code changes} may hold {@code importValue} and {@code
   * exportValue} (null drops one).
   *
   * @throws UnprocessableInputException when an override maps a frozen field
   */
  public ElementInstance update(Caller caller, InstanceSelector selector, Map<String, Object> changes) {
    ElementInstance current = elements.instance(caller, selector, false);
    FieldMapping mapping = FieldMapping.of(elements.elementOf(caller, current));
    Map<String, Object> config = new LinkedHashMap<>(current.config());
    changes.forEach((field, value) -> {
      if (!CONFIG_FIELDS.contains(field)) {
        throw dev.tributary.error.InvalidInputException.forField("config." + field, "A field mapping instance's config has"
            + " no field \"" + field + "\": set importValue or exportValue.");
      }
      FieldMappingService.checkValue("config." + field, value);
      if (value == null) {
        config.remove(field);
      } else {
        config.put(field, value);
      }
    });
    refuseFrozen(mapping, "importValue", config.get("importValue"), mapping.frozenImportFields());
    refuseFrozen(mapping, "exportValue", config.get("exportValue"), mapping.frozenExportFields());
    return elements.configure(caller, selector, config);
  }

  /** Drops the customer's overrides. */
  public ElementInstance reset(Caller caller, InstanceSelector selector) {
    return elements.configure(caller, selector, Map.of());
  }

  public ElementInstance archive(Caller caller, InstanceSelector selector) {
    return elements.archiveInstance(caller, selector);
  }

  public ElementInstance restore(Caller caller, InstanceSelector selector) {
    return elements.restoreInstance(caller, selector);
  }

  public FieldMapping fieldMappingOf(Caller caller, ElementInstance instance) {
    return FieldMapping.of(elements.elementOf(caller, instance));
  }

  public View view(Caller caller, ElementInstance instance) {
    FieldMapping mapping = fieldMappingOf(caller, instance);
    List<Map<String, Object>> errors = new ArrayList<>();
    String dataSourceInstanceId = null;
    Map<String, Object> schema = null;
    try {
      ResolvedCollection resolved = dataSourceInstances.resolve(caller, dataSourceSelector(mapping, instance));
      dataSourceInstanceId = resolved.instance().id();
      CollectionSpec spec = data.spec(caller, resolved.connectionId(), resolved.collectionKey(), resolved.collectionParameters());
      schema = spec.fieldsSchema();
      if (resolved.udm() != null && (mapping.unifiedImportValue() != null || mapping.unifiedExportValue() != null)
          && data.udmRoute(caller, resolved.connectionId(), resolved.collectionKey(), resolved.collectionParameters(),
              resolved.udm()).isEmpty()) {
        errors.add(Map.of("type", "configuration", "message", "The collection \"" + resolved.collectionKey() + "\" does not"
            + " map to the Universal Data Model \"" + resolved.udm() + "\", so this mapping's unified values do not apply."
            + " Map its fields with config.importValue / config.exportValue, or choose a collection that maps to the model."));
      }
    } catch (ConnectorException e) {
      errors.add(Map.of("type", "connection", "message", String.valueOf(e.getMessage())));
    } catch (TributaryException e) {
      errors.add(Map.of("type", "configuration", "message", String.valueOf(e.getMessage())));
    }
    return new View(instance, mapping, dataSourceInstanceId, schema,
        RecordMapper.combine(mapping.defaultImportValue(), instance.config().get("importValue")),
        RecordMapper.combine(mapping.defaultExportValue(), instance.config().get("exportValue")),
        errors.isEmpty() ? "READY" : "CONFIGURATION_ERROR", errors);
  }

  /**
   * A record of the data source instance's collection in the product's shape (the instance is
   * created when it does not exist yet).
   *
   * @throws UnprocessableInputException when the field mapping only exports
   */
  public DataRecord importRecord(Caller caller, InstanceSelector selector, DataRecord record, boolean includeRawFields) {
    Prepared prepared = prepare(caller, selector, null);
    requireDirection(prepared.mapping(), true);
    return prepared.mapper().importRecord(record, includeRawFields);
  }

  /**
   * A product record as fields of the data source instance's collection.
   *
   * @param method {@code create} or {@code update}: leave out the fields it does not accept; null keeps them all
   * @throws UnprocessableInputException when the field mapping only imports
   */
  public RecordMapper.Export exportRecord(Caller caller, InstanceSelector selector, Map<String, Object> value,
      @Nullable String method) {
    Prepared prepared = prepare(caller, selector, null);
    requireDirection(prepared.mapping(), false);
    return prepared.mapper().exportRecord(value, method);
  }

  /**
   * The instance ready to map many records (the instance is created when it does not exist yet).
   *
   * @param overrides values given by the caller (an action's {@code fieldMapping.importValue} /
   *     {@code exportValue}) that win over the instance's, field by field; null for none
   */
  public Prepared prepare(Caller caller, InstanceSelector selector, RecordMapper.@Nullable Values overrides) {
    ElementInstance instance = elements.instance(caller, selector, true);
    FieldMapping mapping = fieldMappingOf(caller, instance);
    ResolvedCollection resolved = dataSourceInstances.resolve(caller, dataSourceSelector(mapping, instance));
    Object importValue = RecordMapper.combine(mapping.defaultImportValue(), instance.config().get("importValue"));
    Object exportValue = RecordMapper.combine(mapping.defaultExportValue(), instance.config().get("exportValue"));
    if (overrides != null) {
      importValue = RecordMapper.combine(importValue, overrides.importValue());
      exportValue = RecordMapper.combine(exportValue, overrides.exportValue());
    }
    return new Prepared(instance, mapping, resolved, mapper(caller, resolved.connectionId(), resolved.collectionKey(),
        resolved.collectionParameters(), resolved.udm(),
        new RecordMapper.Values(importValue, mapping.unifiedImportValue(), exportValue, mapping.unifiedExportValue())));
  }

  /** A field mapping instance ready to map many records: where its records live, and the mapper. */
  public record Prepared(ElementInstance instance, FieldMapping mapping, ResolvedCollection collection, RecordMapper mapper) {}

  /** A mapper for one connection's collection with the given values (an inline mapping). */
  public RecordMapper mapper(Caller caller, String connectionId, String collectionKey, Map<String, Object> parameters,
      @Nullable String udmKey, RecordMapper.Values values) {
    UdmConverter.Route route = udmKey == null ? null
        : data.udmRoute(caller, connectionId, collectionKey, parameters, udmKey).orElse(null);
    return new RecordMapper(values, route, udm, method -> data.writableFields(caller, connectionId, collectionKey, parameters, method));
  }

  private static void requireDirection(FieldMapping mapping, boolean importing) {
    if (importing ? !mapping.imports() : !mapping.exports()) {
      String field = "direction";
      String message = "The field mapping \"" + mapping.key() + "\" only " + mapping.direction() + "s (direction \""
          + mapping.direction() + "\"). Set its direction to \"both\" to " + (importing ? "import" : "export") + " with it.";
      throw new UnprocessableInputException(message, Map.of(field, List.of(message)));
    }
  }

  @SuppressWarnings("unchecked")
  private static void refuseFrozen(FieldMapping mapping, String field, @Nullable Object override, List<String> frozen) {
    if (!(override instanceof Map<?, ?> map) || frozen.isEmpty()) {
      return;
    }
    Set<String> refused = new TreeSet<>(((Map<String, Object>) map).keySet());
    refused.retainAll(frozen);
    if (!refused.isEmpty()) {
      Map<String, List<String>> details = new LinkedHashMap<>();
      String message = "The field mapping \"" + mapping.key() + "\" freezes " + String.join(", ", refused.stream()
          .map(name -> "\"" + name + "\"").toList()) + " in " + field + ": it is mapped by the integration and cannot be"
          + " changed. Remove " + (refused.size() == 1 ? "it" : "them") + " from config." + field + ".";
      refused.forEach(name -> details.put("config." + field + "." + name, List.of(message)));
      throw new UnprocessableInputException(message, details);
    }
  }

  private static dev.tributary.engine.datasource.InstanceSelector dataSourceSelector(FieldMapping mapping, ElementInstance instance) {
    return dev.tributary.engine.datasource.InstanceSelector.of(mapping.dataSourceKey(), instance.connectionId(),
        instance.instanceKey());
  }
}
