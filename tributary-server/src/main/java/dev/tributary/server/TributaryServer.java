package dev.tributary.server;

import dev.tributary.engine.Tributary;
import dev.tributary.error.TributaryException;
import dev.tributary.server.auth.JwtAuthenticator;
import dev.tributary.server.http.Access;
import dev.tributary.server.http.Api;
import dev.tributary.server.http.ErrorResponses;
import dev.tributary.server.http.JsonErrorHandler;
import dev.tributary.server.http.RequestIds;
import dev.tributary.server.http.Schemas;
import dev.tributary.server.routes.DataRoutes;
import dev.tributary.server.routes.ActionRoutes;
import dev.tributary.server.routes.DataSourceRoutes;
import dev.tributary.server.routes.FieldMappingRoutes;
import dev.tributary.server.routes.EmbedRoutes;
import dev.tributary.server.routes.EventRoutes;
import dev.tributary.server.routes.FlowRoutes;
import dev.tributary.server.routes.OAuthRoutes;
import dev.tributary.server.routes.WorkspaceRoutes;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API over a {@link Tributary} engine. {@link #start} listens; {@link #close} stops
 * listening (the engine is closed by whoever opened it).
 */
public final class TributaryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TributaryServer.class);
  private static final Logger accessLog = LoggerFactory.getLogger("dev.tributary.access");
  private static final String STARTED_AT = "tributary.startedAt";
  public static final String VERSION = "0.1.0";

  private final Javalin javalin;
  private final Api api;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private TributaryServer(Tributary tributary, ServerSettings settings, Clock clock) {
    var authenticator = new JwtAuthenticator(tributary.workspaces(), tributary.customers(), clock);
    this.api = new Api(authenticator::authenticate, tributary.database().reads());
    bindJvmMetrics();
    registerOperationalRoutes(tributary);
    new WorkspaceRoutes(tributary).register(api);
    new DataRoutes(tributary).register(api);
    new DataSourceRoutes(tributary).register(api);
    new FieldMappingRoutes(tributary).register(api);
    new ActionRoutes(tributary).register(api);
    new EmbedRoutes().register(api);
    new EventRoutes(tributary).register(api);
    new FlowRoutes(tributary).register(api);
    tributary.events().publicUrl(() -> settings.publicUrl() != null ? settings.publicUrl() : "http://localhost:" + port());
    new OAuthRoutes(tributary, () -> (settings.publicUrl() != null ? settings.publicUrl() : "http://localhost:" + port())
        + "/oauth/callback").register(api);

    this.javalin = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = settings.maxRequestSize();
      config.http.prefer405over404 = true;
      config.jetty.host = settings.host();
      config.jetty.port = settings.port();
      config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
      config.routes.before(context -> {
        RequestIds.assign(context);
        context.attribute(STARTED_AT, System.nanoTime());
        context.attribute(ErrorResponses.MAX_REQUEST_SIZE_ATTRIBUTE, settings.maxRequestSize());
        // Read (and size-check) the body up front, whatever the answer: a refused request whose body
        // is left unread would cost the client its keep-alive connection.
        context.bodyAsBytes();
      });
      api.install(config.routes);
      config.routes.exception(TributaryException.class, ErrorResponses::tributary);
      config.routes.exception(HttpResponseException.class, ErrorResponses::http);
      config.routes.exception(Exception.class, ErrorResponses::unexpected);
      config.routes.after(this::recordRequest);
    });
  }

  /** Starts listening; {@link #port()} tells where. */
  public static TributaryServer start(Tributary tributary, ServerSettings settings) {
    return start(tributary, settings, Clock.systemUTC());
  }

  public static TributaryServer start(Tributary tributary, ServerSettings settings, Clock clock) {
    var server = new TributaryServer(tributary, settings, clock);
    server.javalin.start();
    log.info("Tributary {} listening on http://{}:{}", VERSION, settings.host(), server.port());
    return server;
  }

  public int port() {
    return javalin.port();
  }

  public Api api() {
    return api;
  }

  private void registerOperationalRoutes(Tributary tributary) {
    api.get("/health").summary("Check that the server and its database answer").tag("Operations")
        .access(Access.PUBLIC).responds(200, Schemas.HEALTH)
        .handle(call -> {
          boolean database = tributary.database().isHealthy();
          if (!database) {
            call.context().status(503);
          }
          Map<String, Object> health = new LinkedHashMap<>();
          health.put("status", database ? "ok" : "unavailable");
          health.put("checks", Map.of("database", database ? "ok" : "unreachable"));
          return health;
        });
    api.get("/metrics").summary("Read metrics in the Prometheus text format").tag("Operations")
        .access(Access.ADMIN).respondsWith("text/plain; version=0.0.4; charset=utf-8")
        .handle(call -> metrics.scrape());
    api.get("/openapi.json").summary("Read this API's description (OpenAPI 3.1)").tag("Operations")
        .access(Access.PUBLIC)
        .handle(call -> api.openApi("Tributary", VERSION));
  }

  private void bindJvmMetrics() {
    new ClassLoaderMetrics().bindTo(metrics);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmGcMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    new UptimeMetrics().bindTo(metrics);
  }

  private void recordRequest(Context context) {
    try {
      Long startedAt = context.attribute(STARTED_AT);
      long nanos = startedAt == null ? 0 : System.nanoTime() - startedAt;
      String route = routeOf(context);
      int status = context.statusCode();
      Timer.builder("http.server.requests")
          .tag("method", context.method().name())
          .tag("route", route)
          .tag("status", Integer.toString(status))
          .register(metrics)
          .record(java.time.Duration.ofNanos(nanos));
      accessLog.info("{} {} -> {} in {} ms (route {})", context.method(), context.path(), status,
          nanos / 1_000_000, route);
    } finally {
      RequestIds.clear();
    }
  }

  /** The matched route template, so metrics do not grow one series per id. */
  private static String routeOf(Context context) {
    String route = context.attribute(Api.ROUTE_ATTRIBUTE);
    return route == null ? "unmatched" : route;
  }

  @Override
  public void close() {
    javalin.stop();
  }
}
