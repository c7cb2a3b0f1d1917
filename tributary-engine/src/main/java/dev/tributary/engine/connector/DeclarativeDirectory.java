package dev.tributary.engine.connector;

import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.LocationPointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A directory defined by YAML: a static {@code locations} list in its spec, or a {@code
 * list.rest.yaml} whose {@code responseMapping.locations} builds the pointers from the app's answer.
 */
final class DeclarativeDirectory implements DataDirectory {

  private final String key;
  private final String name;
  private final boolean hidden;
  private final Map<String, Object> parametersSchema;
  private final List<LocationPointer> locations;
  private final @Nullable RestMapping list;
  private final TemplateEvaluator evaluator;

  DeclarativeDirectory(String key, String name, boolean hidden, Map<String, Object> parametersSchema,
      List<LocationPointer> locations, @Nullable RestMapping list, TemplateEvaluator evaluator) {
    this.key = key;
    this.name = name;
    this.hidden = hidden;
    this.parametersSchema = parametersSchema;
    this.locations = List.copyOf(locations);
    this.list = list;
    this.evaluator = evaluator;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean isHidden() {
    return hidden;
  }

  @Override
  public Map<String, Object> parametersSchema() {
    return parametersSchema;
  }

  /** The static locations, whose parameters may be templates over the directory's parameters. */
  List<LocationPointer> staticLocations() {
    return locations;
  }

  @Override
  @SuppressWarnings("unchecked")
  public LocationPage list(ConnectorContext context, Map<String, Object> parameters, @Nullable String cursor) {
    if (list == null) {
      List<LocationPointer> resolved = new ArrayList<>();
      Map<String, Object> variables = Map.of("parameters", parameters);
      for (LocationPointer pointer : locations) {
        Object values = evaluator.evaluate(pointer.parameters(), variables);
        resolved.add(new LocationPointer(pointer.key(), values instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(),
            pointer.type(), pointer.name(), pointer.isDefault()));
      }
      return new LocationPage(resolved, null);
    }
    Map<String, Object> variables = DeclarativeCollection.variables(context);
    variables.put("parameters", parameters);
    variables.put("cursor", cursor);
    RestMapping.Result result = list.call(context.api(), evaluator, variables, cursor);
    Object raw = list.read("locations", evaluator, result.variables());
    List<LocationPointer> pointers = new ArrayList<>();
    if (raw instanceof List<?> items) {
      for (Object item : items) {
        if (item instanceof Map<?, ?> map) {
          Map<String, Object> location = (Map<String, Object>) map;
          pointers.add(new LocationPointer(String.valueOf(location.get("key")),
              location.get("parameters") instanceof Map<?, ?> p ? new LinkedHashMap<>((Map<String, Object>) p) : Map.of(),
              String.valueOf(location.getOrDefault("type", "collection")), String.valueOf(location.getOrDefault("name", location.get("key"))),
              location.get("isDefault") instanceof Boolean b ? b : null));
        }
      }
    }
    Object next = list.read("cursor", evaluator, result.variables());
    if (list.pagination() != null) {
      next = list.pagination().next(cursor, pointers.size(), result.response(), next, null);
    }
    return new LocationPage(pointers, next == null ? null : next.toString());
  }
}
