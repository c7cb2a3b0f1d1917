package dev.tributary.bench;

import dev.tributary.engine.events.EventSubscription;
import java.io.IOException;

/** The in-process HTTP app ({@link PagedSource}) read through {@code bench-items}; raw bound: {@link RawScan}. */
final class HttpScanSource implements ScanSource {

  static final String NAME = "http";
  /** The page size of {@code bench-items}' contacts. */
  static final int PAGE_SIZE = 1000;

  private final PagedSource app = new PagedSource();
  private final RawScan raw = new RawScan(app.baseUri());

  HttpScanSource() throws IOException {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BenchEngine engine(BenchDatabase database) throws IOException {
    return BenchEngine.open(database, app.baseUri());
  }

  @Override
  public Collection collection(String name, long records) {
    PagedSource.Dataset dataset = app.dataset(name, records);
    return new Collection() {
      @Override
      public long rawScan() {
        return raw.run(name, PAGE_SIZE).records();
      }

      @Override
      public EventSubscription subscribe(BenchEngine engine) {
        return engine.subscribe(name);
      }

      @Override
      public void mutate() {
        dataset.mutate();
      }

      @Override
      public PagedSource.Dataset expected() {
        return dataset;
      }
    };
  }

  @Override
  public void close() {
    app.close();
  }
}
