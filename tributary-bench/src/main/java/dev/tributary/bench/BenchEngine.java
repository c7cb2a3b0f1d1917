package dev.tributary.bench;

import dev.tributary.engine.Tributary;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.events.DataEvent;
import dev.tributary.engine.events.EventPull;
import dev.tributary.engine.events.EventSubscription;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.ConnectionInput;
import dev.tributary.engine.workspace.IntegrationInput;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An engine on a fresh store with one customer connected to the benchmark's app: by default
 * through the declarative connector folder {@code bench-items}, loaded from a directory as the
 * server loads {@code TRIBUTARY_CONNECTORS_DIR}, or through any other connector ({@link #open(BenchDatabase,
 * String, Map, Map)}). Only the engine's public API is used.
 */
final class BenchEngine implements AutoCloseable {

  static final String CONNECTOR = "bench-items";
  static final String COLLECTION = "contacts";
  /** The workspace's key and secret, so that the API benchmark can sign tokens as a product's backend does. */
  static final String WORKSPACE_KEY = "bench";
  static final String WORKSPACE_SECRET = "bench-secret-0123456789-0123456789-0123456789-0123456789-abcdefghij";
  /** The external id of the customer {@link #open} connects. */
  static final String CUSTOMER = "bench";
  private static final List<String> CONNECTOR_FILES = List.of("connector.yaml", "udm.yaml", "data/root/spec.yaml",
      "data/contacts/spec.yaml", "data/contacts/list.rest.yaml", "data/contacts/record-from-api.yaml");

  private final Path work;
  private final Tributary tributary;
  private final BenchDatabase.Store store;
  private final KeySet keys;
  private final String connector;
  private final Map<String, Object> credentials;
  private final Map<String, Object> connectionParameters;
  private final List<Tributary> nodes = new ArrayList<>();
  private final Caller admin;
  private final Caller customer;
  private final String connection;

  private BenchEngine(Path work, Tributary tributary, BenchDatabase.Store store, KeySet keys, String connector,
      Map<String, Object> credentials, Map<String, Object> connectionParameters, Caller admin, Caller customer, String connection) {
    this.work = work;
    this.tributary = tributary;
    this.store = store;
    this.keys = keys;
    this.connector = connector;
    this.credentials = credentials;
    this.connectionParameters = connectionParameters;
    this.admin = admin;
    this.customer = customer;
    this.connection = connection;
  }

  /** An engine whose customer is connected to the app at {@code appUri} through {@code bench-items}. */
  static BenchEngine open(BenchDatabase database, URI appUri) throws IOException {
    return open(database, CONNECTOR, Map.of(), Map.of("baseUri", appUri.toString()));
  }

