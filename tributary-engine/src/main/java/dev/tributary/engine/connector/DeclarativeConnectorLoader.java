package dev.tributary.engine.connector;

import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorInfo;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.LocationPointer;
import dev.tributary.connector.UdmMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Reads a declarative connector from its folder and checks every file: each against the
 * format's JSON Schema, then the references between files (methods and their mapping files,
 * fields named in method rules, locations, the root directory, UDM mappings). The first problem
 * stops the load with an error naming the connector, file, line and key. See {@code
 * docs/connectors.md} for the format.
 *
 * <pre>
 * connector.yaml                       key, name, version, baseUri, auth, root, …
 * data/&lt;key&gt;/spec.yaml               a collection or a directory
 * data/&lt;key&gt;/&lt;method&gt;.rest.yaml       list, find-by-id, match, search, create, update, delete
 * data/&lt;key&gt;/record-from-api.yaml     app record → DataRecord
 * data/&lt;key&gt;/fields-to-api.yaml       DataRecord fields → app fields (create, update)
 * udm.yaml                             UDM → collection mappings
 * </pre>
 */
public final class DeclarativeConnectorLoader {

  static final Map<String, String> METHOD_FILES = methodFiles();
  static final String CUSTOM_FIELDS_FILE = "custom-fields.rest.yaml";
  private static final String EMPTY_OBJECT_SCHEMA_TYPE = "object";

  private final TemplateEvaluator evaluator;

  public DeclarativeConnectorLoader(TemplateEvaluator evaluator) {
    this.evaluator = evaluator;
  }

