package dev.tributary.engine.connector;

import dev.tributary.connector.DataRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
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
    var variables = new java.util.LinkedHashMap<String, Object>((Map<String, Object>) rawMap);
    variables.putIfAbsent("parameters", parameters);
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
