package dev.tributary.bench;

import dev.tributary.engine.events.EventSubscription;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A customer's database as the app: collections are tables of the contacts {@link PagedSource}
 * serves (the same twenty values, computed from the row number, flattened into columns), in a
 * fresh schema of the PostgreSQL at {@link BenchDatabase#PG_URL}, dropped by {@link #close}. The
 * engine reads them through the SQL connector ({@code sql}, collection {@code table}); the raw
 * bound is {@link SqlRawScan}. The schema is not the engine's store, which is still chosen by
 * {@code --db}.
 */
final class SqlScanSource implements ScanSource {

  static final String NAME = "sql";
  /** Rows per page unless told: the most the connector's {@code pageSize} parameter allows (its default is 100). */
  static final int PAGE_SIZE = 1000;
  /** The most rows a page of the connector holds. */
  static final int MAX_PAGE_SIZE = 1000;
  private static final String CHANGED_AT = "timestamptz '2026-06-01T12:00:00Z'";

  /** A column of the contacts table and its value for row number {@code n}. */
  record Column(String name, String type, String value) {}

  static final List<Column> COLUMNS = List.of(
      new Column("id", "bigint NOT NULL", "n"),
      new Column("first_name", "text", "(" + array(PagedSource.FIRST_NAMES) + ")[n % " + PagedSource.FIRST_NAMES.length + " + 1]"),
      new Column("last_name", "text", "'Surname' || n"),
      new Column("email", "text", "'contact' || n || '@example.org'"),
      new Column("phone", "text", "'+1-555-' || (1000 + n % 9000)"),
      new Column("company_id", "text", "'co' || (n % 997)"),
      new Column("company_name", "text", "'Company ' || (n % 997)"),
      new Column("job_title", "text", "CASE WHEN n % 3 = 0 THEN 'Engineer' ELSE 'Buyer' END"),
      new Column("stage", "text", "(" + array(PagedSource.STAGES) + ")[n % " + PagedSource.STAGES.length + " + 1]"),
      new Column("source", "text", "CASE WHEN n % 2 = 0 THEN 'web' ELSE 'referral' END"),
      new Column("owner_id", "text", "'u' || (n % 20)"),
      new Column("score", "integer", "(n % 100)::integer"),
      new Column("active", "boolean", "n % 3 <> 0"),
      new Column("tags", "text[]", "ARRAY['t' || (n % 7), 't' || (n % 11)]"),
      new Column("created_at", "timestamptz", "timestamptz '2025-01-01T00:00:00Z'"),
      new Column("updated_at", "timestamptz", "timestamptz '2025-02-01T00:00:00Z'"),
      new Column("street", "text", "(n % 500) || ' Main Street'"),
      new Column("city", "text", "(" + array(PagedSource.CITIES) + ")[n % " + PagedSource.CITIES.length + " + 1]"),
      new Column("zip", "text", "(10000 + n % 90000)::text"),
      new Column("country", "text", "'US'"));

  private final String schema = "bench_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private final int pageSize;
  private final Connection admin;
  private final SqlRawScan raw;

  /** A source whose collections are read in pages of {@link #PAGE_SIZE} rows. */
  SqlScanSource() {
    this(PAGE_SIZE);
  }

  /** A source whose collections are read, by the connector and the raw scan, in pages of {@code pageSize} rows. */
  SqlScanSource(int pageSize) {
    if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
      throw new IllegalArgumentException("The page size " + pageSize + " is not one the SQL connector reads: give --page-size"
          + " from 1 to " + MAX_PAGE_SIZE + " (its collection parameter pageSize).");
    }
    this.pageSize = pageSize;
    try {
      admin = DriverManager.getConnection(BenchDatabase.PG_URL, BenchDatabase.PG_USER, null);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL is not reachable at " + BenchDatabase.PG_URL + " as " + BenchDatabase.PG_USER
          + " (" + e.getMessage() + "). Start it with scripts/services.sh or set TRIBUTARY_BENCH_PG_URL.", e);
    }
    execute("CREATE SCHEMA " + schema);
    raw = new SqlRawScan(admin, schema);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BenchEngine engine(BenchDatabase database) throws IOException {
    String url = BenchDatabase.PG_URL.replaceAll("\\?.*", ""); // the connector takes no driver properties
    return BenchEngine.open(database, NAME, Map.of("username", BenchDatabase.PG_USER), Map.of("jdbcUrl", url));
  }

  @Override
  public Collection collection(String name, long records) {
    String table = "contacts_" + name;
    long start = System.nanoTime();
    execute("CREATE TABLE " + schema + "." + table + " (" + COLUMNS.stream().map(c -> c.name() + " " + c.type())
        .collect(Collectors.joining(", ")) + ")");
    insert(table, 0, records);
    execute("ALTER TABLE " + schema + "." + table + " ADD PRIMARY KEY (id)");
    execute("VACUUM ANALYZE " + schema + "." + table);
    System.out.printf("loaded %,d rows into %s.%s in %.1f s%n", records, schema, table, (System.nanoTime() - start) / 1e9);
    PagedSource.Dataset dataset = new PagedSource.Dataset(records);
    return new Collection() {
      @Override
      public long rawScan() {
        return raw.run(table, pageSize).records();
      }

      @Override
      public EventSubscription subscribe(BenchEngine engine) {
        return engine.subscribe("table", Map.of("schema", schema, "table", table, "pageSize", pageSize));
      }

      @Override
      public void mutate() {
        String qualified = schema + "." + table;
        execute("UPDATE " + qualified + " SET stage = 'changed', updated_at = " + CHANGED_AT + " WHERE id % 100 = 1");
        execute("DELETE FROM " + qualified + " WHERE id % 100 = 2");
        insert(table, records, records + records / 100);
        execute("VACUUM ANALYZE " + qualified); // the raw rescan and the compare scan then read the table alike
        dataset.mutate();
      }

      @Override
      public PagedSource.Dataset expected() {
        return dataset;
      }
    };
  }

  /** Runs a statement in the app's database (outside a transaction, so VACUUM may run). */
  void execute(String sql) {
    try (Statement statement = admin.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + BenchDatabase.PG_URL + " refused \"" + sql + "\": " + e.getMessage(), e);
    }
  }

  /** Inserts the rows numbered {@code from} (inclusive) to {@code to} (exclusive) in one statement. */
  private void insert(String table, long from, long to) {
    if (from < to) {
      execute("INSERT INTO " + schema + "." + table + " (" + COLUMNS.stream().map(Column::name).collect(Collectors.joining(", "))
          + ") SELECT " + COLUMNS.stream().map(Column::value).collect(Collectors.joining(", "))
          + " FROM generate_series(" + from + "::bigint, " + (to - 1) + "::bigint) AS n");
    }
  }

  /** The raw bound's reader of this app's tables. */
  SqlRawScan raw() {
    return raw;
  }

  /** The schema of the app's tables. */
  String schema() {
    return schema;
  }

  @Override
  public void close() {
    try (admin) {
      execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("Could not close the connection to " + BenchDatabase.PG_URL + ": " + e.getMessage(), e);
    }
  }

  private static String array(String[] values) {
    return "ARRAY[" + Arrays.stream(values).map(value -> "'" + value + "'").collect(Collectors.joining(", ")) + "]";
  }
}
