package dev.tributary.engine.store;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Rows one API request reads more than once, read once. Within a span {@linkplain #open opened}
 * on a thread, {@link #memoised} answers a key with what its first read returned. Nothing
 * outlives the span: closing it drops every value (decrypted secrets included), so the next
 * request reads again and sees what another request or another server changed meanwhile. A
 * transaction on the thread ({@link Database#inTransaction}) also drops them, so a request sees
 * its own writes. Outside a span every call reads.
 *
 * <pre>
 * try (RequestReads.Span span = database.reads().open()) {
 *   handleRequest();
 * }
 * </pre>
 */
public final class RequestReads {

  private final ThreadLocal<@Nullable Map<Object, Object>> current = new ThreadLocal<>();

  /** The reads of one request on one thread; closing it forgets them. */
  public interface Span extends AutoCloseable {
    @Override
    void close();
  }

  /** Opens a span on this thread; inside an open span, returns one whose closing does nothing. */
  public Span open() {
    if (current.get() != null) {
      return () -> {};
    }
    current.set(new HashMap<>());
    return current::remove;
  }

  /**
   * What {@code read} returns for {@code key}, read at most once per span.
   *
   * @param key equal for reads that must return the same value (include who asks when it
   *     decides what is visible)
   * @param read a read without side effects; it is called again after a transaction on this thread
   */
  @SuppressWarnings("unchecked")
  public <T> T memoised(Object key, Supplier<T> read) {
    Map<Object, Object> reads = current.get();
    if (reads == null) {
      return read.get();
    }
    Object known = reads.get(key);
    if (known != null) {
      return (T) known;
    }
    T value = read.get();
    remember(key, value);
    return value;
  }

  /** Records a value a read returned along with another, so that a later read of {@code key} is saved. */
  public void remember(Object key, Object value) {
    Map<Object, Object> reads = current.get();
    if (reads != null) {
      reads.put(key, value);
    }
  }

  /** Drops what this thread's span read (after a write). */
  void forget() {
    Map<Object, Object> reads = current.get();
    if (reads != null) {
      reads.clear();
    }
  }
}