  /**
   * An engine whose customer is connected through {@code connector} (its integration may reach
   * the local network) with these credentials and connection parameters.
   */
  static BenchEngine open(BenchDatabase database, String connector, Map<String, Object> credentials,
      Map<String, Object> connectionParameters) throws IOException {
    Path work = Files.createTempDirectory("tributary-bench");
    BenchDatabase.Store store = database.fresh(work.resolve("data"));
    KeySet keys = KeySet.of(EncryptionKey.generate());
    Tributary tributary = Tributary.builder().dataDir(work.resolve("data")).database(store.settings())
        .encryptionKeys(keys).connectorsDir(connectorFolder(work.resolve("connectors")))
        .workspaceKey(WORKSPACE_KEY).workspaceSecret(WORKSPACE_SECRET).build();
    Caller admin = Caller.admin(tributary.bootstrap().workspace().id());
    tributary.integrations().create(admin, new IntegrationInput(connector, null, connector, null, Map.of("allowLocalNetwork", true)));
    Caller customer = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), CUSTOMER, null, null).id());
    String connection = tributary.connections().create(customer,
        new ConnectionInput(connector, null, null, null, credentials, connectionParameters, null)).id();
    return new BenchEngine(work, tributary, store, keys, connector, credentials, connectionParameters, admin, customer, connection);
  }

  /** Copies the connector folder out of the classpath, so that it is loaded from a directory. */
  static Path connectorFolder(Path connectorsDir) throws IOException {
    for (String file : CONNECTOR_FILES) {
      Path target = connectorsDir.resolve(CONNECTOR).resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = Objects.requireNonNull(BenchEngine.class.getResourceAsStream("/bench-connectors/" + CONNECTOR + "/" + file),
          file)) {
        Files.copy(in, target);
      }
    }
    return connectorsDir;
  }

  Tributary tributary() {
    return tributary;
  }

  /**
   * Another node on the same store (PostgreSQL): its own engine, pool and schedule, with the
   * first's keys and connectors. Closed with this engine.
   */
  Tributary node(String name) {
    Tributary node = Tributary.builder().dataDir(work.resolve("node-" + name)).database(store.settings()).encryptionKeys(keys)
        .connectorsDir(work.resolve("connectors")).build();
    nodes.add(node);
    return node;
  }

  /** A customer of its own with a connection to the app: pulls of one connection run one at a time. */
  Connected connect(String customerName) {
    Caller caller = Caller.customer(admin.workspaceId(), tributary.customers().identify(admin.workspaceId(), customerName, null, null)
        .id());
    String id = tributary.connections().create(caller,
        new ConnectionInput(connector, null, null, null, credentials, connectionParameters, null)).id();
    return new Connected(caller, id);
  }

  /** A customer and its connection. */
  record Connected(Caller customer, String connection) {}

  Caller admin() {
    return admin;
  }

  Caller customer() {
    return customer;
  }

  String connection() {
    return connection;
  }

  BenchDatabase.Store store() {
    return store;
  }

  /** Subscribes to a dataset of {@code bench-items}: its first pull is the baseline full scan. */
  EventSubscription subscribe(String dataset) {
    return subscribe(COLLECTION, Map.of("dataset", dataset));
  }

  /** Subscribes to a collection of the connection: its first pull is the baseline full scan. */
  EventSubscription subscribe(String collection, Map<String, Object> parameters) {
    return tributary.events().subscribe(customer, connection, collection, parameters);
  }

  /** The baseline pull of a subscription. */
  EventPull baseline(EventSubscription subscription) {
    return tributary.events().pulls(customer, subscription.id(), PageRequest.first(1)).items().getFirst();
  }

  /** A later full scan, which compares with the snapshot. */
  EventPull pull(EventSubscription subscription) {
    EventPull pull = tributary.events().pull(customer, subscription.id());
    if (!pull.status().equals("succeeded")) {
      throw new IllegalStateException("The pull of " + subscription.id() + " " + pull.status() + ": " + pull.error());
    }
    return pull;
  }

  /** Removes a subscription, with its snapshot and whatever the engine keeps in memory for it. */
  void unsubscribe(EventSubscription subscription) {
    tributary.events().unsubscribe(customer, subscription.id());
  }

  /** The subscription's events, counted by type. */
  Map<String, Long> eventCounts(EventSubscription subscription) {
    Map<String, Long> counts = new HashMap<>(Map.of(DataEvent.CREATED, 0L, DataEvent.UPDATED, 0L, DataEvent.DELETED, 0L));
    PageRequest request = PageRequest.first(PageRequest.MAX_LIMIT);
    while (true) {
      Page<DataEvent> page = tributary.events().events(customer, subscription.id(), request);
      page.items().forEach(event -> counts.merge(event.type(), 1L, Long::sum));
      if (page.cursor() == null) {
        return counts;
      }
      request = PageRequest.parse(String.valueOf(PageRequest.MAX_LIMIT), page.cursor());
    }
  }

  @Override
  public void close() {
    try {
      nodes.forEach(Tributary::close);
      tributary.close();
    } finally {
      store.drop();
      deleteTree(work); // the embedded database file and the connector folder
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
