package dev.tributary.server.http;

import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.error.InvalidInputException;
import io.javalin.http.Context;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** One request to a route: its caller, parameters and checked body. */
public final class Call {

  private final Context context;
  private final Api.Route route;
  private final @Nullable Caller caller;

  Call(Context context, Api.Route route, @Nullable Caller caller) {
    this.context = context;
    this.route = route;
    this.caller = caller;
  }

  /** The authenticated caller; only public routes have none. */
  public Caller caller() {
    if (caller == null) {
      throw new IllegalStateException("route " + route.path() + " is public: it has no caller");
    }
    return caller;
  }

  public Context context() {
    return context;
  }

  public String path(String name) {
    return context.pathParam(name);
  }

  public @Nullable String query(String name) {
    String value = context.queryParam(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** A {@code true|false} query parameter; absent means false. */
  public boolean flag(String name) {
    String value = query(name);
    if (value == null) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default -> throw InvalidInputException.forField(name, "Invalid " + name + " \"" + abbreviate(value)
          + "\": must be true or false.");
    };
  }

  /** The {@code limit} and {@code cursor} of a list request. */
  public PageRequest page() {
    return PageRequest.parse(query("limit"), query("cursor"));
  }

  /**
   * The request body as a JSON object, checked against the route's schema.
   *
   * @throws InvalidInputException if the body is missing, not JSON, or breaks the schema
   */
  public JsonNode body() {
    BodySchema schema = route.body();
    if (schema == null) {
      throw new IllegalStateException("route " + route.path() + " declares no body");
    }
    String text = context.body();
    if (text.isBlank()) {
      throw new InvalidInputException("The request body is empty. Send a JSON object (Content-Type:"
          + " application/json) as described for " + route.method() + " " + route.path() + " in /openapi.json.");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(text);
    } catch (JacksonException e) {
      var location = e.getLocation();
      throw new InvalidInputException("The request body is not valid JSON"
          + (location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")")
          + ": " + e.getOriginalMessage() + ". Send a JSON object.");
    }
    schema.check(node);
    return node;
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "…";
  }
}
