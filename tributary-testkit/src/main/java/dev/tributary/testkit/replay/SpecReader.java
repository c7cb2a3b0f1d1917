package dev.tributary.testkit.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads JSON and YAML documents (API descriptions and fixtures) into Jackson trees.
 *
 * <p>Every API description goes through here, YAML included, and reaches swagger-parser as JSON.
 * That works around one defect: Stripe's {@code spec3.yaml} is past SnakeYAML's default limit of
 * 3 MiB of code points, so swagger-parser's own YAML reader calls it "malformed or unreadable".
 */
final class SpecReader {

  /** Large enough for Stripe's 4 MB description with room to grow; the JSON files have no limit. */
  private static final int YAML_CODE_POINT_LIMIT = 64 * 1024 * 1024;

  static final JsonMapper JSON = JsonMapper.builder().build();

  static final YAMLMapper YAML =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .loadSettings(LoadSettings.builder().setCodePointLimit(YAML_CODE_POINT_LIMIT).build())
                  .build())
          .build();

  private SpecReader() {}

  /** Reads {@code file} as YAML when its name ends in {@code .yaml} or {@code .yml}, else as JSON. */
  static JsonNode read(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode read(InputStream in, String name) {
    return mapperFor(name).readTree(in);
  }

  /** Reads an API description, which must be one JSON or YAML object. */
  static ObjectNode readObject(Path file) {
    JsonNode tree = read(file);
    if (!(tree instanceof ObjectNode object)) {
      throw new IllegalArgumentException(
          file + " is not an API description: its top level is " + tree.getNodeType() + ", not an object.");
    }
    return object;
  }

  private static ObjectMapper mapperFor(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
  }
}
