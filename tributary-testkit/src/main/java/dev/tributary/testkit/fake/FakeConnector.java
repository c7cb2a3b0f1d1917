package dev.tributary.testkit.fake;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorInfo;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.UdmMapping;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A connector to an app that lives in memory: collections you declare and seed, every method
 * supported, pages of {@link FakeCollection#PAGE_SIZE} records. No network, no credentials.
 *
 * <pre>{@code
 * FakeConnector fake = FakeConnector.builder("fake-crm")
 *     .collection("contacts", "name", "email")
 *     .udm("contacts", "contacts", Map.of("fullName", Map.of("$var", "$.name")), Map.of("name", Map.of("$var", "$.fullName")))
 *     .build();
 * fake.collection("contacts").seed(Map.of("name", "Ann", "email", "ann@example.org"));
 * }</pre>
 */
public final class FakeConnector implements Connector {

  private final ConnectorInfo info;
  private final Map<String, FakeCollection> collections;
  private final Map<String, UdmMapping> udm;
  private final DataDirectory root;

  private FakeConnector(String key, Map<String, FakeCollection> collections, Map<String, UdmMapping> udm) {
    this.info = new ConnectorInfo(key, "Fake " + key, "1.0.0", "An app in memory, for tests");
    this.collections = Map.copyOf(collections);
    this.udm = Map.copyOf(udm);
    List<LocationPointer> pointers = new ArrayList<>();
    collections.keySet().stream().sorted()
        .forEach(name -> pointers.add(new LocationPointer(name, Map.of(), "collection", name, null)));
    this.root = new RootDirectory(pointers);
  }

  public static Builder builder(String key) {
    return new Builder(key);
  }

  /** A collection, to seed or inspect. */
  public FakeCollection collection(String key) {
    return Objects.requireNonNull(collections.get(key), () -> "no collection " + key);
  }

  @Override
  public ConnectorInfo info() {
    return info;
  }

  @Override
  public AuthDefinition auth() {
    return new AuthDefinition.None();
  }

  @Override
  public Map<String, Object> integrationParametersSchema() {
    return Map.of("type", "object");
  }

  @Override
  public Map<String, Object> connectionParametersSchema() {
    return Map.of("type", "object");
  }

  @Override
  public ApiClientDefinition apiClient() {
    return new ApiClientDefinition("https://fake.invalid", Map.of(), 1000, Duration.ofSeconds(1), false);
  }

  @Override
  public String rootLocationKey() {
    return "root";
  }

  @Override
  public List<DataLocation> locations() {
    List<DataLocation> locations = new ArrayList<>();
    locations.add(root);
    collections.keySet().stream().sorted().forEach(key -> locations.add(collections.get(key)));
    return locations;
  }

  @Override
  public Map<String, UdmMapping> udm() {
    return udm;
  }

  private record RootDirectory(List<LocationPointer> pointers) implements DataDirectory {
    @Override
    public String key() {
      return "root";
    }

    @Override
    public String name() {
      return "Fake app";
    }

    @Override
    public Map<String, Object> parametersSchema() {
      return Map.of("type", "object");
    }

    @Override
    public LocationPage list(ConnectorContext context, Map<String, Object> parameters, @Nullable String cursor) {
      return new LocationPage(pointers, null);
    }
  }

  /** Declares the fake app's collections and UDM mappings. */
  public static final class Builder {
    private final String key;
    private final Map<String, FakeCollection> collections = new LinkedHashMap<>();
    private final Map<String, UdmMapping> udm = new LinkedHashMap<>();

    private Builder(String key) {
      this.key = key;
    }

    /** A collection whose records have these string fields (and a read-only {@code id}). */
    public Builder collection(String collection, String... fields) {
      return collection(collection, Map.of("type", "object"), fields);
    }

    /** A collection that takes parameters described by {@code parametersSchema} (JSON Schema). */
    public Builder collection(String collection, Map<String, Object> parametersSchema, String... fields) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("id", Map.of("type", "string", "readOnly", true));
      for (String field : fields) {
        properties.put(field, Map.of("type", "string"));
      }
      CollectionSpec spec = new CollectionSpec("collection", collection, collection, parametersSchema,
          Map.of("type", "object", "properties", properties),
          new CollectionSpec.ListSpec(List.of(fields)), new CollectionSpec.MethodSpec(),
          new CollectionSpec.MatchSpec(List.of(fields[0])), new CollectionSpec.MethodSpec(),
          new CollectionSpec.WriteSpec(null, List.of(fields[0]), List.of()),
          new CollectionSpec.WriteSpec(null, List.of(), List.of()), new CollectionSpec.MethodSpec(),
          Map.of("created", new CollectionSpec.EventSpec("full-scan"), "updated", new CollectionSpec.EventSpec("full-scan"),
              "deleted", new CollectionSpec.EventSpec("full-scan")), false);
      collections.put(collection, new FakeCollection(spec));
      return this;
    }

    /** Maps {@code collection} to a Universal Data Model with formulas each way. */
    public Builder udm(String model, String collection, Map<String, Object> fieldsFromCollection, Map<String, Object> fieldsToCollection) {
      udm.put(model, new UdmMapping(null, List.of(new UdmMapping.CollectionMapping(collection, Map.of(), fieldsFromCollection, fieldsToCollection))));
      return this;
    }

    public FakeConnector build() {
      return new FakeConnector(key, collections, udm);
    }
  }
}
