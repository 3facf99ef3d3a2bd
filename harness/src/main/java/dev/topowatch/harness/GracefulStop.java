package dev.topowatch.harness;

import java.util.concurrent.TimeUnit;

/** Stops a child process the way a user's Ctrl-C would: SIGTERM, then SIGKILL if it lingers. */
public final class GracefulStop {

  private static final long GRACE_SECONDS = 10;

  private GracefulStop() {}

  /** SIGTERM, up to 10 s for the process's shutdown hooks, then SIGKILL; no-op if it has ended. */
  public static void stop(Process process) {
    stop(process, GRACE_SECONDS);
  }

  /** SIGTERM, up to {@code graceSeconds} for the process's shutdown hooks, then SIGKILL; no-op if it has ended. */
  public static void stop(Process process, long graceSeconds) {
    if (!process.isAlive()) {
      return;
    }
    // Through the handle: Process.destroy() also closes our end of its output pipe, and the lines it prints
    // while it stops (the agent's counters, say) would never reach the log.
    process.toHandle().destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.toHandle().destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
