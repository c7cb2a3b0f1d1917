package dev.tributary.engine.connector;

import dev.tributary.connector.DataRecord;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
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

  /** The templates compiled once, for a collection to map every record it reads. */
  Mapper compile(TemplateEvaluator evaluator) {
    return new Mapper(evaluator.compile(id), compiled(name, evaluator), compiled(uri, evaluator), compiled(fields, evaluator),
        compiled(createdTime, evaluator), compiled(updatedTime, evaluator));
  }

  private static TemplateEvaluator.@Nullable Compiled compiled(@Nullable Object template, TemplateEvaluator evaluator) {
    return template == null ? null : evaluator.compile(template);
  }

  /** The compiled templates of a record mapping; a missing template gives null (no fields: the app's record). */
  record Mapper(TemplateEvaluator.Compiled id, TemplateEvaluator.@Nullable Compiled name,
      TemplateEvaluator.@Nullable Compiled uri, TemplateEvaluator.@Nullable Compiled fields,
      TemplateEvaluator.@Nullable Compiled createdTime, TemplateEvaluator.@Nullable Compiled updatedTime) {

    @SuppressWarnings("unchecked")
    DataRecord apply(Object raw, Map<String, Object> parameters) {
      if (!(raw instanceof Map<?, ?> rawMap)) {
        throw new IllegalStateException("the app returned a record that is not an object: " + raw);
      }
      Map<String, Object> variables = rawMap.containsKey("parameters") ? (Map<String, Object>) rawMap
          : new WithParameters((Map<String, Object>) rawMap, parameters);
      Object idValue = id.evaluate(variables);
      if (idValue == null) {
        throw new IllegalStateException("record-from-api gave no id for a record with keys " + rawMap.keySet());
      }
      Object fieldValues = fields == null ? rawMap : fields.evaluate(variables);
      return new DataRecord(
          idValue instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())
              ? Long.toString(number.longValue()) : idValue.toString(),
          text(evaluate(name, variables)),
          text(evaluate(uri, variables)),
          fieldValues instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(),
          (Map<String, Object>) rawMap,
          null,
          time(evaluate(createdTime, variables)),
          time(evaluate(updatedTime, variables)));
    }

    private static @Nullable Object evaluate(TemplateEvaluator.@Nullable Compiled template, Map<String, Object> variables) {
      return template == null ? null : template.evaluate(variables);
    }
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

  /**
   * An ISO-8601 date-time with an offset ({@code 2025-01-01T00:00:00Z}, {@code …+02:00}), or an
   * instant; null for anything else. The usual form is read by hand (the formatter's general parse
   * was a large share of mapping a record); every other text goes through the JDK's parsers.
   */
  static @Nullable Instant time(@Nullable Object value) {
    if (value == null) {
      return null;
    }
    String text = value.toString();
    Instant usual = usualTime(text);
    if (usual != null) {
      return usual;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException ignored) {
        return null;
      }
    }
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1–9 digits, then {@code Z} or {@code
   * ±HH:MM}: what {@link OffsetDateTime#parse} gives for it, or null for any other text (and for
   * values out of range), which is left to the JDK's parsers.
   */
  private static @Nullable Instant usualTime(String text) {
    int length = text.length();
    if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T' || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 59) {
      return null;
    }
    int position = 19;
    int nanos = 0;
    if (text.charAt(position) == '.') {
      int end = position + 1;
      while (end < length && end - position <= 9 && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
        end++;
      }
      int count = end - position - 1;
      nanos = digits(text, position + 1, count);
      if (nanos < 0) {
        return null;
      }
      for (int i = count; i < 9; i++) {
        nanos *= 10;
      }
      position = end;
    }
    int offset = offsetSeconds(text, position);
    if (offset == Integer.MIN_VALUE || day > YearMonth.of(year, month).lengthOfMonth()) {
      return null;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second - offset, nanos);
  }

  /** {@code Z} or {@code ±HH:MM} ending the text at {@code position}, in seconds; MIN_VALUE for anything else. */
  private static int offsetSeconds(String text, int position) {
    int left = text.length() - position;
    if (left == 1 && text.charAt(position) == 'Z') {
      return 0;
    }
    char sign = left == 6 ? text.charAt(position) : ' ';
    if ((sign != '+' && sign != '-') || text.charAt(position + 3) != ':') {
      return Integer.MIN_VALUE;
    }
    int hours = digits(text, position + 1, 2);
    int minutes = digits(text, position + 4, 2);
    if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59 || (hours == 18 && minutes > 0)) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3_600 + minutes * 60;
    return sign == '-' ? -seconds : seconds;
  }

  /** The number written by {@code count} ASCII digits at {@code from}; -1 when one is not a digit (or count is 0). */
  private static int digits(String text, int from, int count) {
    if (count == 0) {
      return -1;
    }
    int number = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      number = number * 10 + (c - '0');
    }
    return number;
  }
}
