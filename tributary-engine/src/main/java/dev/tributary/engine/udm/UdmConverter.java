package dev.tributary.engine.udm;

import dev.tributary.connector.Connector;
import dev.tributary.connector.UdmMapping;
import dev.tributary.engine.formula.Template;
import dev.tributary.error.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Converts between a collection's fields and a model's unified fields with a connector's UDM
 * mapping. When the connector maps the collection only to a fallback model (e.g. {@code tasks}
 * for {@code activities}), the conversion goes through that model and the fallback's field remaps.
 */
public final class UdmConverter {

  private static final int MAX_TEMPLATES = 10_000;

  private final UdmCatalogue catalogue;
  /**
   * The connectors' mappings and the models' fallbacks, compiled once each (they run for every
   * record converted), by the identity of the document: connectors and models are not changed
   * once loaded.
   */
  private final Map<Identity, Template> templates = new ConcurrentHashMap<>();

  public UdmConverter(UdmCatalogue catalogue) {
    this.catalogue = catalogue;
  }

  public UdmCatalogue catalogue() {
    return catalogue;
  }

  /** A connector's mapping of a collection to a model, possibly through one of the model's fallbacks. */
  public record Route(String udm, UdmMapping.CollectionMapping mapping, Udm.@Nullable UdmFallback via) {}

  /** How {@code collectionKey} (with these parameters) maps to {@code udm} in this connector, if it does. */
  public Optional<Route> route(Connector connector, String udm, String collectionKey, Map<String, Object> parameters) {
    Udm model = catalogue.require(udm);
    Optional<UdmMapping.CollectionMapping> direct = mapping(connector, udm, collectionKey, parameters);
    if (direct.isPresent()) {
      return Optional.of(new Route(udm, direct.get(), null));
    }
    for (Udm.UdmFallback fallback : model.udmFallbacks()) {
      Optional<UdmMapping.CollectionMapping> through = mapping(connector, fallback.udm(), collectionKey, parameters);
      if (through.isPresent()) {
        return Optional.of(new Route(udm, through.get(), fallback));
      }
    }
    return Optional.empty();
  }

  /**
   * @throws InvalidInputException when the collection does not map to the model, listing the models it maps to
   */
  public Route requireRoute(Connector connector, String udm, String collectionKey, Map<String, Object> parameters) {
    return route(connector, udm, collectionKey, parameters).orElseThrow(() -> InvalidInputException.forField("udm",
        "The " + connector.info().name() + " collection \"" + collectionKey + "\" does not map to the Universal Data Model \""
            + udm + "\". It maps to: " + String.join(", ", connector.udm().entrySet().stream()
                .filter(entry -> entry.getValue().collectionMappings().stream().anyMatch(m -> m.key().equals(collectionKey)))
                .map(Map.Entry::getKey).toList()) + "."));
  }

  /** A record's fields as the model's unified fields (with the model's field fallbacks applied). */
  public Map<String, Object> toUnified(Route route, Map<String, Object> fields) {
    if (route.via() == null) {
      return withFallbacks(catalogue.require(route.udm()), evaluate(route.mapping().fieldsFromCollection(), fields));
    }
    Map<String, Object> intermediate = withFallbacks(catalogue.require(route.via().udm()),
        evaluate(route.mapping().fieldsFromCollection(), fields));
    return withFallbacks(catalogue.require(route.udm()), evaluate(route.via().importFields(), intermediate));
  }

  /** Unified fields as the collection's fields, for create and update. */
  public Map<String, Object> toNative(Route route, Map<String, Object> unified) {
    Map<String, Object> complete = withFallbacks(catalogue.require(route.udm()), unified);
    if (route.via() == null) {
      return evaluate(route.mapping().fieldsToCollection(), complete);
    }
    Map<String, Object> intermediate = withFallbacks(catalogue.require(route.via().udm()),
        evaluate(route.via().exportFields(), complete));
    return evaluate(route.mapping().fieldsToCollection(), intermediate);
  }

  /**
   * Fills missing fields from their fallbacks; a field that is present is never changed. Every
   * fallback reads the fields as they came, so a filled field never feeds another (a first name
   * alone gives a full name, but that full name does not then give a last name).
   */
  public Map<String, Object> withFallbacks(Udm udm, Map<String, Object> unified) {
    Map<String, Object> given = deepCopy(unified);
    Map<String, Object> result = deepCopy(unified);
    udm.fieldFallbacks().forEach((field, formulas) -> {
      if (get(result, field) != null) {
        return;
      }
      for (Object formula : formulas) {
        Object value = template(formula).evaluate(given);
        if (value != null && !(value instanceof String text && text.isEmpty()) && !isEmptyShape(value)) {
          put(result, field, value);
          return;
        }
      }
    });
    return result;
  }

  private static Optional<UdmMapping.CollectionMapping> mapping(Connector connector, String udm, String key, Map<String, Object> parameters) {
    UdmMapping mapping = connector.udm().get(udm);
    if (mapping == null) {
      return Optional.empty();
    }
    return mapping.collectionMappings().stream()
        .filter(candidate -> candidate.key().equals(key))
        .filter(candidate -> candidate.parameters().entrySet().stream()
            .allMatch(entry -> String.valueOf(entry.getValue()).equals(String.valueOf(parameters.get(entry.getKey())))))
        .findFirst();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> evaluate(Map<String, Object> mapping, Map<String, Object> fields) {
    Object result = template(mapping).evaluate(fields);
    Map<String, Object> values = new LinkedHashMap<>();
    if (result instanceof Map<?, ?> map) {
      ((Map<String, Object>) map).forEach((name, value) -> {
        if (value != null) {
          values.put(name, value);
        }
      });
    }
    return values;
  }

  private Template template(Object document) {
    Identity key = new Identity(document);
    Template template = templates.get(key);
    if (template == null) {
      template = Template.compile(document);
      if (templates.size() >= MAX_TEMPLATES) {
        templates.clear(); // a bound, should documents ever be made per call
      }
      templates.put(key, template);
    }
    return template;
  }

  /** A document as a key by its identity, not its (deep, costly) equality. */
  private record Identity(Object document) {
    @Override
    public boolean equals(@Nullable Object other) {
      return other instanceof Identity identity && identity.document == document;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(document);
    }
  }

  /** A fallback that produced only empty structure (e.g. {@code [{value: null}]}) gives nothing. */
  private static boolean isEmptyShape(Object value) {
    if (value instanceof List<?> list) {
      return list.isEmpty() || list.stream().allMatch(item -> item == null || isEmptyShape(item));
    }
    if (value instanceof Map<?, ?> map) {
      return map.isEmpty() || map.values().stream().allMatch(item -> item == null || isEmptyShape(item));
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Object get(Map<String, Object> map, String dotted) {
    Object current = map;
    for (String part : dotted.split("\\.")) {
      if (!(current instanceof Map<?, ?> m)) {
        return null;
      }
      current = ((Map<String, Object>) m).get(part);
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<String, Object> map, String dotted, Object value) {
    String[] parts = dotted.split("\\.");
    Map<String, Object> current = map;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = current.get(parts[i]);
      if (!(next instanceof Map<?, ?>)) {
        if (next != null) {
          return; // a non-object is in the way: leave it as it is
        }
        next = new LinkedHashMap<String, Object>();
        current.put(parts[i], next);
      }
      current = (Map<String, Object>) next;
    }
    current.put(parts[parts.length - 1], value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(key, value instanceof Map<?, ?> nested ? deepCopy((Map<String, Object>) nested) : value));
    return copy;
  }
}
