package dev.tributary.engine.connector;

import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorExtension;
import dev.tributary.connector.ConnectorProvider;
import dev.tributary.error.InvalidConfigException;
import dev.tributary.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The connectors a Tributary knows: Java connectors from {@link ConnectorProvider}s on the
 * classpath, declarative connectors packaged on the classpath (listed in {@value #INDEX}, each
 * folder under {@code META-INF/tributary/connectors/<key>/}), and declarative connector folders in
 * a directory the workspace chooses. Keys are unique: a key defined twice stops the start.
 * {@link ConnectorExtension}s on the classpath add their Java parts to the declarative connector
 * of their key.
 */
public final class ConnectorRegistry {

  /** Lists the keys of the declarative connectors a jar carries, one per line. */
  public static final String INDEX = "META-INF/tributary/connectors.index";

  private final Map<String, Connector> connectors;

  private ConnectorRegistry(Map<String, Connector> connectors) {
    this.connectors = Collections.unmodifiableMap(connectors);
  }

  /**
   * @param directory a folder of connector folders to load as well, or null
   * @throws dev.tributary.engine.connector.ConnectorDefinitionException if a connector's files are invalid
   */
  public static ConnectorRegistry load(TemplateEvaluator evaluator, @Nullable Path directory) {
    Map<String, Connector> connectors = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    var loader = new DeclarativeConnectorLoader(evaluator);
    for (ConnectorProvider provider : ServiceLoader.load(ConnectorProvider.class)) {
      for (Connector connector : provider.connectors()) {
        add(connectors, origins, connector, provider.getClass().getName());
      }
    }
    Map<String, ConnectorExtension> extensions = new LinkedHashMap<>();
    for (ConnectorExtension extension : ServiceLoader.load(ConnectorExtension.class)) {
      extensions.put(extension.connectorKey(), extension);
    }
    for (Path folder : classpathFolders()) {
      add(connectors, origins, extended(loader.load(folder), extensions), folder.toUri().toString());
    }
    if (directory != null) {
      for (Path folder : folders(directory)) {
        add(connectors, origins, extended(loader.load(folder), extensions), folder.toString());
      }
    }
    return new ConnectorRegistry(connectors);
  }

  private static Connector extended(Connector declared, Map<String, ConnectorExtension> extensions) {
    ConnectorExtension extension = extensions.get(declared.info().key());
    return extension == null ? declared : extension.extend(declared);
  }

  /** A registry of exactly these connectors (for tests and embedding). */
  public static ConnectorRegistry of(List<Connector> connectors) {
    Map<String, Connector> map = new LinkedHashMap<>();
    Map<String, String> origins = new LinkedHashMap<>();
    connectors.forEach(connector -> add(map, origins, connector, "given"));
    return new ConnectorRegistry(map);
  }

  /** This registry and {@code more} (for tests and embedding); a key defined twice is refused. */
  public ConnectorRegistry with(Connector... more) {
    List<Connector> all = new java.util.ArrayList<>(connectors.values());
    all.addAll(List.of(more));
    return of(all);
  }

  public List<Connector> all() {
    return List.copyOf(connectors.values());
  }

  public Optional<Connector> find(String key) {
    return Optional.ofNullable(connectors.get(key));
  }

  /**
   * @throws NotFoundException listing the known connectors
   */
  public Connector require(String key) {
    return find(key).orElseThrow(() -> new NotFoundException("No connector \"" + key + "\". Known connectors: "
        + (connectors.isEmpty() ? "(none)" : String.join(", ", connectors.keySet())) + "."));
  }

  private static void add(Map<String, Connector> connectors, Map<String, String> origins, Connector connector, String origin) {
    String key = connector.info().key();
    if (connectors.containsKey(key)) {
      throw new InvalidConfigException("TRIBUTARY_CONNECTORS_DIR", "The connector key \"" + key + "\" is defined twice: by "
          + origins.get(key) + " and by " + origin + ". Rename one of them.");
    }
    connectors.put(key, connector);
    origins.put(key, origin);
  }

  private static List<Path> classpathFolders() {
    List<Path> folders = new ArrayList<>();
    try {
      Enumeration<URL> indexes = ConnectorRegistry.class.getClassLoader().getResources(INDEX);
      while (indexes.hasMoreElements()) {
        URL index = indexes.nextElement();
        String text;
        try (InputStream in = index.openStream()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path base = pathOf(index).getParent().resolve("connectors");
        text.lines().map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .forEach(key -> folders.add(base.resolve(key)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the connector index " + INDEX, e);
    }
    return folders;
  }

  private static Path pathOf(URL url) throws IOException {
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try {
          FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException ignored) {
          // opened by an earlier index of the same jar
        }
      }
      return Path.of(uri);
    } catch (URISyntaxException e) {
      throw new IOException("Bad resource URL " + url, e);
    }
  }

  private static List<Path> folders(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new InvalidConfigException("TRIBUTARY_CONNECTORS_DIR", "TRIBUTARY_CONNECTORS_DIR \"" + directory
          + "\" is not a directory. Point it at a folder holding one folder per connector.");
    }
    try (Stream<Path> children = Files.list(directory)) {
      return children.filter(child -> Files.exists(child.resolve("connector.yaml"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + directory, e);
    }
  }
}
