package dev.topowatch.trainer;

import ai.djl.training.Trainer;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.listener.EvaluatorTrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Prints one line every {@code every} steps (running loss and accuracy of the epoch, from DJL's
 * evaluator accumulators) and times each step as the gap between consecutive batches.
 */
final class StepPrinter extends TrainingListenerAdapter {
  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final int every;
  private final int warmup;
  private final List<Double> stepMillis = new ArrayList<>();
  private long step;
  private long lastNanos;
  private long cpuAtWarmup = -1;
  private long cpuAtEnd = -1;
  private long threadCpuAtWarmup = -1;
  private long threadCpuAtEnd = -1;

  StepPrinter(int every, int warmup) {
    this.every = every;
    this.warmup = warmup;
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    long now = System.nanoTime();
    if (step > warmup) {
      stepMillis.add((now - lastNanos) / 1e6);
      cpuAtEnd = processCpuNanos();
      threadCpuAtEnd = THREADS.getCurrentThreadCpuTime();
    } else if (step == warmup) {
      cpuAtWarmup = processCpuNanos();
      threadCpuAtWarmup = THREADS.getCurrentThreadCpuTime();
    }
    lastNanos = now;
    if (every > 0 && step % every == 0) {
      System.out.printf(
          Locale.ROOT, "step %d loss %.4f accuracy %.4f%n",
          step, progress(trainer.getLoss()), accuracy(trainer));
    }
    step++;
  }

  @Override
  public void onEpoch(Trainer trainer) {
    lastNanos = System.nanoTime(); // validation time is not a training step
  }

  static float progress(Evaluator evaluator) {
    try {
      return evaluator.getAccumulator(EvaluatorTrainingListener.TRAIN_PROGRESS);
    } catch (RuntimeException e) {
      return Float.NaN;
    }
  }

  static float accuracy(Trainer trainer) {
    for (Evaluator e : trainer.getEvaluators()) {
      if (e != trainer.getLoss()) {
        return progress(e);
      }
    }
    return Float.NaN;
  }

  /**
   * CPU milliseconds per step of the training thread alone (with PyTorch single-threaded this is
   * the training work plus whatever an agent does on that thread); less sensitive to a busy machine.
   */
  double trainingThreadCpuMillisPerStep() {
    if (threadCpuAtWarmup < 0 || threadCpuAtEnd < 0 || stepMillis.isEmpty()) {
      return Double.NaN;
    }
    return (threadCpuAtEnd - threadCpuAtWarmup) / 1e6 / stepMillis.size();
  }

  /** CPU time of the whole process (every thread), nanoseconds; -1 when the JVM cannot tell. */
  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** Process CPU milliseconds per step after the warm-up (all threads, so an agent's threads count). */
  double cpuMillisPerStep() {
    if (cpuAtWarmup < 0 || cpuAtEnd < 0 || stepMillis.isEmpty()) {
      return Double.NaN;
    }
    return (cpuAtEnd - cpuAtWarmup) / 1e6 / stepMillis.size();
  }

  long steps() {
    return step;
  }

  double meanStepMillis() {
    return stepMillis.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  double medianStepMillis() {
    if (stepMillis.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(stepMillis);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
