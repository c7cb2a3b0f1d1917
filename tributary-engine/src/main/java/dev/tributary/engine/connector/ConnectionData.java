package dev.tributary.engine.connector;

import dev.tributary.connector.AddressPolicy;
import dev.tributary.connector.ApiClient;
import dev.tributary.connector.ApiClientDefinition;
import dev.tributary.connector.AuthDefinition;
import dev.tributary.connector.CollectionSpec;
import dev.tributary.connector.Connector;
import dev.tributary.connector.ConnectorContext;
import dev.tributary.connector.ConnectorException;
import dev.tributary.connector.DataCollection;
import dev.tributary.connector.DataDirectory;
import dev.tributary.connector.DataLocation;
import dev.tributary.connector.DataRecord;
import dev.tributary.connector.DeferredRecordPage;
import dev.tributary.connector.ListRequest;
import dev.tributary.connector.LocationPage;
import dev.tributary.connector.RecordPage;
import dev.tributary.connector.SearchRequest;
import dev.tributary.engine.udm.UdmConverter;
import dev.tributary.engine.workspace.Caller;
import dev.tributary.engine.workspace.Connection;
import dev.tributary.engine.workspace.ConnectionSecrets;
import dev.tributary.engine.workspace.ConnectionService;
import dev.tributary.engine.workspace.Integration;
import dev.tributary.engine.workspace.IntegrationService;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A connection's data in its app: the data locations, collection specs and the record operations
 * ({@code list | findById | match | search | create | update | delete}), checked against the
 * collection's spec before the app is called. When the app rejects the connection's credentials,
 * the connection's state becomes {@code CLIENT_ACTION_REQUIRED}; the next success clears it.
 */
public final class ConnectionData {

  /** The integration parameter with which an admin lets a local connector reach private addresses. */
  public static final String ALLOW_LOCAL_NETWORK = "allowLocalNetwork";

  /** The integration parameter with which an admin overrides the connector's request rate per connection. */
  public static final String REQUESTS_PER_SECOND = "requestsPerSecond";

  private final ConnectorRegistry registry;
  private final IntegrationService integrations;
  private final ConnectionService connections;
  private final TemplateEvaluator evaluator;
  private final HttpClient http;
  private final Sleeper sleeper;
  private final Map<String, RateBudget> budgets = new ConcurrentHashMap<>();
  private final UdmConverter udm;
  private final OAuthTokenKeeper tokens;

  public ConnectionData(ConnectorRegistry registry, IntegrationService integrations, ConnectionService connections,
      TemplateEvaluator evaluator, HttpClient http, Sleeper sleeper, UdmConverter udm) {
    this.udm = udm;
    this.tokens = new OAuthTokenKeeper(new OAuthTokens(http, java.time.Clock.systemUTC()), connections);
    this.registry = registry;
    this.integrations = integrations;
    this.connections = connections;
    this.evaluator = evaluator;
    this.http = http;
    this.sleeper = sleeper;
  }

  /** One location of one connection, ready to call. */
  private record Target(Connection connection, Connector connector, DataLocation location, ConnectionContext context) {}

  /**
   * The context a connector's methods get for this connection and location, for calling a
   * connector directly (e.g. the connector contract suite). The caller's access is checked.
   */
  public ConnectorContext context(Caller caller, String connection, String key, Map<String, Object> parameters) {
    return open(caller, connection, key, parameters).context();
  }

  /**
   * Calls a collection's own code with this connection's context, e.g. its change-detection
   * hooks (webhooks, change feed, newest-first listing). App errors count as for every data call: a
   * rejected credential marks the connection for the customer's action.
   */
  public <T> T withCollection(Caller caller, String connection, String key, Map<String, Object> parameters,
      java.util.function.BiFunction<DataCollection, ConnectorContext, T> call) {
    Target target = open(caller, connection, key, parameters);
    return run(target, () -> call.apply(collection(target), target.context()));
  }

  /**
   * Like {@link #withCollection} for calls that come from outside (an app's webhook call): their
   * errors say nothing about the connection's credentials, so its state is left alone.
   */
  public <T> T withCollectionForIncomingCall(Caller caller, String connection, String key, Map<String, Object> parameters,
      java.util.function.BiFunction<DataCollection, ConnectorContext, T> call) {
    Target target = open(caller, connection, key, parameters);
    return call.apply(collection(target), target.context());
  }

