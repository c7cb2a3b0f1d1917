package dev.tributary.connectors.support;

import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ApiRequest;
import dev.tributary.connector.ApiResponse;
import dev.tributary.connector.ConnectorContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Contexts that change what a declarative collection's call sends or gets, so that Java code can
 * reuse the collection's YAML mappings instead of repeating them.
 */
public final class Contexts {

  private Contexts() {}

  /** {@code context} whose client passes every request through {@code change} before sending it. */
  public static ConnectorContext rewriting(ConnectorContext context, UnaryOperator<ApiRequest> change) {
    ApiClient api = request -> context.api().send(change.apply(request));
    return with(context, api);
  }

  /** {@code context} whose client passes every successful answer through {@code check} (which may throw). */
  public static ConnectorContext checking(ConnectorContext context, UnaryOperator<ApiResponse> check) {
    return with(context, request -> check.apply(context.api().send(request)));
  }

  /**
   * {@code context} whose client answers every request with {@code data} without calling the app:
   * a webhook payload's object then goes through the collection's {@code find-by-id} mapping.
   */
  public static ConnectorContext answering(ConnectorContext context, Object data) {
    return with(context, request -> new ApiResponse(200, Map.of(), data));
  }

  /** A request with these query parameters set (replacing the same names). */
  public static ApiRequest withQuery(ApiRequest request, Map<String, Object> changes) {
    Map<String, Object> query = new LinkedHashMap<>(request.query());
    query.putAll(changes);
    return request.withQuery(query);
  }

  /** {@code context} with other collection parameters (e.g. a narrower query for the same listing). */
  public static ConnectorContext withParameters(ConnectorContext context, Map<String, Object> parameters) {
    return with(context, context.api(), Map.copyOf(parameters));
  }

  private static ConnectorContext with(ConnectorContext context, ApiClient api) {
    return with(context, api, context.parameters());
  }

  private static ConnectorContext with(ConnectorContext context, ApiClient api, Map<String, Object> parameters) {
    return new ConnectorContext() {
      @Override
      public ApiClient api() {
        return api;
      }

      @Override
      public Map<String, Object> parameters() {
        return parameters;
      }

      @Override
      public Map<String, Object> credentials() {
        return context.credentials();
      }

      @Override
      public Map<String, Object> connectionParameters() {
        return context.connectionParameters();
      }

      @Override
      public Map<String, Object> integrationParameters() {
        return context.integrationParameters();
      }
    };
  }
}
