package dev.tributary.server.http;

import dev.tributary.engine.store.RequestReads;
import dev.tributary.engine.workspace.Caller;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The registry of routes. Each route is declared once with its documentation, access and
 * schemas; {@link #install} hands it to Javalin and {@link #openApi} describes it, so the API
 * description cannot drift from what the server answers.
 *
 * <pre>{@code
 * api.get("/integrations").summary("List integrations").tag("Integrations").access(Access.ANY)
 *     .pageQuery().responds(200, Schemas.page(Schemas.INTEGRATION))
 *     .handle(call -> integrations.list(call.caller(), call.page()));
 * }</pre>
 */
public final class Api {

  private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

  /** What a route's handler does: returns the body of a successful answer. */
  @FunctionalInterface
  public interface CallHandler {
    Object handle(Call call) throws Exception;
  }

  /** A query parameter, for the API description. */
  public record QueryParameter(String name, String description, String type) {}

  /** One declared route. */
  public record Route(
      HandlerType method,
      String path,
      Access access,
      String summary,
      String tag,
      List<QueryParameter> query,
      @Nullable BodySchema body,
      int status,
      JsonNode response,
      @Nullable String responseContentType,
      CallHandler handler) {}

  private final List<Route> routes = new ArrayList<>();
  private final Function<@Nullable String, Caller> authenticator;
  private final RequestReads reads;

  /**
   * @param authenticator turns the {@code Authorization} header (or null) into a caller, or throws
   * @param reads the store's reads, memoised for the span of each request
   */
  public Api(Function<@Nullable String, Caller> authenticator, RequestReads reads) {
    this.authenticator = authenticator;
    this.reads = reads;
  }

  public RouteBuilder get(String path) {
    return new RouteBuilder(HandlerType.GET, path);
  }

  public RouteBuilder post(String path) {
    return new RouteBuilder(HandlerType.POST, path);
  }

  public RouteBuilder put(String path) {
    return new RouteBuilder(HandlerType.PUT, path);
  }

  public RouteBuilder patch(String path) {
    return new RouteBuilder(HandlerType.PATCH, path);
  }

  public RouteBuilder delete(String path) {
    return new RouteBuilder(HandlerType.DELETE, path);
  }

  public RouteBuilder head(String path) {
    return new RouteBuilder(HandlerType.HEAD, path);
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  /** Registers every route with Javalin. */
  public void install(RoutesConfig config) {
    for (Route route : routes) {
      config.addHttpHandler(route.method(), route.path(), context -> {
        try (RequestReads.Span span = reads.open()) {
          execute(route, context);
        }
      });
    }
  }

  /** The attribute holding the matched route's path template, for logs and metrics. */
  public static final String ROUTE_ATTRIBUTE = "tributary.route";

  private void execute(Route route, Context context) throws Exception {
    context.attribute(ROUTE_ATTRIBUTE, route.path());
    Caller caller = null;
    if (route.access() != Access.PUBLIC) {
      caller = authenticator.apply(context.header("Authorization"));
      if (route.access() == Access.ADMIN) {
        caller.requireAdmin(route.summary().substring(0, 1).toLowerCase(java.util.Locale.ROOT) + route.summary().substring(1));
      }
    }
    Object result = route.handler().handle(new Call(context, route, caller));
    if (result instanceof RawResponse raw) {
      context.status(raw.status());
      raw.headers().forEach(context::header);
      context.result(raw.body() == null ? "" : raw.body());
      return;
    }
    if (context.statusCode() >= 300 && context.statusCode() < 400) {
      return; // the handler redirected the browser
    }
    context.status(route.status());
    if (route.responseContentType() != null) {
      context.contentType(route.responseContentType()).result(Objects.toString(result));
    } else if (route.status() != 204) {
      context.contentType("application/json").result(Json.MAPPER.writeValueAsBytes(result));
    }
  }

  /** The OpenAPI 3.1 document describing every route. */
  public Map<String, Object> openApi(String title, String version) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Route route : routes) {
      String path = route.path();
      @SuppressWarnings("unchecked")
      Map<String, Object> item = (Map<String, Object>) paths.computeIfAbsent(path, key -> new LinkedHashMap<>());
      item.put(route.method().name().toLowerCase(java.util.Locale.ROOT), operation(route));
    }
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("openapi", "3.1.0");
    document.put("info", Map.of("title", title, "version", version,
        "description", "The Tributary HTTP API. Compatible with Membrane's Data Sources API."));
    document.put("paths", paths);
    document.put("components", Map.of(
        "securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer", "bearerFormat", "JWT",
            "description", "A JWT signed with the workspace secret (HS256 or HS512), iss = workspace key, exp"
                + " required; claim id = the customer it acts as, or isAdmin: true for the workspace.")),
        "schemas", Map.of("Error", Schemas.ERROR.document())));
    return document;
  }

  private static Map<String, Object> operation(Route route) {
    Map<String, Object> operation = new LinkedHashMap<>();
    operation.put("summary", route.summary());
    operation.put("tags", List.of(route.tag()));
    operation.put("operationId", route.method().name().toLowerCase(java.util.Locale.ROOT)
        + route.path().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-$", ""));
    List<Map<String, Object>> parameters = new ArrayList<>();
    Matcher matcher = PATH_PARAMETER.matcher(route.path());
    while (matcher.find()) {
      parameters.add(Map.of("name", matcher.group(1), "in", "path", "required", true, "schema", Map.of("type", "string")));
    }
    for (QueryParameter query : route.query()) {
      parameters.add(Map.of("name", query.name(), "in", "query", "required", false,
          "description", query.description(), "schema", Map.of("type", query.type())));
    }
    if (!parameters.isEmpty()) {
      operation.put("parameters", parameters);
    }
    if (route.body() != null) {
      operation.put("requestBody", Map.of("required", true,
          "content", Map.of("application/json", Map.of("schema", route.body().document()))));
    }
    if (route.access() == Access.PUBLIC) {
      operation.put("security", List.of());
    } else {
      operation.put("security", List.of(Map.of("bearer", List.of())));
      operation.put("x-tributary-access", route.access() == Access.ADMIN ? "admin" : "admin or customer");
    }
    Map<String, Object> responses = new LinkedHashMap<>();
    String contentType = route.responseContentType() != null ? route.responseContentType() : "application/json";
    responses.put(String.valueOf(route.status()), route.status() == 204 ? Map.of("description", "Done")
        : Map.of("description", "Success", "content", Map.of(contentType, Map.of("schema", route.response()))));
    Map<String, Object> error = Map.of("description", "Error", "content",
        Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))));
    responses.put("4XX", error);
    responses.put("5XX", error);
    operation.put("responses", responses);
    return operation;
  }

  /** Declares one route; {@link #handle} completes it. */
  public final class RouteBuilder {
    private final HandlerType method;
    private final String path;
    private Access access = Access.ANY;
    private String summary = "";
    private String tag = "General";
    private final List<QueryParameter> query = new ArrayList<>();
    private @Nullable BodySchema body;
    private int status = 200;
    private JsonNode response = Schemas.ANY_OBJECT.document();
    private @Nullable String responseContentType;

    private RouteBuilder(HandlerType method, String path) {
      this.method = method;
      this.path = path;
    }

    public RouteBuilder summary(String summary) {
      this.summary = summary;
      return this;
    }

    public RouteBuilder tag(String tag) {
      this.tag = tag;
      return this;
    }

    public RouteBuilder access(Access access) {
      this.access = access;
      return this;
    }

    public RouteBuilder query(String name, String type, String description) {
      query.add(new QueryParameter(name, description, type));
      return this;
    }

    /** The {@code limit} and {@code cursor} parameters of list routes. */
    public RouteBuilder pageQuery() {
      return query("limit", "integer", "Items per page, 1 to 1000 (default 100).")
          .query("cursor", "string", "The cursor of the previous page; absent for the first page.");
    }

    public RouteBuilder body(BodySchema body) {
      this.body = body;
      return this;
    }

    public RouteBuilder responds(int status, BodySchema response) {
      this.status = status;
      this.response = response.document();
      return this;
    }

    /** For answers that are not JSON (e.g. Prometheus text). */
    public RouteBuilder respondsWith(String contentType) {
      this.responseContentType = contentType;
      this.response = Json.MAPPER.readTree("{\"type\":\"string\"}");
      return this;
    }

    public void handle(CallHandler handler) {
      if (summary.isEmpty()) {
        throw new IllegalStateException("route " + method + " " + path + " needs a summary");
      }
      routes.add(new Route(method, path, access, summary, tag, List.copyOf(query), body, status, response,
          responseContentType, handler));
    }
  }
}
