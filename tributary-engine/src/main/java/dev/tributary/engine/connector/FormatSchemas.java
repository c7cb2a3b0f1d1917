package dev.tributary.engine.connector;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tributary.engine.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The JSON Schemas of the connector files ({@code connector-format/*.schema.json}), and the
 * check that turns a schema violation into an error naming the line and key.
 */
enum FormatSchemas {
  CONNECTOR("connector.schema.json"),
  LOCATION("location.schema.json"),
  REST_MAPPING("rest-mapping.schema.json"),
  RECORD_MAPPING("record-mapping.schema.json"),
  UDM("udm.schema.json");

  private final Schema schema;

  FormatSchemas(String resource) {
    try (InputStream in = FormatSchemas.class.getResourceAsStream("/connector-format/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource connector-format/" + resource);
      }
      this.schema = Registry.INSTANCE.getSchema(Json.MAPPER.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * @throws ConnectorDefinitionException for the first violation (the most specific one)
   */
  void check(YamlFile file) {
    List<Error> errors = schema.validate(Json.MAPPER.valueToTree(file.content()));
    if (errors.isEmpty()) {
      return;
    }
    Error error = errors.stream()
        .filter(e -> !List.of("allOf", "if", "then", "$ref").contains(e.getKeyword()))
        .findFirst().orElse(errors.getFirst());
    String pointer = error.getInstanceLocation().toString();
    pointer = pointer.equals("$") || pointer.equals("/") ? "" : pointer.replaceFirst("^\\$", "");
    if (!pointer.isEmpty() && !pointer.startsWith("/")) {
      pointer = "/" + pointer.replace('.', '/');
    }
    String property = error.getProperty();
    String keyword = error.getKeyword();
    if (property != null && (keyword.equals("required") || keyword.equals("additionalProperties"))) {
      pointer = pointer + "/" + property;
    }
    throw file.error(pointer, describe(error));
  }

  /** Holds the registry apart: an enum's constructor may not read the enum's own static fields. */
  private static final class Registry {
    static final SchemaRegistry INSTANCE = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  }

  private static String describe(Error error) {
    String message = error.getMessage();
    int colon = message.indexOf(": ");
    String text = message.startsWith("$") || message.startsWith("/") ? message.substring(colon + 2) : message;
    return switch (error.getKeyword()) {
      case "required" -> "is missing. Add it (see docs/connectors.md for the format).";
      case "additionalProperties" -> "is not a known key here. Remove it or check its spelling (see docs/connectors.md).";
      case "enum" -> text + ".";
      default -> text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1) + (text.endsWith(".") ? "" : ".");
    };
  }
}
