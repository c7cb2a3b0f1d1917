package dev.tributary.engine.formula;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Runs JSONata expressions on a small pool so that the caller gets control back at the time
 * limit even when one built-in call runs long (the library checks its time limit only between
 * steps). Such a call keeps its pool thread until it ends; while the pool and its queue are full,
 * new expressions fail at once with a limit error rather than wait.
 */
final class JsonataRunner {

  static final int MAX_EXPRESSION_LENGTH = 10_000;
  private static final int THREADS = 4;

  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES,
      new ArrayBlockingQueue<>(64), runnable -> {
        Thread thread = new Thread(runnable, "tributary-jsonata");
        thread.setDaemon(true);
        return thread;
      });

  static {
    POOL.allowCoreThreadTimeOut(true);
  }

  private JsonataRunner() {}

  static @Nullable Object run(String path, String expression, Callable<@Nullable Object> evaluation) {
    Future<@Nullable Object> future;
    try {
      future = POOL.submit(evaluation);
    } catch (RejectedExecutionException e) {
      throw new FormulaException(path, "too many JSONata expressions are running at once; try again shortly.");
    }
    try {
      return future.get(Formulas.JSONATA_TIMEOUT_MILLIS + 250, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new FormulaException(path, "the JSONata expression \"" + abbreviate(expression) + "\" ran longer than "
          + Formulas.JSONATA_TIMEOUT_MILLIS + " ms. Simplify it.");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new FormulaException(path, "the JSONata expression \"" + abbreviate(expression) + "\" failed: "
          + abbreviate(String.valueOf(cause.getMessage())), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new FormulaException(path, "interrupted while evaluating a JSONata expression.");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }
}