  private static Map<String, String> methodFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("list", "list.rest.yaml");
    files.put("findById", "find-by-id.rest.yaml");
    files.put("match", "match.rest.yaml");
    files.put("search", "search.rest.yaml");
    files.put("create", "create.rest.yaml");
    files.put("update", "update.rest.yaml");
    files.put("delete", "delete.rest.yaml");
    return files;
  }

  /**
   * @throws ConnectorDefinitionException naming the first problem found
   */
  @SuppressWarnings("unchecked")
  public Connector load(Path folder) {
    String connectorName = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString().replaceAll("/$", "");
    YamlFile manifest = read(connectorName, folder, "connector.yaml");
    FormatSchemas.CONNECTOR.check(manifest);
    Map<String, Object> content = manifest.object();
    String key = (String) content.get("key");
    manifest = manifest.forConnector(key);

    Path data = folder.resolve("data");
    if (!Files.isDirectory(data)) {
      throw new ConnectorDefinitionException(key, "data/", 0, "", "is missing: a connector needs a data/ folder with"
          + " one folder per location (data/<key>/spec.yaml).");
    }
    List<DataLocation> locations = new ArrayList<>();
    Map<String, YamlFile> specs = new LinkedHashMap<>();
    for (Path locationFolder : sortedFolders(data)) {
      String locationKey = locationFolder.getFileName().toString().replaceAll("/$", "");
      YamlFile spec = read(key, folder, "data/" + locationKey + "/spec.yaml");
      FormatSchemas.LOCATION.check(spec);
      specs.put(locationKey, spec);
      locations.add("directory".equals(spec.object().get("type"))
          ? directory(key, folder, locationKey, spec) : collection(key, folder, locationKey, spec));
    }
    String root = (String) content.get("root");
    checkReferences(manifest, root, specs);

    Map<String, UdmMapping> udm = Map.of();
    if (Files.exists(folder.resolve("udm.yaml"))) {
      udm = udm(read(key, folder, "udm.yaml"), specs);
    }
    Map<String, Object> rateLimit = (Map<String, Object>) content.getOrDefault("rateLimit", Map.of());
    var apiClient = new ApiClientDefinition(content.get("baseUri"),
        (Map<String, Object>) content.getOrDefault("headers", Map.of()),
        ((Number) rateLimit.getOrDefault("requestsPerSecond", ApiClientDefinition.DEFAULT_REQUESTS_PER_SECOND)).doubleValue(),
        Duration.ofSeconds(((Number) content.getOrDefault("timeoutSeconds", ApiClientDefinition.DEFAULT_TIMEOUT.toSeconds())).longValue()),
        Boolean.TRUE.equals(content.get("local")), (Map<String, Object>) content.getOrDefault("query", Map.of()));
    return new DeclarativeConnector(
        new ConnectorInfo(key, (String) content.get("name"), (String) content.get("version"), (String) content.get("description")),
        auth((Map<String, Object>) content.get("auth")),
        objectSchema(content.get("integrationParametersSchema")),
        objectSchema(content.get("connectionParametersSchema")),
        apiClient, root, locations, udm);
  }

  @SuppressWarnings("unchecked")
  private DataLocation collection(String connector, Path folder, String key, YamlFile spec) {
    Map<String, Object> content = spec.object();
    Map<String, Object> fieldsSchema = (Map<String, Object>) content.get("fieldsSchema");
    Set<String> fields = ((Map<String, Object>) fieldsSchema.get("properties")).keySet();
    Map<String, Object> methods = (Map<String, Object>) content.get("methods");
    for (String method : methods.keySet()) {
      Map<String, Object> options = (Map<String, Object>) methods.get(method);
      for (String rule : List.of("filterFields", "fields", "requiredFields", "excludedFields")) {
        List<String> named = (List<String>) options.getOrDefault(rule, List.of());
        for (int i = 0; i < named.size(); i++) {
          if (!fields.contains(named.get(i))) {
            throw spec.error("/methods/" + method + "/" + rule + "/" + i, "names the field \"" + named.get(i)
                + "\", which fieldsSchema.properties does not have. Known fields: " + String.join(", ", new TreeSet<>(fields)) + ".");
          }
        }
      }
    }
    Map<String, RestMapping> implementations = new LinkedHashMap<>();
    for (Map.Entry<String, String> method : METHOD_FILES.entrySet()) {
      String file = "data/" + key + "/" + method.getValue();
      boolean declared = methods.containsKey(method.getKey());
      boolean present = Files.exists(folder.resolve(file));
      if (declared && !present) {
        throw spec.error("/methods/" + method.getKey(), "is declared but " + file + " is missing. Add the REST mapping"
            + " for it, or remove the method from methods.");
      }
      if (present && !declared) {
        throw new ConnectorDefinitionException(connector, file, 0, "", "implements " + method.getKey() + ", which the"
            + " spec's methods do not declare. Add \"" + method.getKey() + ": {}\" under methods in data/" + key
            + "/spec.yaml, or delete this file.");
      }
      if (present) {
        RestMapping mapping = RestMapping.from(read(connector, folder, file));
        requireResponse(connector, file, mapping, method.getKey());
        implementations.put(method.getKey(), mapping);
      }
    }
    String recordFile = "data/" + key + "/record-from-api.yaml";
    RecordMapping recordMapping = Files.exists(folder.resolve(recordFile))
        ? RecordMapping.from(read(connector, folder, recordFile)) : RecordMapping.IDENTITY;
    String fieldsFile = "data/" + key + "/fields-to-api.yaml";
    Object fieldsToApi = Files.exists(folder.resolve(fieldsFile)) ? read(connector, folder, fieldsFile).content() : null;
    String customFile = "data/" + key + "/" + CUSTOM_FIELDS_FILE;
    RestMapping customFields = null;
    if (Files.exists(folder.resolve(customFile))) {
      customFields = RestMapping.from(read(connector, folder, customFile));
      if (!customFields.response().containsKey("fields")) {
        throw new ConnectorDefinitionException(connector, customFile, 0, "responseMapping.fields", "is missing: give the"
            + " custom fields as a list of {key, name, schema}.");
      }
      if (!Boolean.TRUE.equals(content.get("customFields"))) {
        throw spec.error("", "has " + customFile + " but does not say \"customFields: true\". Add it, so clients know"
            + " the spec of a connection may have more fields.");
      }
    }
    return new DeclarativeCollection(collectionSpec(key, content), Boolean.TRUE.equals(content.get("isHidden")),
        implementations, recordMapping, fieldsToApi, customFields, evaluator);
  }

  private static void requireResponse(String connector, String file, RestMapping mapping, String method) {
    String needed = switch (method) {
      case "list", "search", "match" -> "records";
      case "findById" -> "record";
      case "create" -> "id";
      default -> null;
    };
    if (needed != null && !mapping.response().containsKey(needed)) {
      throw new ConnectorDefinitionException(connector, file, 0, "responseMapping." + needed, "is missing: " + method
          + " needs it (e.g. " + needed + ": {$var: $.response.data." + needed + "}).");
    }
  }

  @SuppressWarnings("unchecked")
  static CollectionSpec collectionSpec(String key, Map<String, Object> content) {
    Map<String, Object> methods = (Map<String, Object>) content.get("methods");
    Map<String, CollectionSpec.EventSpec> events = new LinkedHashMap<>();
    Map<String, Object> declaredEvents = (Map<String, Object>) content.getOrDefault("events", Map.of());
    for (String type : List.of("created", "updated", "deleted")) {
      Map<String, Object> event = (Map<String, Object>) declaredEvents.get(type);
      // Without a declaration the engine finds changes by comparing full scans (the reference's default).
      events.put(type, event == null ? new CollectionSpec.EventSpec("full-scan")
          : new CollectionSpec.EventSpec((String) event.get("implementationType"),
              (Map<String, Object>) event.getOrDefault("parameters", Map.of())));
    }
    return new CollectionSpec("collection", key, (String) content.get("name"), objectSchema(content.get("parametersSchema")),
        (Map<String, Object>) content.get("fieldsSchema"),
        methods.containsKey("list") ? new CollectionSpec.ListSpec(strings(methods.get("list"), "filterFields")) : null,
        methods.containsKey("search") ? new CollectionSpec.MethodSpec() : null,
        methods.containsKey("match") ? new CollectionSpec.MatchSpec(strings(methods.get("match"), "fields")) : null,
        methods.containsKey("findById") ? new CollectionSpec.MethodSpec() : null,
        write(methods.get("create")), write(methods.get("update")),
        methods.containsKey("delete") ? new CollectionSpec.MethodSpec() : null,
        events, Boolean.TRUE.equals(content.get("customFields")));
  }

  @SuppressWarnings("unchecked")
  private static CollectionSpec.@Nullable WriteSpec write(@Nullable Object options) {
    if (options == null) {
      return null;
    }
    Map<String, Object> map = (Map<String, Object>) options;
    return new CollectionSpec.WriteSpec(map.containsKey("fields") ? strings(map, "fields") : null,
        strings(map, "requiredFields"), strings(map, "excludedFields"));
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object options, String key) {
    return (List<String>) ((Map<String, Object>) options).getOrDefault(key, List.of());
  }

  @SuppressWarnings("unchecked")
  private DataLocation directory(String connector, Path folder, String key, YamlFile spec) {
    Map<String, Object> content = spec.object();
    String listFile = "data/" + key + "/list.rest.yaml";
    RestMapping list = Files.exists(folder.resolve(listFile)) ? RestMapping.from(read(connector, folder, listFile)) : null;
    List<Map<String, Object>> declared = (List<Map<String, Object>>) content.getOrDefault("locations", List.of());
    if (list == null && declared.isEmpty()) {
      throw spec.error("/locations", "is missing: a directory lists its locations here, or in " + listFile + ".");
    }
    List<LocationPointer> pointers = new ArrayList<>();
    for (Map<String, Object> location : declared) {
      pointers.add(new LocationPointer((String) location.get("key"),
          (Map<String, Object>) location.getOrDefault("parameters", Map.of()),
          (String) location.getOrDefault("type", "collection"), (String) location.get("name"),
          (Boolean) location.get("isDefault")));
    }
    return new DeclarativeDirectory(key, (String) content.get("name"), Boolean.TRUE.equals(content.get("isHidden")),
        objectSchema(content.get("parametersSchema")), pointers, list, evaluator);
  }

  @SuppressWarnings("unchecked")
  private static void checkReferences(YamlFile manifest, String root, Map<String, YamlFile> specs) {
    YamlFile rootSpec = specs.get(root);
    if (rootSpec == null || !"directory".equals(rootSpec.object().get("type"))) {
      throw manifest.error("/root", "names \"" + root + "\", which is not a directory under data/. Known locations: "
          + String.join(", ", specs.keySet()) + ".");
    }
    for (Map.Entry<String, YamlFile> entry : specs.entrySet()) {
      List<Map<String, Object>> locations = (List<Map<String, Object>>) entry.getValue().object().getOrDefault("locations", List.of());
      for (int i = 0; i < locations.size(); i++) {
        String target = (String) locations.get(i).get("key");
        YamlFile targetSpec = specs.get(target);
        if (targetSpec == null) {
          throw entry.getValue().error("/locations/" + i + "/key", "names \"" + target + "\", which has no data/" + target
              + "/spec.yaml. Known locations: " + String.join(", ", specs.keySet()) + ".");
        }
        Object type = locations.get(i).get("type");
        if (type != null && !type.equals(targetSpec.object().get("type"))) {
          throw entry.getValue().error("/locations/" + i + "/type", "says " + type + " but data/" + target
              + "/spec.yaml is a " + targetSpec.object().get("type") + ".");
        }
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, UdmMapping> udm(YamlFile file, Map<String, YamlFile> specs) {
    FormatSchemas.UDM.check(file);
    Map<String, UdmMapping> result = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : file.object().entrySet()) {
      Map<String, Object> definition = (Map<String, Object>) entry.getValue();
      List<UdmMapping.CollectionMapping> mappings = new ArrayList<>();
      List<Map<String, Object>> declared = (List<Map<String, Object>>) definition.get("collectionMappings");
      for (int i = 0; i < declared.size(); i++) {
        Map<String, Object> mapping = declared.get(i);
        String collection = (String) mapping.get("key");
        YamlFile target = specs.get(collection);
        if (target == null || !"collection".equals(target.object().get("type"))) {
          throw file.error("/" + entry.getKey() + "/collectionMappings/" + i + "/key", "names \"" + collection
              + "\", which is not a collection under data/.");
        }
        mappings.add(new UdmMapping.CollectionMapping(collection,
            (Map<String, Object>) mapping.getOrDefault("parameters", Map.of()),
            (Map<String, Object>) mapping.getOrDefault("fieldsFromCollection", Map.of()),
            (Map<String, Object>) mapping.getOrDefault("fieldsToCollection", Map.of())));
      }
      Map<String, Object> defaultCollection = (Map<String, Object>) definition.get("defaultCollection");
      LocationPointer pointer = defaultCollection == null ? null : new LocationPointer((String) defaultCollection.get("key"),
          (Map<String, Object>) defaultCollection.getOrDefault("parameters", Map.of()), "collection",
          (String) defaultCollection.get("key"), true);
      result.put(entry.getKey(), new UdmMapping(pointer, mappings));
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static AuthDefinition auth(Map<String, Object> auth) {
    return switch ((String) auth.get("type")) {
      case "api-key" -> new AuthDefinition.ApiKey((String) auth.get("in"), (String) auth.get("name"),
          (String) auth.get("credentialField"), (String) auth.get("prefix"));
      case "basic" -> new AuthDefinition.Basic((String) auth.get("usernameField"), (String) auth.get("passwordField"));
      case "bearer" -> new AuthDefinition.Bearer((String) auth.get("tokenField"));
      case "oauth2", "client-credentials" -> new AuthDefinition.OAuth2(
          auth.get("type").equals("oauth2") ? "authorization_code" : "client_credentials",
          (String) auth.get("authorizeUri"), (String) auth.get("tokenUri"),
          (List<String>) auth.getOrDefault("scopes", List.of()),
          (String) auth.getOrDefault("clientAuthLocation", "body"),
          Boolean.TRUE.equals(auth.get("noRefreshToken")), Boolean.TRUE.equals(auth.get("skipPkce")));
      default -> new AuthDefinition.None();
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectSchema(@Nullable Object schema) {
    return schema == null ? Map.of("type", EMPTY_OBJECT_SCHEMA_TYPE) : (Map<String, Object>) schema;
  }

  private static List<Path> sortedFolders(Path data) {
    try (Stream<Path> children = Files.list(data)) {
      return children.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + data, e);
    }
  }

  private static YamlFile read(String connector, Path folder, String file) {
    Path path = folder.resolve(file);
    if (!Files.exists(path)) {
      throw new ConnectorDefinitionException(connector, file, 0, "", "is missing.");
    }
    try {
      return YamlFile.parse(connector, file, Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
