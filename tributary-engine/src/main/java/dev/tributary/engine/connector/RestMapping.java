package dev.tributary.engine.connector;

import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.error.InvalidInputException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One method implemented as a REST call ({@code <method>.rest.yaml}): how to build the request
 * from the call's variables, and how to read the answer. Request templates see {@code
 * parameters}, {@code connectionParameters}, {@code integrationParameters}, {@code cursor},
 * {@code filter}, {@code query}, {@code id} and {@code fields}; response templates also see {@code
 * response.data}, {@code response.headers} and {@code response.statusCode}.
 */
record RestMapping(
    String file,
    String path,
    String method,
    @Nullable Object query,
    @Nullable Object headers,
    @Nullable Object data,
    @Nullable Object pathParameters,
    Map<String, Object> response,
    @Nullable Pagination pagination) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");

  @SuppressWarnings("unchecked")
  static RestMapping from(YamlFile file) {
    FormatSchemas.REST_MAPPING.check(file);
    Map<String, Object> content = file.object();
    Map<String, Object> request = (Map<String, Object>) content.getOrDefault("requestMapping", Map.of());
    return new RestMapping(file.name(), (String) content.get("path"),
        ((String) content.getOrDefault("method", "GET")).toUpperCase(Locale.ROOT),
        request.get("query"), request.get("headers"), request.get("data"), request.get("pathParameters"),
        (Map<String, Object>) content.getOrDefault("responseMapping", Map.of()),
        Pagination.from((Map<String, Object>) content.get("pagination")));
  }

  /** The result of one call: the answer, and the variables response templates see. */
  record Result(ApiResponse response, Map<String, Object> variables) {}

  /** Builds the request from {@code variables}, sends it, and returns the answer with the variables extended. */
  Result call(ApiClient api, TemplateEvaluator evaluator, Map<String, Object> variables, @Nullable String cursor) {
    Map<String, Object> query = new LinkedHashMap<>();
    String target = path(evaluator, variables);
    if (pagination != null && pagination.cursorIsUrl(cursor)) {
      target = cursor;
    } else {
      if (pagination != null) {
        query.putAll(pagination.query(cursor));
      }
      query.putAll(stringKeyed(evaluator.evaluate(this.query, variables), "requestMapping.query"));
    }
    query.values().removeIf(java.util.Objects::isNull);
    Map<String, String> headerValues = new LinkedHashMap<>();
    stringKeyed(evaluator.evaluate(this.headers, variables), "requestMapping.headers")
        .forEach((name, value) -> {
          if (value != null) {
            headerValues.put(name, String.valueOf(value));
          }
        });
    Object body = evaluator.evaluate(this.data, variables);
    ApiResponse response = api.send(new ApiRequest(method, target, query, headerValues, body));
    Map<String, Object> extended = new LinkedHashMap<>(variables);
    extended.put("response", HttpApiClient.asVariables(response));
    return new Result(response, extended);
  }

  /** Evaluates a response template ({@code records}, {@code record}, {@code id}, {@code cursor}, …). */
  @Nullable Object read(String key, TemplateEvaluator evaluator, Map<String, Object> variables) {
    return response.containsKey(key) ? evaluator.evaluate(response.get(key), variables) : null;
  }

  private String path(TemplateEvaluator evaluator, Map<String, Object> variables) {
    Map<String, Object> values = stringKeyed(evaluator.evaluate(pathParameters, variables), "requestMapping.pathParameters");
    Matcher matcher = PLACEHOLDER.matcher(path);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      Object value = values.get(matcher.group(1));
      if (value == null || value.toString().isEmpty()) {
        throw InvalidInputException.forField(matcher.group(1), "The request path " + path + " needs a value for {"
            + matcher.group(1) + "}, and none was given.");
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(
          URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20")));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> stringKeyed(@Nullable Object value, String what) {
    if (value == null) {
      return Map.of();
    }
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw new IllegalStateException(file + ": " + what + " must evaluate to an object, got " + value.getClass().getSimpleName());
  }
}
