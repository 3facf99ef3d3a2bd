package dev.topowatch.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.lifecycle.AroundTryHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.TryExecutionResult;
import net.jqwik.api.lifecycle.TryExecutor;
import net.jqwik.api.lifecycle.TryLifecycleContext;

/**
 * Fails a jqwik try that runs longer than a limit, so a property whose code under test hangs fails
 * with its sample and seed instead of stalling the build. JUnit Jupiter's
 * {@code junit.jupiter.execution.timeout.default} covers Jupiter tests only; jqwik has no timeout of
 * its own. Registered for every property through {@code META-INF/services}.
 *
 * <p>The try body runs on a daemon worker thread while the jqwik thread waits. Parameters are
 * generated before the try, on the jqwik thread, so seeds and shrinking are unaffected. A try that
 * times out is reported as falsified; its thread cannot be stopped (Java has no way to end a
 * spinning thread) and is abandoned, and the next try gets a fresh worker. The limit is
 * {@value #PROPERTY} (a {@link Duration} such as {@code PT2M}, or seconds), default {@link #DEFAULT}.
 */
public final class TryTimeout implements AroundTryHook {
  /** System property that sets the limit per try. */
  public static final String PROPERTY = "topowatch.jqwik.try-timeout";

  /** One try of any property here takes milliseconds; a minute leaves room for a cold engine. */
  public static final Duration DEFAULT = Duration.ofSeconds(60);

  private ExecutorService worker;

  static Duration limitFrom(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    String v = value.trim();
    return v.startsWith("P") || v.startsWith("p") ? Duration.parse(v) : Duration.ofSeconds(Long.parseLong(v));
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public TryExecutionResult aroundTry(TryLifecycleContext context, TryExecutor aTry, List<Object> parameters)
      throws Throwable {
    Duration limit = limitFrom(System.getProperty(PROPERTY)); // read per try: jqwik keeps one hook per JVM
    Future<TryExecutionResult> result = worker().submit(() -> aTry.execute(parameters));
    try {
      return result.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      result.cancel(true); // interrupts the try; a loop that ignores interrupts keeps its thread
      abandonWorker();
      return TryExecutionResult.falsified(new AssertionError(
          context.label() + ": a try ran longer than " + limit + " (set -D" + PROPERTY + " to change the limit)"));
    }
  }

  private synchronized ExecutorService worker() {
    if (worker == null) {
      worker = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "jqwik-try");
        t.setDaemon(true); // an abandoned, spinning try must not keep the test JVM alive
        return t;
      });
    }
    return worker;
  }

  private synchronized void abandonWorker() {
    worker.shutdownNow();
    worker = null;
  }
}