  /**
   * Reads one collection's pages one after another, as a full scan does, with one opening of the
   * connection (which reads the connection, its integration and its secrets) for many pages rather
   * than one per page. An opening is used for at most {@link PageReader#REOPEN_AFTER}, so a long
   * read picks up credentials or parameters changed meanwhile; OAuth tokens are renewed by the
   * opening's own client whenever they run out.
   */
  public PageReader pageReader(Caller caller, String connection, String key, Map<String, Object> parameters) {
    return new PageReader(caller, connection, key, parameters);
  }

  /** See {@link #pageReader}. Its calls may come from different threads, one at a time. */
  public final class PageReader {

    /** How long one opening of the connection serves a reader's pages. */
    public static final Duration REOPEN_AFTER = Duration.ofSeconds(30);

    private final Caller caller;
    private final String connection;
    private final String key;
    private final Map<String, Object> parameters;
    private @Nullable Target target;
    private long openedAt;

    private PageReader(Caller caller, String connection, String key, Map<String, Object> parameters) {
      this.caller = caller;
      this.connection = connection;
      this.key = key;
      this.parameters = parameters;
    }

    /** Calls the collection's own code (its spec, its first page) with the reader's opening; errors count as in {@link #withCollection}. */
    public synchronized <T> T withCollection(java.util.function.BiFunction<DataCollection, ConnectorContext, T> call) {
      Target current = current();
      return call(current, () -> call.apply(collection(current), current.context()));
    }

    /** The page after {@code cursor} (null: the first), with its records mapped when asked for. */
    public synchronized DeferredRecordPage page(@Nullable String cursor) {
      Target current = current();
      DataCollection collection = collection(current);
      require(current, collection.spec().list(), "list");
      return call(current, () -> collection.listDeferred(current.context(), new ListRequest(Map.of(), cursor)));
    }

    private <T> T call(Target current, java.util.function.Supplier<T> call) {
      T result = run(current, call);
      if (!Connection.READY.equals(current.connection().state())) {
        target = null; // the call recorded the connection ready: open it afresh rather than record that again
      }
      return result;
    }

    private Target current() {
      long now = System.nanoTime();
      if (target == null || now - openedAt > REOPEN_AFTER.toNanos()) {
        target = open(caller, connection, key, parameters);
        openedAt = now;
      }
      return target;
    }
  }

  /** The spec of a collection for this connection (with its custom fields, if the connector adds them). */
  public CollectionSpec spec(Caller caller, String connection, String key, Map<String, Object> parameters) {
    Target target = open(caller, connection, key, parameters);
    return run(target, () -> collection(target).spec(target.context()));
  }

  /** The locations in a directory; a null key lists the app's root directory. */
  public LocationPage locations(Caller caller, String connection, @Nullable String key, Map<String, Object> parameters,
      @Nullable String cursor) {
    Target target = open(caller, connection, key, parameters);
    if (!(target.location() instanceof DataDirectory directory)) {
      throw new InvalidInputException("\"" + target.location().key() + "\" is a collection, not a directory: list its"
          + " records with POST /connections/{connection}/data/" + target.location().key() + "/list.");
    }
    return run(target, () -> directory.list(target.context(), target.context().parameters(), cursor));
  }

  public RecordPage list(Caller caller, String connection, String key, Map<String, Object> parameters,
      Map<String, Object> filter, @Nullable String cursor) {
    return list(caller, connection, key, parameters, filter, cursor, null);
  }

