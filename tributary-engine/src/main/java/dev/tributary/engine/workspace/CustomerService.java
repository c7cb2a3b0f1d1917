package dev.tributary.engine.workspace;

import dev.tributary.engine.json.Json;
import dev.tributary.engine.store.Database;
import dev.tributary.engine.store.Ids;
import dev.tributary.engine.store.Page;
import dev.tributary.engine.store.PageRequest;
import dev.tributary.engine.store.Rows;
import dev.tributary.error.ConflictException;
import dev.tributary.error.InvalidInputException;
import dev.tributary.error.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * Customers of the SaaS product. A customer appears the first time a token names it (see {@link
 * #identify}); an admin may also create and edit customers. A customer caller sees only itself.
 */
public final class CustomerService {

  static final int MAX_INTERNAL_ID = 255;
  /** How stale {@code lastActiveAt} may get before a request refreshes it. */
  private static final Duration ACTIVITY_RESOLUTION = Duration.ofMinutes(1);

  private final Database database;
  private final Clock clock;

  public CustomerService(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * Finds or creates the customer a token names, and stores the {@code name} and {@code fields}
   * the token carries when they changed. Safe under concurrent first requests.
   *
   * @param name the token's {@code name} claim, or null to keep the stored one
   * @param fields the token's {@code fields} claim, or null to keep the stored ones
   */
  public Customer identify(
      String workspaceId, String internalId, @Nullable String name, @Nullable Map<String, Object> fields) {
    checkInternalId(internalId);
    // Most requests find the customer as the token describes it: one read, no transaction.
    Optional<Customer> known = database.withHandle(handle -> findByInternalId(handle, workspaceId, internalId))
        .filter(customer -> isCurrent(customer, name, fields, Rows.now(clock)));
    if (known.isPresent()) {
      return known.get();
    }
    for (int attempt = 0; ; attempt++) {
      try {
        return database.inTransaction(handle -> identify(handle, workspaceId, internalId, name, fields));
      } catch (RuntimeException e) {
        // Two first requests of one customer raced; the loser reads the winner's row.
        if (attempt > 0 || !Rows.isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  private Customer identify(
      Handle handle, String workspaceId, String internalId, @Nullable String name, @Nullable Map<String, Object> fields) {
    Instant now = Rows.now(clock);
    Optional<Customer> existing = findByInternalId(handle, workspaceId, internalId);
    if (existing.isEmpty()) {
      Customer created =
          new Customer(Ids.newId(), internalId, name == null ? internalId : Validation.name("name", name),
              fields == null ? Map.of() : fields, now, now, now, null);
      insert(handle, workspaceId, created);
      return created;
    }
    Customer customer = existing.get();
    if (isCurrent(customer, name, fields, now)) {
      return customer;
    }
    boolean changed = isChanged(customer, name, fields);
    // A token naming an archived customer brings it back, as it would create a new one.
    boolean returning = customer.archivedAt() != null;
    Customer updated = new Customer(customer.id(), internalId,
        name == null ? customer.name() : Validation.name("name", name),
        fields == null ? customer.fields() : fields,
        customer.createdAt(), changed || returning ? now : customer.updatedAt(), now, null);
    update(handle, updated);
    return updated;
  }

  /** True when the stored customer needs no write: as the token describes it, active and recently seen. */
  private static boolean isCurrent(
      Customer customer, @Nullable String name, @Nullable Map<String, Object> fields, Instant now) {
    boolean stale = customer.lastActiveAt() == null
        || customer.lastActiveAt().isBefore(now.minus(ACTIVITY_RESOLUTION));
    return !isChanged(customer, name, fields) && !stale && customer.archivedAt() == null;
  }

  private static boolean isChanged(Customer customer, @Nullable String name, @Nullable Map<String, Object> fields) {
    return (name != null && !name.equals(customer.name())) || (fields != null && !fields.equals(customer.fields()));
  }

  public Page<Customer> list(Caller caller, PageRequest page) {
    return database.withHandle(handle -> {
      var query = handle.createQuery(
          "select * from customers where workspace_id = :ws and archived_at is null and id > :after"
              + (caller instanceof Caller.ActingCustomer ? " and id = :self" : "")
              + " order by id limit :limit");
      query.bind("ws", caller.workspaceId())
          .bind("after", Objects.requireNonNullElse(page.afterId(), ""))
          .bind("limit", page.limit() + 1);
      if (caller instanceof Caller.ActingCustomer self) {
        query.bind("self", self.customerId());
      }
      return Page.fromOverfetched(query.map((rs, ctx) -> map(rs)).list(), page, Customer::id);
    });
  }

  /** By Tributary id or by internal id. */
  public Customer get(Caller caller, String selector) {
    return database.withHandle(handle -> find(handle, caller, selector));
  }

  public Customer create(Caller caller, CustomerInput input) {
    caller.requireAdmin("create customers");
    if (input.internalId() == null) {
      throw InvalidInputException.forField("internalId",
          "A customer needs an \"internalId\": your own id for it, the \"id\" claim of its tokens.");
    }
    checkInternalId(input.internalId());
    Instant now = Rows.now(clock);
    Customer customer = new Customer(Ids.newId(), input.internalId(),
        input.name() == null ? input.internalId() : Validation.name("name", input.name()),
        input.fields() == null ? Map.of() : input.fields(), now, now, null, null);
    try {
      database.inTransaction(handle -> {
        insert(handle, caller.workspaceId(), customer);
        return null;
      });
    } catch (RuntimeException e) {
      if (Rows.isUniqueViolation(e)) {
        throw new ConflictException("A customer with internalId \"" + input.internalId() + "\" already"
            + " exists. Update it with PATCH /customers/" + input.internalId() + " instead.", "internalId");
      }
      throw e;
    }
    return customer;
  }

  /**
   * Changes a customer's name or fields. {@code replace} (PUT) resets what the input leaves out;
   * otherwise (PATCH) it stays. The internal id never changes.
   */
  public Customer update(Caller caller, String selector, CustomerInput input, boolean replace) {
    return database.inTransaction(handle -> {
      Customer customer = find(handle, caller, selector);
      if (input.internalId() != null && !input.internalId().equals(customer.internalId())) {
        throw InvalidInputException.forField("internalId", "A customer's internalId cannot change"
            + " (it is \"" + customer.internalId() + "\"). Create another customer instead.");
      }
      String name = input.name() != null ? Validation.name("name", input.name())
          : replace ? customer.internalId() : customer.name();
      Map<String, Object> fields = input.fields() != null ? input.fields() : replace ? Map.of() : customer.fields();
      Customer updated = new Customer(customer.id(), customer.internalId(), name, fields,
          customer.createdAt(), Rows.now(clock), customer.lastActiveAt(), customer.archivedAt());
      update(handle, updated);
      return updated;
    });
  }

  /** Archives a customer and all of its connections, in one transaction. */
  public Customer archive(Caller caller, String selector) {
    caller.requireAdmin("archive customers");
    return database.inTransaction(handle -> {
      Customer customer = find(handle, caller, selector);
      Instant now = Rows.now(clock);
      handle.createUpdate("update connections set archived_at = :now, updated_at = :now"
              + " where customer_id = :id and archived_at is null")
          .bind("now", Rows.time(now)).bind("id", customer.id()).execute();
      handle.createUpdate("update customers set archived_at = :now, updated_at = :now where id = :id")
          .bind("now", Rows.time(now)).bind("id", customer.id()).execute();
      return new Customer(customer.id(), customer.internalId(), customer.name(), customer.fields(),
          customer.createdAt(), now, customer.lastActiveAt(), now);
    });
  }

  static Customer find(Handle handle, Caller caller, String selector) {
    Optional<Customer> found = handle.createQuery(
            "select * from customers where workspace_id = :ws and archived_at is null"
                + " and (id = :selector or internal_id = :selector) order by case when id = :selector then 0 else 1 end")
        .bind("ws", caller.workspaceId())
        .bind("selector", selector)
        .map((rs, ctx) -> map(rs))
        .findFirst();
    if (found.isEmpty() || (caller instanceof Caller.ActingCustomer self && !self.customerId().equals(found.get().id()))) {
      throw new NotFoundException("No customer \"" + selector + "\" in this workspace. List customers"
          + " with GET /customers; a customer is also created the first time a token names it.");
    }
    return found.get();
  }

  private static Optional<Customer> findByInternalId(Handle handle, String workspaceId, String internalId) {
    return handle.createQuery("select * from customers where workspace_id = :ws and internal_id = :internalId")
        .bind("ws", workspaceId)
        .bind("internalId", internalId)
        .map((rs, ctx) -> map(rs))
        .findOne();
  }

  private static void insert(Handle handle, String workspaceId, Customer customer) {
    handle.createUpdate("insert into customers (id, workspace_id, internal_id, name, fields, created_at,"
            + " updated_at, last_active_at) values (:id, :ws, :internalId, :name, :fields, :created, :updated, :active)")
        .bind("id", customer.id())
        .bind("ws", workspaceId)
        .bind("internalId", customer.internalId())
        .bind("name", customer.name())
        .bind("fields", Json.write(customer.fields()))
        .bind("created", Rows.time(customer.createdAt()))
        .bind("updated", Rows.time(customer.updatedAt()))
        .bind("active", Rows.time(customer.lastActiveAt()))
        .execute();
  }

  private static void update(Handle handle, Customer customer) {
    handle.createUpdate("update customers set name = :name, fields = :fields, updated_at = :updated,"
            + " last_active_at = :active, archived_at = :archived where id = :id")
        .bind("name", customer.name())
        .bind("fields", Json.write(customer.fields()))
        .bind("updated", Rows.time(customer.updatedAt()))
        .bind("active", Rows.time(customer.lastActiveAt()))
        .bind("archived", Rows.time(customer.archivedAt()))
        .bind("id", customer.id())
        .execute();
  }

  private static void checkInternalId(String internalId) {
    if (internalId.isBlank() || internalId.length() > MAX_INTERNAL_ID || internalId.chars().anyMatch(Character::isISOControl)) {
      throw InvalidInputException.forField("internalId", "Invalid customer id " + Validation.quote(internalId)
          + ": must be 1 to " + MAX_INTERNAL_ID + " characters without control characters.");
    }
  }

  private static Customer map(ResultSet rs) throws SQLException {
    return new Customer(
        rs.getString("id"),
        rs.getString("internal_id"),
        rs.getString("name"),
        Json.readObject(rs.getString("fields")),
        Rows.requiredInstant(rs, "created_at"),
        Rows.requiredInstant(rs, "updated_at"),
        Rows.instant(rs, "last_active_at"),
        Rows.instant(rs, "archived_at"));
  }
}
