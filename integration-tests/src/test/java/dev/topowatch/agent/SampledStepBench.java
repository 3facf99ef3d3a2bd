package dev.topowatch.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.topowatch.agent.instrument.Instrumenter;
import dev.topowatch.trainer.CnnModel;
import dev.topowatch.trainer.ImageData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * What one sampled step costs a training job, side by side with no agent, in one JVM, for each model
 * named (the sample trainer's {@code small} CNN and the larger {@code deep} one).
 *
 * <p>Four identical trainers (same seed, same batches, EasyTrain's batch step) take turns of 50 steps,
 * the order rotating every round: {@code none} (no agent), {@code off} (an agent with sampling off:
 * {@code sample.every=0}, metrics on), {@code every} (every step sampled, default {@code sample.size})
 * and {@code default} (the agent's defaults: {@code sample.every=50}, so each turn holds one sampled
 * step). All agents publish to one real broker. Per turn it records the wall time and the training
 * thread's CPU time; for each agent, the CPU time of its own threads (sender, Kafka network thread,
 * via {@link java.lang.management.ThreadMXBean}) and the volumes it sent.
 *
 * <p>A sampled step's cost is {@code every − off} per step, paired within each round (median and a
 * 95% interval over rounds), split into wall time and training-thread CPU; per volume it is divided by
 * the volumes a sampled step sends. The agent's threads' CPU per volume is {@code every}'s minus
 * {@code off}'s, over the volumes {@code every} sent. On a small shared machine the CPU figures are the
 * robust ones (another process's burst moves wall times, not a thread's CPU time), so the goal for a
 * sampled step is also checked on CPU: the training thread's extra CPU plus all of the agent threads'
 * CPU, as if none of it found a free core. The machine's load average is printed beside every model.
 *
 * <p>Usage: {@code SampledStepBench BOOTSTRAP [STEPS] [BATCH] [MODELS] [AGENT_ARGS]} (defaults 2000
 * measured steps per configuration, batch 32, {@code small,deep}; AGENT_ARGS, e.g. {@code
 * kafka.linger.ms=5}, go to every agent); run by {@code agent/bench/sampled-step.sh}.
 */
public final class SampledStepBench {
  private static final int TURN = 50;
  private static final int WARMUP_TURNS = 3;
  /** Goals (issue 22): ms of training time per sampled step, µs of agent-thread CPU per volume, ratio at the defaults. */
  private static final double GOAL_SAMPLED_MS = 2.0;
  private static final double GOAL_AGENT_US_PER_VOLUME = 20.0;
  private static final double GOAL_DEFAULT_RATIO = 1.01;

  private SampledStepBench() {}

  /** One configuration: its trainer (with its agent, or none) and its turns' figures. */
  private static final class Arm {
    final BenchTrainer t;
    final double[] wallMs;
    final double[] cpuMs;
    long agentCpuStart;
    long senderCpuStart;
    long handledStart;

    Arm(BenchTrainer t, int turns) {
      this.t = t;
      this.wallMs = new double[turns];
      this.cpuMs = new double[turns];
    }

    long agentCpu() {
      return t.agentCpu("");
    }

