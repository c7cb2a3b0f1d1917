package dev.tributary.engine;

import dev.tributary.engine.connector.ConnectionData;
import dev.tributary.engine.connector.ConnectorRegistry;
import dev.tributary.engine.connector.Sleeper;
import dev.tributary.engine.connector.TemplateEvaluator;
import dev.tributary.engine.crypto.EncryptionKey;
import dev.tributary.engine.datasource.DataSourceInstanceService;
import dev.tributary.engine.datasource.DataSourceService;
import dev.tributary.engine.crypto.KeyFile;
import dev.tributary.engine.crypto.KeySet;
import dev.tributary.engine.crypto.SecretBox;
import dev.tributary.engine.crypto.SecretRotation;
import dev.tributary.engine.formula.Formulas;
import dev.tributary.engine.formula.Template;
import dev.tributary.engine.udm.Udm;
import dev.tributary.engine.udm.UdmCatalogue;
import dev.tributary.engine.udm.UdmConverter;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.DatabaseKind;
import dev.tributary.engine.store.DatabaseSettings;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.CustomerService;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.engine.workspace.WorkspaceService;
import dev.tributary.error.InvalidConfigException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embeddable engine. Opening it connects to the store, migrates it and makes sure the
 * default workspace exists:
 *
 * <pre>{@code
 * try (Tributary tributary = Tributary.builder().dataDir(Path.of("data")).build()) {
 *   Workspace workspace = tributary.workspaces().defaultWorkspace();
 * }
 * }</pre>
 */
