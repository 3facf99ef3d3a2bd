package dev.topowatch.agent.run;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells runs when one of their threads dies of an uncaught exception (a training script whose main
 * thread throws). It puts itself in front of the thread's own handler and always hands the exception
 * on to it, so the program prints and exits exactly as it would without the agent.
 */
final class UncaughtFailures implements Thread.UncaughtExceptionHandler {

  private final Thread.UncaughtExceptionHandler next;
  private final List<RunEnding> watchers = new CopyOnWriteArrayList<>();

  private UncaughtFailures(Thread.UncaughtExceptionHandler next) {
    this.next = next;
  }

  /** Reports {@code thread}'s death by an uncaught exception to {@code ending}. */
  static synchronized void watch(Thread thread, RunEnding ending) {
    Thread.UncaughtExceptionHandler current = thread.getUncaughtExceptionHandler();
    UncaughtFailures handler;
    if (current instanceof UncaughtFailures ours) {
      handler = ours;
    } else {
      handler = new UncaughtFailures(current);
      thread.setUncaughtExceptionHandler(handler);
    }
    handler.watchers.removeIf(RunEnding::decided);
    if (!handler.watchers.contains(ending)) {
      handler.watchers.add(ending);
    }
  }

  @Override
  public void uncaughtException(Thread t, Throwable e) {
    try {
      for (RunEnding ending : watchers) {
        ending.threadDied(t, e);
      }
    } catch (Throwable ignored) {
      // the agent's bookkeeping must never change how the program dies
    }
    if (next != null) {
      next.uncaughtException(t, e);
    }
  }
}
