package dev.topowatch.topology.gpu;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import net.jqwik.api.lifecycle.SkipExecutionHook.SkipResult;

/**
 * Skips a jqwik container, with the reason, where g++ (and so the emulated driver) is missing;
 * under {@code CI=true} it does not skip, so the container's first use of the emulator fails.
 */
public final class RequiresGpp implements SkipExecutionHook {
  static final String MISSING = "g++ not found: the emulated CUDA driver cannot be built";

  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    return available() || mustRun() ? SkipResult.doNotSkip() : SkipResult.skip(MISSING);
  }

  /** CI sets CI=true: there the emulated suite must run, never skip. */
  static boolean mustRun() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  private static volatile Boolean available;

  static boolean available() {
    Boolean a = available;
    if (a == null) {
      a = probe();
      available = a;
    }
    return a;
  }

  private static boolean probe() {
    try {
      Process p = new ProcessBuilder("g++", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