public final class Tributary implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Tributary.class);
  public static final String ENCRYPTION_KEY_SETTING = "TRIBUTARY_ENCRYPTION_KEY";

  private final Database database;
  private final SecretBox box;
  private final @Nullable KeyFile keyFile;
  private final WorkspaceService workspaces;
  private final CustomerService customers;
  private final IntegrationService integrations;
  private final ConnectionService connections;
  private final ConnectorRegistry connectors;
  private final ConnectionData connectionData;
  private final UdmConverter udm;
  private final DataSourceService dataSources;
  private final DataSourceInstanceService dataSourceInstances;
  private final dev.tributary.engine.connector.OAuthFlow oauth;
  private final dev.tributary.engine.events.EventSubscriptionService events;
  private final dev.tributary.engine.events.EventDelivery delivery;
  private final dev.tributary.engine.events.@Nullable NatsDelivery nats;
  private final WorkspaceService.Bootstrap bootstrap;
  private final dev.tributary.engine.flow.Flows flows;
  private final dev.tributary.engine.mapping.FieldMappingService fieldMappings;
  private final dev.tributary.engine.mapping.FieldMappingInstanceService fieldMappingInstances;
  private final dev.tributary.engine.action.ActionService actions;
  private final dev.tributary.engine.action.ActionInstanceService actionInstances;

  /** Connectors' templates in the formula language, compiled where a template runs per record. */
  private static final TemplateEvaluator TEMPLATES = new TemplateEvaluator() {
    @Override
    public @Nullable Object evaluate(@Nullable Object template, Map<String, Object> variables) {
      return Formulas.evaluate(template, variables);
    }

    @Override
    public Compiled compile(@Nullable Object template) {
      return Template.compile(template)::evaluate;
    }
  };

  private Tributary(Builder builder) {
    DatabaseSettings databaseSettings =
        builder.database != null ? builder.database : DatabaseSettings.embedded(builder.dataDir);
    DatabaseKind kind = databaseSettings.kind();
    KeySet keys;
    if (builder.keys != null) {
      keys = builder.keys;
      keyFile = null;
    } else if (kind == DatabaseKind.H2) {
      keyFile = new KeyFile(builder.dataDir);
      keys = keyFile.read().orElseGet(() -> {
        KeySet created = keyFile.create();
        log.warn("No {} is set: generated a new encryption key in {}. Back that file up; without it the"
            + " stored credentials cannot be read. In production set {} instead.",
            ENCRYPTION_KEY_SETTING, keyFile.path(), ENCRYPTION_KEY_SETTING);
        return created;
      });
    } else {
      throw new InvalidConfigException(ENCRYPTION_KEY_SETTING, ENCRYPTION_KEY_SETTING + " is required"
          + " when the store is PostgreSQL, so that every node reads the same credentials. Set it to the"
          + " base64 of 32 random bytes (`openssl rand -base64 32`) on every node.");
    }
    this.box = new SecretBox(keys);
    // Connectors load first: a broken connector folder stops the start before the store is touched.
    this.connectors = builder.connectors != null ? builder.connectors
        : ConnectorRegistry.load(TEMPLATES, builder.connectorsDir);
    this.database = Database.open(databaseSettings);
    try {
      Clock clock = builder.clock;
      this.workspaces = new WorkspaceService(database, box, clock);
      this.customers = new CustomerService(database, clock);
      this.integrations = new IntegrationService(database, box, clock);
      this.connections = new ConnectionService(database, box, clock);
      // No redirects: a redirect could lead a connector's request past the address checks.
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER).build();
      this.udm = new UdmConverter(UdmCatalogue.builtIn());
      checkUdmMappings(connectors, udm.catalogue());
      this.connectionData = new ConnectionData(connectors, integrations, connections, TEMPLATES, http, builder.sleeper, udm);
      this.dataSources = new DataSourceService(database, integrations, connectors, udm.catalogue(), clock);
      this.events = new dev.tributary.engine.events.EventSubscriptionService(database, connections, connectionData, clock);
      this.delivery = new dev.tributary.engine.events.EventDelivery(database, box, events, http, clock);
      if (builder.maxPullsPerWorkspace != null) {
        events.maxPullsPerWorkspace(builder.maxPullsPerWorkspace);
      }
      this.nats = builder.natsUrl == null ? null
          : new dev.tributary.engine.events.NatsDelivery(database, events, clock, builder.natsUrl);
      this.dataSourceInstances = new DataSourceInstanceService(database, dataSources, connections, integrations, connectors,
          connectionData, udm, events, clock);
      integrations.onCreated(dataSources::applyAll);
      this.fieldMappings = new dev.tributary.engine.mapping.FieldMappingService(database, integrations, connections, dataSources, clock);
      this.fieldMappingInstances = new dev.tributary.engine.mapping.FieldMappingInstanceService(fieldMappings,
          dataSourceInstances, connectionData, udm);
      this.actions = new dev.tributary.engine.action.ActionService(database, integrations, connections, dataSources, fieldMappings,
          clock);
      this.actionInstances = new dev.tributary.engine.action.ActionInstanceService(actions, dataSourceInstances,
          fieldMappingInstances, connections, connectionData, udm);
      this.flows = new dev.tributary.engine.flow.Flows(database, integrations, connections, dataSourceInstances, events,
          connectionData, box, http, fieldMappingInstances, actionInstances, clock);
      if (builder.maxQueuedFlowRunsPerConnection != null) {
        flows.runs().maxQueuedPerConnection(builder.maxQueuedFlowRunsPerConnection);
      }
      this.oauth = new dev.tributary.engine.connector.OAuthFlow(database, box, integrations, connections, connectors, http, clock);
      this.bootstrap = workspaces.bootstrap(builder.workspaceKey, builder.workspaceSecret);
      // Fails now, with a message naming the key, if the stored secrets were sealed with another key.
      workspaces.credentialsByKey(bootstrap.workspace().key());
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public WorkspaceService workspaces() {
    return workspaces;
  }

  public CustomerService customers() {
    return customers;
  }

  public IntegrationService integrations() {
    return integrations;
  }

  public ConnectionService connections() {
    return connections;
  }

  /** The connectors this engine knows. */
  public ConnectorRegistry connectors() {
    return connectors;
  }

  /** Change events: subscriptions, pulls and the event log. */
  public dev.tributary.engine.events.EventSubscriptionService events() {
    return events;
  }

  /** Delivery of the event log to the workspace's webhook. */
  public dev.tributary.engine.events.EventDelivery delivery() {
    return delivery;
  }

  /** Publication of the event log to NATS JetStream, when a NATS URL was given. */
  public java.util.Optional<dev.tributary.engine.events.NatsDelivery> nats() {
    return java.util.Optional.ofNullable(nats);
  }

  /** Connecting with OAuth 2.0: start an authorization, complete it from the app's redirect. */
  public dev.tributary.engine.connector.OAuthFlow oauth() {
    return oauth;
  }

  /** Data sources: universal, or for one integration. */
  public DataSourceService dataSources() {
    return dataSources;
  }

  /** Data source instances: a data source for one connection. */
  public DataSourceInstanceService dataSourceInstances() {
    return dataSourceInstances;
  }

  /** Flows: universal, or an integration's. */
  public dev.tributary.engine.flow.FlowService flows() {
    return flows.flows();
  }

  /** Flow instances: a flow for one connection, with its triggers' subscriptions. */
  public dev.tributary.engine.flow.FlowInstanceService flowInstances() {
    return flows.instances();
  }

  /** Flow runs: launching from events, the per-connection queue, running, and the run log. */
  public dev.tributary.engine.flow.FlowRuns flowRuns() {
    return flows.runs();
  }

  /** The SaaS product's own API, called (signed) by api-request-to-your-app nodes. */
  public dev.tributary.engine.flow.AppApi appApi() {
    return flows.appApi();
  }

  /** Field mappings: universal, or for one integration. */
  public dev.tributary.engine.mapping.FieldMappingService fieldMappings() {
    return fieldMappings;
  }

  /** Field mapping instances: a field mapping for one connection; imports and exports records. */
  public dev.tributary.engine.mapping.FieldMappingInstanceService fieldMappingInstances() {
    return fieldMappingInstances;
  }

  /** Actions: universal, or for one integration. */
  public dev.tributary.engine.action.ActionService actions() {
    return actions;
  }

  /** Action instances: an action for one connection; runs them. */
  public dev.tributary.engine.action.ActionInstanceService actionInstances() {
    return actionInstances;
  }

  /** The Universal Data Models and the conversion of records to and from them. */
  public UdmConverter udm() {
    return udm;
  }

  /** Every UDM a connector maps must be one of the catalogue, and every unified field one of its fields. */
  @SuppressWarnings("unchecked")
  private static void checkUdmMappings(ConnectorRegistry connectors, UdmCatalogue catalogue) {
    for (var connector : connectors.all()) {
      connector.udm().forEach((model, mapping) -> {
        Udm udm = catalogue.find(model).orElseThrow(() -> new InvalidConfigException("TRIBUTARY_CONNECTORS_DIR",
            "Connector \"" + connector.info().key() + "\", udm.yaml: \"" + model + "\" is not a Universal Data Model."
                + " Known models: " + String.join(", ", catalogue.all().stream().map(Udm::key).toList()) + "."));
        var fields = ((java.util.Map<String, Object>) udm.fieldsSchema().get("properties")).keySet();
        for (var collection : mapping.collectionMappings()) {
          for (String field : collection.fieldsFromCollection().keySet()) {
            if (!fields.contains(field)) {
              throw new InvalidConfigException("TRIBUTARY_CONNECTORS_DIR", "Connector \"" + connector.info().key()
                  + "\", udm.yaml, " + model + " → " + collection.key() + ": fieldsFromCollection gives \"" + field
                  + "\", which is not a field of " + model + ". Its fields: " + String.join(", ", fields) + ".");
            }
          }
        }
      });
    }
  }

  /** A connection's data in its app: locations, specs and record operations. */
  public ConnectionData connectionData() {
    return connectionData;
  }

  /** What the start did to the default workspace (created? secret generated?). */
  public WorkspaceService.Bootstrap bootstrap() {
    return bootstrap;
  }

  public Database database() {
    return database;
  }

  /** The ids of the keys in use, current first; safe to print. */
  public List<String> encryptionKeyIds() {
    return box.keys().keys().stream().map(EncryptionKey::id).toList();
  }

  /**
   * What {@link #rotateEncryptionKey} did.
   *
   * @param retiredKeyIds keys no longer needed by any stored value
   * @param keyFile the key file that was rewritten, or null when the keys come from the setting
   */
  public record Rotation(int reencrypted, String currentKeyId, List<String> retiredKeyIds, @Nullable Path keyFile) {}

  /**
   * Re-encrypts every stored secret under the current key. With a key file, a new key is
   * generated first and the old ones are dropped from the file once nothing uses them; with
   * {@code TRIBUTARY_ENCRYPTION_KEY}, put the new key first in it and remove the old ones after.
   */
  public Rotation rotateEncryptionKey() {
    KeySet before = box.keys();
    if (keyFile != null) {
      KeySet during = before.withCurrent(EncryptionKey.generate());
      keyFile.write(during); // the new key is on disk before anything is sealed with it
      box.useKeys(during);
    }
    int count = new SecretRotation(database, box, List.of(
        WorkspaceService.SECRET_COLUMN,
        IntegrationService.PARAMETERS_COLUMN,
        ConnectionService.SECRETS_COLUMN,
        dev.tributary.engine.events.EventDelivery.SECRET_COLUMN,
        dev.tributary.engine.flow.AppApi.SECRET_COLUMN)).reencryptAll();
    KeySet after = KeySet.of(box.keys().current());
    List<String> retired = box.keys().keys().stream().map(EncryptionKey::id)
        .filter(id -> !id.equals(after.current().id())).distinct().toList();
    if (keyFile != null) {
      keyFile.write(after);
      box.useKeys(after);
    }
    return new Rotation(count, after.current().id(), retired, keyFile == null ? null : keyFile.path());
  }

  @Override
  public void close() {
    flows.close();
    delivery.close();
    if (nats != null) {
      nats.close();
    }
    events.scheduler().close();
    database.close();
  }

  /** Settings for {@link Tributary}; everything has a default. */
  public static final class Builder {
    private Path dataDir = Path.of("data");
    private @Nullable DatabaseSettings database;
    private @Nullable KeySet keys;
    private @Nullable String workspaceKey;
    private @Nullable String workspaceSecret;
    private @Nullable Path connectorsDir;
    private @Nullable String natsUrl;
    private @Nullable Integer maxPullsPerWorkspace;
    private @Nullable Integer maxQueuedFlowRunsPerConnection;
    private @Nullable ConnectorRegistry connectors;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.SYSTEM;

    private Builder() {}

    /** Where the embedded database and the generated key file live (default {@code ./data}). */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir == null");
      return this;
    }

    /** The store; default: the embedded H2 file in the data directory. */
    public Builder database(DatabaseSettings database) {
      this.database = Objects.requireNonNull(database, "database == null");
      return this;
    }

    /** The encryption keys, current first; default: the data directory's key file (H2 only). */
    public Builder encryptionKeys(KeySet keys) {
      this.keys = Objects.requireNonNull(keys, "keys == null");
      return this;
    }

    /** The default workspace's key; default: generated on first start. */
    public Builder workspaceKey(@Nullable String key) {
      this.workspaceKey = key;
      return this;
    }

    /** The default workspace's secret; default: generated on first start. */
    public Builder workspaceSecret(@Nullable String secret) {
      this.workspaceSecret = secret;
      return this;
    }

    /** A folder of connector folders to load beside the built-in connectors. */
    public Builder connectorsDir(@Nullable Path connectorsDir) {
      this.connectorsDir = connectorsDir;
      return this;
    }

    /** Publishes every event to NATS JetStream at this URL (e.g. nats://127.0.0.1:4222). */
    public Builder natsUrl(@Nullable String natsUrl) {
      this.natsUrl = natsUrl;
      return this;
    }

    /** How many pulls of one workspace may run at once (default 10). */
    public Builder maxPullsPerWorkspace(@Nullable Integer pulls) {
      this.maxPullsPerWorkspace = pulls;
      return this;
    }

    /**
     * How many flow runs one connection may have waiting (default 10,000); a run launched beyond
     * that is recorded as failed ("dropped"), never silently lost.
     */
    public Builder maxQueuedFlowRunsPerConnection(@Nullable Integer runs) {
      this.maxQueuedFlowRunsPerConnection = runs;
      return this;
    }

    /** Exactly these connectors instead of the built-in ones (for tests and embedding). */
    public Builder connectors(ConnectorRegistry connectors) {
      this.connectors = Objects.requireNonNull(connectors, "connectors == null");
      return this;
    }

    /**
     * How connectors' requests wait for an app's rate limit or a retry (default: the thread
     * sleeps). Tests pass one that records the waits instead.
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper == null");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    public Tributary build() {
      return new Tributary(this);
    }
  }
}
