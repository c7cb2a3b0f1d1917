package dev.tributary.engine.udm;

import dev.tributary.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The catalogue of Universal Data Models, read from {@code udm/catalogue.yaml} and checked as it
 * loads: every reference and fallback names a model of the catalogue, every filter and fallback
 * field is a field of its model.
 */
public final class UdmCatalogue {

  private static final String RESOURCE = "udm/catalogue.yaml";
  private static final Set<String> WITHOUT_TIMES = Set.of("deal-stages");
  private static final Set<String> WITHOUT_AUTHORS = Set.of("deal-stages", "journal-entries");

  private final Map<String, Udm> models;

  private UdmCatalogue(Map<String, Udm> models) {
    this.models = models;
  }

  /** The built-in catalogue. */
  public static UdmCatalogue builtIn() {
    try (InputStream in = UdmCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a catalogue written in the format of {@code udm/catalogue.yaml}.
   *
   * @throws IllegalArgumentException naming the model and key of the first problem
   */
  @SuppressWarnings("unchecked")
  static UdmCatalogue parse(String yaml, String source) {
    Object content = new Load(LoadSettings.builder().setLabel(source).build()).loadFromString(yaml);
    if (!(content instanceof Map<?, ?> all)) {
      throw new IllegalArgumentException(source + ": must map each UDM key to its definition.");
    }
    Map<String, Udm> models = new LinkedHashMap<>();
    ((Map<String, Object>) all).forEach((key, definition) ->
        models.put(key, UdmDefinition.read(key, (Map<String, Object>) definition, source,
            !WITHOUT_TIMES.contains(key), !WITHOUT_AUTHORS.contains(key))));
    models.values().forEach(udm -> UdmDefinition.checkReferences(udm, models.keySet(), source));
    return new UdmCatalogue(models);
  }

  public List<Udm> all() {
    return new ArrayList<>(models.values());
  }

  public Optional<Udm> find(String key) {
    return Optional.ofNullable(models.get(key));
  }

  /**
   * @throws NotFoundException listing the known models
   */
  public Udm require(String key) {
    Udm udm = models.get(key);
    if (udm == null) {
      throw new NotFoundException("No Universal Data Model \"" + key + "\". Known models: "
          + String.join(", ", models.keySet()) + ".");
    }
    return udm;
  }
}
