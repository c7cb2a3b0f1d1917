package dev.tributary.engine.connector;

import dev.tributary.connector.DataRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a record the app returned becomes a {@link DataRecord} ({@code record-from-api.yaml}). The
 * templates see the app's record at the root ({@code $.id}, {@code $.subject}) and the call's
 * {@code parameters}. Without a file, {@code id} is the app's {@code id} and {@code fields} are
 * the app's record as it is.
 */
record RecordMapping(@Nullable Object id, @Nullable Object name, @Nullable Object uri, @Nullable Object fields,
    @Nullable Object createdTime, @Nullable Object updatedTime) {

  static final RecordMapping IDENTITY = new RecordMapping(Map.of("$var", "$.id"), null, null, null, null, null);

  static RecordMapping from(YamlFile file) {
    FormatSchemas.RECORD_MAPPING.check(file);
    Map<String, Object> content = file.object();
    return new RecordMapping(content.get("id"), content.get("name"), content.get("uri"), content.get("fields"),
        content.get("createdTime"), content.get("updatedTime"));
  }

  @SuppressWarnings("unchecked")
  DataRecord apply(Object raw, Map<String, Object> parameters, TemplateEvaluator evaluator) {
    if (!(raw instanceof Map<?, ?> rawMap)) {
      throw new IllegalStateException("the app returned a record that is not an object: " + raw);
    }
    Map<String, Object> variables = rawMap.containsKey("parameters") ? (Map<String, Object>) rawMap
        : new WithParameters((Map<String, Object>) rawMap, parameters);
    Object idValue = evaluator.evaluate(id, variables);
    if (idValue == null) {
      throw new IllegalStateException("record-from-api gave no id for a record with keys " + rawMap.keySet());
    }
    Object fieldValues = fields == null ? rawMap : evaluator.evaluate(fields, variables);
    return new DataRecord(
        idValue instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
            ? Long.toString(number.longValue()) : idValue.toString(),
        text(evaluator.evaluate(name, variables)),
        text(evaluator.evaluate(uri, variables)),
        fieldValues instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(),
        (Map<String, Object>) rawMap,
        null,
        time(evaluator.evaluate(createdTime, variables)),
        time(evaluator.evaluate(updatedTime, variables)));
  }

  /**
   * The app's record with {@code parameters} beside its keys, read through rather than copied (the
   * templates only read their variables, and this runs for every record of every page).
   */
  private static final class WithParameters extends AbstractMap<String, Object> {
    private final Map<String, Object> raw;
    private final Map<String, Object> parameters;

    WithParameters(Map<String, Object> raw, Map<String, Object> parameters) {
      this.raw = raw;
      this.parameters = parameters;
    }

    @Override
    public @Nullable Object get(Object key) {
      return "parameters".equals(key) ? parameters : raw.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return "parameters".equals(key) || raw.containsKey(key);
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      Map<String, Object> all = new LinkedHashMap<>(raw);
      all.put("parameters", parameters);
      return all.entrySet();
    }
  }

  private static @Nullable String text(@Nullable Object value) {
    return value == null ? null : value.toString();
  }

  private static @Nullable Instant time(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value.toString()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(value.toString());
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }
}