  /**
   * A page of records; with {@code udmKey}, each record also carries its {@code unifiedFields} in
   * that Universal Data Model.
   */
  public RecordPage list(Caller caller, String connection, String key, Map<String, Object> parameters,
      Map<String, Object> filter, @Nullable String cursor, @Nullable String udmKey) {
    Target target = open(caller, connection, key, parameters);
    UdmConverter.Route route = udmKey == null ? null
        : udm.requireRoute(target.connector(), udmKey, key, target.context().parameters());
    CollectionSpec.ListSpec list = require(target, collection(target).spec().list(), "list");
    Set<String> allowed = Set.copyOf(list.filterFields());
    if (!allowed.containsAll(filter.keySet())) {
      // The connection's spec may add filter fields (custom fields, the columns of a database table).
      CollectionSpec.ListSpec own = collection(target).spec(target.context()).list();
      allowed = own == null ? allowed : Set.copyOf(own.filterFields());
    }
    for (String field : filter.keySet()) {
      if (!allowed.contains(field)) {
        throw InvalidInputException.forField("filter." + field, "\"" + field + "\" cannot filter " + key + ". Filter"
            + " fields: " + (allowed.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(allowed))) + ".");
      }
    }
    RecordPage page = run(target, () -> collection(target).list(target.context(), new ListRequest(filter, cursor)));
    return route == null ? page
        : new RecordPage(page.records().stream().map(record -> unified(route, record)).toList(),
            page.cursor());
  }

  public RecordPage search(Caller caller, String connection, String key, Map<String, Object> parameters, String query,
      @Nullable String cursor) {
    Target target = open(caller, connection, key, parameters);
    require(target, collection(target).spec().search(), "search");
    return run(target, () -> collection(target).search(target.context(), new SearchRequest(query, cursor)));
  }

  public Optional<DataRecord> findById(Caller caller, String connection, String key, Map<String, Object> parameters, String id) {
    return findById(caller, connection, key, parameters, id, null);
  }

  /** The record with this id; with {@code udmKey}, also its {@code unifiedFields}. */
  public Optional<DataRecord> findById(Caller caller, String connection, String key, Map<String, Object> parameters, String id,
      @Nullable String udmKey) {
    Target target = open(caller, connection, key, parameters);
    require(target, collection(target).spec().findById(), "findById");
    UdmConverter.Route route = udmKey == null ? null
        : udm.requireRoute(target.connector(), udmKey, key, target.context().parameters());
    Optional<DataRecord> found = run(target, () -> collection(target).findById(target.context(), id));
    return route == null ? found : found.map(record -> unified(route, record));
  }

  /** Unified fields in {@code udmKey} as this collection's fields (to create or update a record with). */
  public Map<String, Object> unifiedFieldsToNative(Caller caller, String connection, String key, Map<String, Object> parameters,
      String udmKey, Map<String, Object> unifiedFields) {
    Target target = open(caller, connection, key, parameters);
    return udm.toNative(udm.requireRoute(target.connector(), udmKey, key, target.context().parameters()), unifiedFields);
  }

  /**
   * How this connection's collection maps to the Universal Data Model {@code udmKey}, if it does
   * (for converting many records with {@link UdmConverter#toUnified} and {@link UdmConverter#toNative}).
   */
  public Optional<UdmConverter.Route> udmRoute(Caller caller, String connection, String key, Map<String, Object> parameters,
      String udmKey) {
    Target target = open(caller, connection, key, parameters);
    return udm.route(target.connector(), udmKey, key, target.context().parameters());
  }

  /**
   * The fields a {@code create} or {@code update} of this collection accepts for this connection
   * (custom fields included).
   *
   * @throws InvalidInputException when the collection does not support the method
   */
  public Set<String> writableFields(Caller caller, String connection, String key, Map<String, Object> parameters, String method) {
    Target target = open(caller, connection, key, parameters);
    CollectionSpec spec = run(target, () -> collection(target).spec(target.context()));
    return WritableFields.of(spec, require(target, switch (method) {
      case "create" -> spec.create();
      case "update" -> spec.update();
      default -> throw new IllegalArgumentException("method must be create or update: " + method);
    }, method));
  }

  public Optional<DataRecord> match(Caller caller, String connection, String key, Map<String, Object> parameters,
      Map<String, Object> query) {
    Target target = open(caller, connection, key, parameters);
    CollectionSpec.MatchSpec staticMatch = collection(target).spec().match();
    CollectionSpec.MatchSpec match = staticMatch != null && staticMatch.fields().containsAll(query.keySet()) ? staticMatch
        // The connection's spec may add match fields (the columns of a database table).
        : require(target, collection(target).spec(target.context()).match(), "match");
    for (String field : query.keySet()) {
      if (!match.fields().contains(field)) {
        throw InvalidInputException.forField("query." + field, "\"" + field + "\" cannot be matched on in " + key
            + ". Match fields: " + String.join(", ", match.fields()) + ".");
      }
    }
    return run(target, () -> collection(target).match(target.context(), query));
  }

  public String create(Caller caller, String connection, String key, Map<String, Object> parameters, Map<String, Object> fields) {
    Target target = open(caller, connection, key, parameters);
    CollectionSpec spec = collection(target).spec(target.context());
    WritableFields.check(spec, require(target, spec.create(), "create"), "create", fields);
    return run(target, () -> collection(target).create(target.context(), fields));
  }

  public String update(Caller caller, String connection, String key, Map<String, Object> parameters, String id,
      Map<String, Object> fields) {
    Target target = open(caller, connection, key, parameters);
    CollectionSpec spec = collection(target).spec(target.context());
    WritableFields.check(spec, require(target, spec.update(), "update"), "update", fields);
    return run(target, () -> collection(target).update(target.context(), id, fields));
  }

  public void delete(Caller caller, String connection, String key, Map<String, Object> parameters, String id) {
    Target target = open(caller, connection, key, parameters);
    require(target, collection(target).spec().delete(), "delete");
    run(target, () -> {
      collection(target).delete(target.context(), id);
      return null;
    });
  }

  private Target open(Caller caller, String connectionSelector, @Nullable String key, Map<String, Object> parameters) {
    Connection connection = connections.get(caller, connectionSelector);
    Integration integration = integrations.get(caller, connection.integrationId());
    ConnectionSecrets secrets = connections.secretsOf(connection);
    Connector connector = registry.require(integration.connectorKey()).forConnection(secrets.connectorParameters());
    String locationKey = key == null ? connector.rootLocationKey() : key;
    DataLocation location = connector.location(locationKey).orElseThrow(() -> new NotFoundException(
        "The " + connector.info().name() + " connector has no data location \"" + locationKey + "\". Its locations: "
            + String.join(", ", connector.locations().stream().map(DataLocation::key).toList()) + "."));
    Map<String, Object> checked = Parameters.check(location.parametersSchema(), parameters,
        location.type() + " \"" + locationKey + "\"");
    Map<String, Object> integrationParameters = integrations.parametersOf(caller.workspaceId(), integration.id());
    ApiClient api = client(caller, connection, connector, secrets, integrationParameters);
    var context = new ConnectionContext(api, checked, secrets.credentials(), secrets.connectorParameters(), integrationParameters);
    return new Target(connection, connector, location, context);
  }

  private ApiClient client(Caller caller, Connection connection, Connector connector, ConnectionSecrets secrets,
      Map<String, Object> integrationParameters) {
    ApiClient client = authenticatedClient(caller, connection, connector, secrets, integrationParameters);
    Map<String, Object> variables = Map.of("connectionParameters", secrets.connectorParameters(),
        "integrationParameters", integrationParameters);
    Map<String, Object> defaults = new LinkedHashMap<>();
    if (evaluator.evaluate(connector.apiClient().query(), variables) instanceof Map<?, ?> map) {
      map.forEach((name, value) -> {
        if (value != null) {
          defaults.put(String.valueOf(name), value);
        }
      });
    }
    if (defaults.isEmpty()) {
      return client;
    }
    // The connector's query parameters (Trello's app key) go with every request; the request's own win.
    return request -> {
      Map<String, Object> query = new LinkedHashMap<>(defaults);
      query.putAll(request.query());
      return client.send(request.withQuery(query));
    };
  }

  private ApiClient authenticatedClient(Caller caller, Connection connection, Connector connector, ConnectionSecrets secrets,
      Map<String, Object> integrationParameters) {
    ApiClientDefinition definition = connector.apiClient();
    Map<String, Object> variables = Map.of("connectionParameters", secrets.connectorParameters(),
        "integrationParameters", integrationParameters);
    Object baseUri = evaluator.evaluate(definition.baseUri(), variables);
    if (baseUri == null || baseUri.toString().isBlank()) {
      throw new InvalidInputException("The connection has no base URL for " + connector.info().name()
          + ". Set it in the connection's connectorParameters (see the connector's connectionParametersSchema).");
    }
    URI base;
    try {
      base = URI.create(baseUri.toString());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("The base URL \"" + baseUri + "\" of the connection is not a URL.");
    }
    if (!"https".equals(base.getScheme()) && !"http".equals(base.getScheme())) {
      throw new InvalidInputException("The base URL \"" + baseUri + "\" must start with https:// (or http://).");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    Object evaluated = evaluator.evaluate(definition.headers(), variables);
    if (evaluated instanceof Map<?, ?> map) {
      map.forEach((name, value) -> {
        if (value != null) {
          headers.put(String.valueOf(name), String.valueOf(value));
        }
      });
    }
    AddressPolicy addresses = addressPolicy(connector, integrationParameters);
    Map<String, Object> credentials = connector.auth() instanceof AuthDefinition.OAuth2 oauth
        ? tokens.current(caller, connection, oauth, secrets.credentials(), integrationParameters, addresses, false)
        : secrets.credentials();
    var settings = new HttpApiClient.Settings(base, connector.auth(), credentials, headers, definition.timeout(),
        addresses, HttpApiClient.Settings.DEFAULT_MAX_ATTEMPTS,
        HttpApiClient.Settings.DEFAULT_BASE_BACKOFF, HttpApiClient.Settings.DEFAULT_MAX_WAIT,
        HttpApiClient.Settings.DEFAULT_MAX_RESPONSE_BYTES);
    double rate = integrationParameters.get(REQUESTS_PER_SECOND) instanceof Number override && override.doubleValue() > 0
        ? override.doubleValue() : definition.requestsPerSecond();
    // One budget per connection (and rate, so that changing the integration's limit takes effect).
    RateBudget budget = budgets.computeIfAbsent(connection.id() + "@" + rate, id -> new RateBudget(rate, System::nanoTime));
    HttpApiClient client = new HttpApiClient(http, settings, budget, sleeper);
    if (!(connector.auth() instanceof AuthDefinition.OAuth2 oauth)) {
      return client;
    }
    // On a 401 the token may have been revoked or expired early: renew it once and try again.
    return request -> {
      try {
        return client.send(request);
      } catch (ConnectorException e) {
        if (e.kind() != ConnectorException.Kind.CREDENTIALS_REJECTED || e.httpStatus() != 401) {
          throw e;
        }
        Map<String, Object> renewed = tokens.current(caller, connection, oauth, connections.secretsOf(connection).credentials(),
            integrationParameters, addresses, true);
        var retry = new HttpApiClient.Settings(settings.baseUri(), settings.auth(), renewed, settings.headers(), settings.timeout(),
            settings.addresses(), settings.maxAttempts(), settings.baseBackoff(), settings.maxWait(), settings.maxResponseBytes());
        return new HttpApiClient(http, retry, budget, sleeper).send(request);
      }
    };
  }

  /** The record with its fields in the model; a unified record always carries the record's id. */
  private DataRecord unified(UdmConverter.Route route, DataRecord record) {
    Map<String, Object> unified = new LinkedHashMap<>(udm.toUnified(route, record.fields()));
    if (unified.get("id") == null) {
      unified.put("id", record.id());
    }
    return record.withUnifiedFields(unified);
  }

  /** Private addresses only for a connector marked local, on an integration where an admin allowed them. */
  static AddressPolicy addressPolicy(Connector connector, Map<String, Object> integrationParameters) {
    return connector.apiClient().local() && Boolean.TRUE.equals(integrationParameters.get(ALLOW_LOCAL_NETWORK))
        ? AddressPolicy.ALLOW_PRIVATE : AddressPolicy.PUBLIC_ONLY;
  }

  private static DataCollection collection(Target target) {
    if (target.location() instanceof DataCollection collection) {
      return collection;
    }
    throw new InvalidInputException("\"" + target.location().key() + "\" is a directory, not a collection: list what it"
        + " holds with POST /connections/{connection}/data/" + target.location().key() + "/list.");
  }

  private static <T> T require(Target target, @Nullable T method, String name) {
    if (method == null) {
      throw new InvalidInputException("The " + target.connector().info().name() + " collection \"" + target.location().key()
          + "\" does not support " + name + ". Its spec lists the methods it supports.");
    }
    return method;
  }

  private <T> T run(Target target, java.util.function.Supplier<T> call) {
    try {
      T result = call.get();
      if (!Connection.READY.equals(target.connection().state())) {
        connections.recordState(target.connection().id(), Connection.READY, null);
      }
      return result;
    } catch (ConnectorException e) {
      if (e.kind() == ConnectorException.Kind.CREDENTIALS_REJECTED) {
        connections.recordState(target.connection().id(), Connection.CLIENT_ACTION_REQUIRED, e.getMessage());
      }
      throw e;
    }
  }
}
