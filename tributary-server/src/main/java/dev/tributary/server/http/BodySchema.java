package dev.tributary.server.http;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tributary.error.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A JSON Schema (2020-12) for a request body: the same document describes the body in {@code
 * /openapi.json} and checks it before a handler sees it.
 */
public final class BodySchema {

  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private final JsonNode document;
  private final Schema schema;

  private BodySchema(JsonNode document) {
    this.document = document;
    this.schema = REGISTRY.getSchema(document);
  }

  /** Reads a schema written as JSON (a text block in {@link Schemas}). */
  public static BodySchema of(String json) {
    return new BodySchema(Json.MAPPER.readTree(json));
  }

  public JsonNode document() {
    return document;
  }

  /**
   * @throws InvalidInputException listing every problem, keyed by field path
   */
  public void check(JsonNode body) {
    List<Error> errors = schema.validate(body);
    if (errors.isEmpty()) {
      return;
    }
    Map<String, List<String>> details = new LinkedHashMap<>();
    for (Error error : errors) {
      details.computeIfAbsent(field(error), key -> new ArrayList<>()).add(describe(error));
    }
    List<String> summary = new ArrayList<>();
    details.forEach((field, messages) -> summary.add((field.isEmpty() ? "body" : field) + ": " + String.join(" ", messages)));
    throw new InvalidInputException("Invalid request body (" + details.size()
        + (details.size() == 1 ? " field needs" : " fields need") + " attention). " + String.join(" ", summary), details);
  }

  private static String field(Error error) {
    // Locations come as JSON pointers ("/credentials/apiKey"); details use dotted paths.
    String path = error.getInstanceLocation().toString();
    if (path.startsWith("$")) {
      path = path.substring(1);
    }
    path = path.replace('/', '.');
    if (path.startsWith(".")) {
      path = path.substring(1);
    }
    String property = error.getProperty();
    boolean namesChild = "required".equals(error.getKeyword()) || "additionalProperties".equals(error.getKeyword());
    if (namesChild && property != null) {
      return path.isEmpty() ? property : path + "." + property;
    }
    return path;
  }

  private static String describe(Error error) {
    return switch (error.getKeyword()) {
      case "required" -> "A value is required.";
      case "additionalProperties" -> "Unknown field: remove it (check its spelling against the API description at /openapi.json).";
      case "pattern" -> "Invalid value " + error.getInstanceNode() + ": must match the pattern "
          + error.getArguments()[0] + " (keys are 1 to 100 letters, digits, '-', '_' or '.').";
      default -> {
        String message = error.getMessage();
        int colon = message.indexOf(": ");
        String text = colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
        yield text.isEmpty() ? "Invalid value." : Character.toUpperCase(text.charAt(0)) + text.substring(1) + (text.endsWith(".") ? "" : ".");
      }
    };
  }
}
