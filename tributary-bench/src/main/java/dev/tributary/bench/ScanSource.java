package dev.tributary.bench;

import dev.tributary.engine.events.EventSubscription;
import java.io.IOException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The app a full scan reads: it holds collections of computed records, connects an engine to them
 * and scans them raw for the upper bound. Every collection follows {@link PagedSource.Dataset}'s
 * rules, so the changes a scan must report are known.
 */
interface ScanSource extends AutoCloseable {

  /** The name the benchmark's {@code --source} option gives it. */
  String name();

  /** A fresh engine on {@code database} with a customer connected to this app. */
  BenchEngine engine(BenchDatabase database) throws IOException;

  /** Adds a collection of {@code records} records at generation 1. */
  Collection collection(String name, long records);

  @Override
  void close();

  /** One collection of the app. */
  interface Collection {

    /** The raw bound: reads every record in the engine's pages and hashes it; returns how many it read. */
    long rawScan();

    /** Subscribes the engine's customer to this collection; the first pull is the baseline scan. */
    EventSubscription subscribe(BenchEngine engine);

    /** Moves the collection to generation 2: the changes {@link #expected()} counts. */
    void mutate();

    /** The counts of records and changes the collection has now. */
    PagedSource.Dataset expected();
  }

  /**
   * Opens the source named {@code http} or {@code sql}; a SQL source reads pages of {@code
   * pageSize} rows (null: {@link SqlScanSource#PAGE_SIZE}), the HTTP app's pages are always {@link
   * HttpScanSource#PAGE_SIZE} records.
   */
  static ScanSource open(String name, @Nullable Integer pageSize) throws IOException {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case HttpScanSource.NAME -> {
        if (pageSize != null && pageSize != HttpScanSource.PAGE_SIZE) {
          throw new IllegalArgumentException("--page-size " + pageSize + " applies to --source sql only: the HTTP app's"
              + " connector reads pages of " + HttpScanSource.PAGE_SIZE + ". Leave it out, or use --source sql.");
        }
        yield new HttpScanSource();
      }
      case SqlScanSource.NAME -> new SqlScanSource(pageSize == null ? SqlScanSource.PAGE_SIZE : pageSize);
      default -> throw new IllegalArgumentException("Unknown source \"" + name + "\": use http (the in-process HTTP app)"
          + " or sql (a table in the PostgreSQL at TRIBUTARY_BENCH_PG_URL).");
    };
  }
}
