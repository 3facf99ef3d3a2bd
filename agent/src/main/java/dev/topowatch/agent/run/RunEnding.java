package dev.topowatch.agent.run;

import dev.topowatch.agent.instrument.ExitStatusAdvice;
import dev.topowatch.proto.v1.RunStatus;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Decides how one run ended. {@code Trainer.close} alone cannot tell: a hand-written loop closes its
 * trainer in a try-with-resources block whether the loop finished or threw. So the run collects
 * evidence and decides as soon as it can:
 *
 * <ul>
 *   <li>a hooked training call ({@code forward}, {@code backward}, {@code step}, {@code
 *       EasyTrain.fit}) threw and no step succeeded after it (a loop may skip a bad batch): FAILED at
 *       close;
 *   <li>otherwise, after close the verdict waits up to {@value #GRACE_MS} ms for the exception, if
 *       any, to surface: the closing thread dying of an uncaught exception is FAILED, the JVM exiting
 *       with a non-zero status ({@code System.exit(1)}, as command-line frameworks do after catching
 *       an exception) is FAILED; the thread ending normally, a zero exit, or the wait running out is
 *       COMPLETED;
 *   <li>a training thread that dies of an uncaught exception while the trainer is open: FAILED at
 *       once; a JVM that exits while the trainer is open: FAILED on a non-zero status or a pending
 *       failure, else INTERRUPTED (a signal, or an exit in the middle of training).
 * </ul>
 *
 * <p>What stays unknowable: a program that catches the exception, closes the trainer, and then goes
 * on or exits with status 0 reports COMPLETED, as the program itself does.
 */
final class RunEnding {

  /** How long a closed run waits for an exception to surface before it is COMPLETED. */
  static final long GRACE_MS = 5_000;
  private static final long POLL_MS = 20;

  /** Publishes the verdict; called once. */
  interface Verdict {
    void finish(RunStatus status, String why);
  }

  private static final ScheduledExecutorService TIMER = timer();

  private final Verdict verdict;
  private volatile Throwable failure;
  private volatile boolean closed;
  private volatile boolean decided;
  private ScheduledFuture<?> waiting;

  RunEnding(Verdict verdict) {
    this.verdict = verdict;
  }

  /** A hooked training call threw. */
  void trainingCallFailed(Throwable t) {
    failure = t;
  }

  /** A step completed: an earlier failure was handled by the loop. Costs one volatile read. */
  void stepSucceeded() {
    if (failure != null) {
      failure = null;
    }
  }

  /** The trainer is being closed on {@code closer}. */
  synchronized void closed(Thread closer) {
    if (decided || closed) {
      return;
    }
    closed = true;
    Throwable f = failure;
    if (f != null) {
      decide(RunStatus.FAILED, describe(f));
      return;
    }
    UncaughtFailures.watch(closer, this);
    long deadline = System.currentTimeMillis() + GRACE_MS;
    waiting = TIMER.scheduleWithFixedDelay(() -> {
      if (!closer.isAlive()) {
        decide(RunStatus.COMPLETED, null); // its uncaught-exception handler would have run first
      } else if (System.currentTimeMillis() >= deadline) {
        decide(RunStatus.COMPLETED, null);
      }
    }, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
  }

  /** A thread of this run died of an uncaught exception. */
  void threadDied(Thread thread, Throwable t) {
    decide(RunStatus.FAILED, describe(t) + " killed thread " + thread.getName());
  }

  /** The JVM is shutting down: decide with what is known now. */
  void shutdown() {
    String exit = System.getProperty(ExitStatusAdvice.PROPERTY);
    boolean failedExit = exit != null && !exit.equals("0");
    Throwable f = failure;
    if (f != null) {
      decide(RunStatus.FAILED, describe(f));
    } else if (failedExit) {
      decide(RunStatus.FAILED, "the program exited with status " + exit);
    } else {
      decide(closed ? RunStatus.COMPLETED : RunStatus.INTERRUPTED, null);
    }
  }

  boolean decided() {
    return decided;
  }

  private synchronized void decide(RunStatus status, String why) {
    if (decided) {
      return;
    }
    decided = true;
    if (waiting != null) {
      waiting.cancel(false);
    }
    verdict.finish(status, why);
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "topowatch-run-end");
      t.setDaemon(true);
      return t;
    });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