    /** The sender thread's part of {@link #agentCpu} (encoding, handing records to the producer). */
    long senderCpu() {
      return t.agentCpu("topowatch-sender");
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SampledStepBench BOOTSTRAP [STEPS] [BATCH] [MODELS]");
      System.exit(2);
    }
    String bootstrap = args[0];
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    String[] models = (args.length > 3 ? args[3] : "small,deep").split(",");
    String extra = args.length > 4 && !args[4].isBlank() ? "," + args[4] : "";
    if (steps % TURN != 0) {
      throw new IllegalArgumentException("STEPS must be a multiple of " + TURN);
    }
    ImageData data = BenchTrainer.images(batch);
    Instrumenter.install(ByteBuddyAgent.install());
    System.out.printf(Locale.ROOT, "sampled-step benchmark: one JVM, %d measured steps per configuration in turns of %d"
        + " (after %d warm-up turns), order rotating each round; batch %d, %s; %d cores%s%n",
        steps, TURN, WARMUP_TURNS, batch, data.source(), Runtime.getRuntime().availableProcessors(),
        extra.isEmpty() ? "" : "; every agent also gets " + extra.substring(1));
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(data.pixels(), new Shape(data.count()).addAll(CnnModel.IMAGE));
      NDArray y = manager.create(data.labels(), new Shape(data.count()));
      for (String model : models) {
        bench(model.trim(), bootstrap + extra, x, y, batch, steps);
      }
    }
  }

  private static void bench(String modelName, String bootstrap, NDArray x, NDArray y, int batch, int steps) {
    String stamp = modelName + "-" + Long.toString(System.currentTimeMillis(), 36);
    int turns = steps / TURN;
    List<Arm> arms = new ArrayList<>();
    arms.add(arm("none", null, modelName, batch, turns));
    String common = "kafka.bootstrap=" + bootstrap + ",run.id=bench-";
    arms.add(arm("off", common + "off-" + stamp + ",sample.every=0", modelName, batch, turns));
    arms.add(arm("every", common + "every-" + stamp + ",sample.every=1", modelName, batch, turns));
    arms.add(arm("default", common + "default-" + stamp, modelName, batch, turns));

    double loadBefore = BenchStats.loadAverage();
    interleave(arms, x, y, batch, WARMUP_TURNS, false);
    drain(arms);
    arms.forEach(a -> {
      a.agentCpuStart = a.agentCpu();
      a.senderCpuStart = a.senderCpu();
      a.handledStart = a.t.samplesHandled();
    });
    long started = System.nanoTime();
    interleave(arms, x, y, batch, turns, true);
    double seconds = (System.nanoTime() - started) / 1e9;
    drain(arms);
    double loadAfter = BenchStats.loadAverage();
    report(modelName, arms, steps, batch, seconds, loadBefore, loadAfter);

    for (Arm a : arms) {
      a.t.close();
    }
  }

  private static Arm arm(String name, String agentArgs, String modelName, int batch, int turns) {
    AgentRuntime agent = agentArgs == null ? null : BenchTrainer.agent(agentArgs);
    return new Arm(BenchTrainer.build(name, agent, CnnModel.named(modelName), batch), turns);
  }

  private static void interleave(List<Arm> arms, NDArray x, NDArray y, int batch, int turns, boolean record) {
    for (int round = 0; round < turns; round++) {
      for (int i = 0; i < arms.size(); i++) {
        Arm a = arms.get((i + round) % arms.size());
        a.t.route();
        long t0 = System.nanoTime();
        long c0 = BenchStats.THREADS.getCurrentThreadCpuTime();
        a.t.steps(x, y, batch, TURN);
        if (record) {
          a.wallMs[round] = (System.nanoTime() - t0) / 1e6 / TURN;
          a.cpuMs[round] = (BenchStats.THREADS.getCurrentThreadCpuTime() - c0) / 1e6 / TURN;
        }
      }
    }
    Dispatcher.install(null);
  }

  /** Waits until every agent's queue is sent: its sent and dropped counts stop moving for a second (at most 60 s). */
  private static void drain(List<Arm> arms) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    long last = -1;
    while (System.nanoTime() < deadline) {
      long now = arms.stream().mapToLong(a -> a.t.samplesHandled()).sum();
      if (now == last) {
        return;
      }
      last = now;
      sleep(1000);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void report(String model, List<Arm> arms, int steps, int batch, double seconds, double loadBefore, double loadAfter) {
    Arm none = arms.get(0);
    Arm off = arms.get(1);
    Arm every = arms.get(2);
    Arm dflt = arms.get(3);
    double volumesPerStep = (every.t.samplesHandled() - every.handledStart) / (double) steps;
    System.out.printf(Locale.ROOT, "%nmodel %s, batch %d: %.0f volumes per sampled step; %.0f s; load average %.2f before, %.2f after%n",
        model, batch, volumesPerStep, seconds, loadBefore, loadAfter);
    System.out.printf(Locale.ROOT, "%-8s %10s %12s %14s %12s %9s%n",
        "config", "ms/step", "train cpu", "agent threads", "volumes", "dropped");
    for (Arm a : arms) {
      long dropped = a.t.agent == null ? 0 : a.t.agent.counters().samplesDropped();
      System.out.printf(Locale.ROOT, "%-8s %10.3f %12.3f %11.3f ms %12d %9d%n", a.t.name, BenchStats.median(a.wallMs),
          BenchStats.median(a.cpuMs), (a.agentCpu() - a.agentCpuStart) / 1e6 / steps, a.t.samplesHandled() - a.handledStart, dropped);
    }
    System.out.println("(medians over turns of ms per step: wall, the training thread's CPU; the agent's own threads' CPU per step)");

    double[] wall = paired(every.wallMs, off.wallMs, false);
    double[] cpu = paired(every.cpuMs, off.cpuMs, false);
    double[] wallCi = BenchStats.medianInterval(wall);
    double sampledMs = BenchStats.quantile(wall, 0.5);
    double sampledCpuMs = BenchStats.quantile(cpu, 0.5);
    double agentNs = ((every.agentCpu() - every.agentCpuStart) - (off.agentCpu() - off.agentCpuStart)) / (double) steps;
    double agentUsPerVolume = agentNs / 1e3 / volumesPerStep;
    double senderNs = ((every.senderCpu() - every.senderCpuStart) - (off.senderCpu() - off.senderCpuStart)) / (double) steps;
    System.out.printf(Locale.ROOT, "a sampled step (every - off, paired per round): %.3f ms wall [95%% CI %.3f, %.3f], %.3f ms training-thread CPU;"
        + " per volume %.1f us wall, %.1f us training-thread CPU  (goal <= %.1f ms on wall time: %s)%n",
        sampledMs, wallCi[0], wallCi[1], sampledCpuMs, sampledMs * 1e3 / volumesPerStep, sampledCpuMs * 1e3 / volumesPerStep,
        GOAL_SAMPLED_MS, verdict(wallCi, GOAL_SAMPLED_MS));
    System.out.printf(Locale.ROOT, "the agent's threads (every - off): %.3f ms CPU per sampled step, %.1f us per volume"
        + " (sender %.1f us, Kafka network thread %.1f us)  (goal <= %.0f us: %s)%n",
        agentNs / 1e6, agentUsPerVolume, senderNs / 1e3 / volumesPerStep, (agentNs - senderNs) / 1e3 / volumesPerStep,
        GOAL_AGENT_US_PER_VOLUME, agentUsPerVolume <= GOAL_AGENT_US_PER_VOLUME ? "met" : "MISSED");
    double worstMs = sampledCpuMs + agentNs / 1e6;
    System.out.printf(Locale.ROOT, "CPU a sampled step takes, training thread + agent threads (all of it out of training where"
        + " no core is free): %.3f ms  (goal <= %.1f ms on CPU: %s)%n", worstMs, GOAL_SAMPLED_MS, worstMs <= GOAL_SAMPLED_MS ? "met" : "MISSED");
    double[] ratio = paired(dflt.wallMs, none.wallMs, true);
    double[] ratioCi = BenchStats.medianInterval(ratio);
    double[] offRatio = paired(off.wallMs, none.wallMs, true);
    double[] cpuRatio = paired(dflt.cpuMs, none.cpuMs, true);
    double noneMs = BenchStats.median(none.wallMs);
    double projected = BenchStats.quantile(offRatio, 0.5) + sampledMs / 50 / noneMs;
    double offCpuRatio = BenchStats.quantile(paired(off.cpuMs, none.cpuMs, true), 0.5);
    double projectedCpu = offCpuRatio + worstMs / 50 / BenchStats.median(none.cpuMs);
    System.out.printf(Locale.ROOT, "default (sample.every=50) / none, paired per round: %.4fx wall [95%% CI %.4f, %.4f], %.4fx training-thread CPU"
        + "  (goal <= %.2fx: %s)%n", BenchStats.quantile(ratio, 0.5), ratioCi[0], ratioCi[1], BenchStats.quantile(cpuRatio, 0.5),
        GOAL_DEFAULT_RATIO, verdict(ratioCi, GOAL_DEFAULT_RATIO));
    System.out.printf(Locale.ROOT, "  projected from off and a sampled step / 50: %.4fx wall (off / none %.4fx); on CPU, with all of the"
        + " agent threads' CPU taken from training, %.4fx (off / none %.4fx)%n", projected, BenchStats.quantile(offRatio, 0.5),
        projectedCpu, offCpuRatio);
  }

  /** Sorted per-round differences ({@code a - b}) or ratios ({@code a / b}). */
  private static double[] paired(double[] a, double[] b, boolean ratio) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = ratio ? a[i] / b[i] : a[i] - b[i];
    }
    Arrays.sort(out);
    return out;
  }

  private static String verdict(double[] ci, double goal) {
    return ci[1] <= goal ? "met" : ci[0] > goal ? "MISSED" : "unclear (the interval spans it)";
  }
}
