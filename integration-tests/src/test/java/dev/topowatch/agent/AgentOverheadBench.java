package dev.topowatch.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.training.ParameterStore;
import dev.topowatch.agent.instrument.Instrumenter;
import dev.topowatch.agent.powergrad.PowerGradLoss;
import dev.topowatch.trainer.CnnModel;
import dev.topowatch.trainer.ImageData;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import net.bytebuddy.agent.ByteBuddyAgent;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;

/**
 * The agent's cost to a training job, measured side by side in one JVM. Separate JVMs on a small
 * shared machine each settle into their own speed, by more than the few per cent in question; here
 * every configuration shares the JVM, the native allocator and the machine's moment-to-moment load.
 *
 * <p>Four identical trainers (the sample CNN, same seed, same batches, EasyTrain's own batch step)
 * take turns, {@code BLOCK} steps at a time (default 50, one sampling period, so that an agent's
 * background work mostly lands in its own turn; 1 alternates step by step), in an order that
 * rotates every round: {@code none}, and three real agents built from agent arguments exactly
 * as {@code -javaagent} builds them — {@code powergrad} (sampling off, α = 0.5, metrics on),
 * {@code sampling} (the defaults: every 50 steps, 8 samples) and {@code down} (the defaults, broker
 * unreachable). The agent's advice is installed into DJL once; before each turn the dispatcher is
 * pointed at that trainer's agent (or at none), so each turn pays for exactly one agent's work.
 *
 * <p>Each configuration's steps are grouped in chunks of one sampling period (50 steps, so each chunk
 * holds one sampled step and five metered ones). Printed per configuration: its mean step time; the
 * median over chunks of (its chunk time / {@code none}'s chunk time at the same point of the run),
 * with a 95% confidence interval for that median and the interquartile range; the same median for
 * the training thread's CPU time; and the CPU its own background threads (the sender and Kafka's
 * network thread) used per training step, work that runs on another core.
 *
 * <p>{@code none} still runs DJL with the advice in it (idle: one static call and a field read per
 * hooked call). That cost is measured apart, per hooked call, with the advice taken out and put
 * back in turn, and scaled by the hooked calls in a step. The "vs no agent" column, which the goals
 * are checked against, is the chunk ratio times that cost.
 *
 * <p>Usage: {@code AgentOverheadBench BOOTSTRAP DOWN_BOOTSTRAP [STEPS] [BLOCK] [BATCH]} (defaults
 * 5000 steps per configuration, block 50, batch 64); run by {@code agent/bench/overhead.sh}, which
 * starts the broker in a JVM of its own.
 */
public final class AgentOverheadBench {
  /** The default {@code sample.every}: one chunk of steps per sampling period. */
  private static final int CHUNK = 50;
  private static final int WARMUP_STEPS = 6 * CHUNK;
  /** Rounds (advice in, advice out) and calls per half-round when timing the idle advice. */
  private static final int ADVICE_ROUNDS = 6;
  private static final int ADVICE_CALLS = 2_000_000;

  private AgentOverheadBench() {}

  /** One configuration: its trainer (with its agent, or none) and its measured chunks. */
  private static final class Arm {
    final double goal;
    final BenchTrainer t;
    final double[] wallMs;
    final double[] cpuMs;
    int recorded;
    long backgroundCpuStart;

    Arm(double goal, BenchTrainer t, int chunks) {
      this.goal = goal;
      this.t = t;
      this.wallMs = new double[chunks];
      this.cpuMs = new double[chunks];
    }

    /** CPU time of this agent's own threads, in nanoseconds. */
    long backgroundCpu() {
      return t.agentCpu("");
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: AgentOverheadBench BOOTSTRAP DOWN_BOOTSTRAP [STEPS] [BLOCK] [BATCH]");
      System.exit(2);
    }
    String bootstrap = args[0];
    String downBootstrap = args[1];
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
    int block = args.length > 3 ? Integer.parseInt(args[3]) : CHUNK;
    int batch = args.length > 4 ? Integer.parseInt(args[4]) : 64;
    if (steps % CHUNK != 0 || (CHUNK % block != 0 && block % CHUNK != 0)) {
      throw new IllegalArgumentException("STEPS must be a multiple of " + CHUNK
          + ", and BLOCK a divisor or a multiple of " + CHUNK + ": every chunk then holds one sampled step");
    }
    int chunks = steps / CHUNK;
    String stamp = Long.toString(System.currentTimeMillis(), 36);

    ImageData data = BenchTrainer.images(batch);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(data.pixels(), new Shape(data.count()).addAll(CnnModel.IMAGE));
      NDArray y = manager.create(data.labels(), new Shape(data.count()));

      Instrumentation inst = ByteBuddyAgent.install();
      ResettableClassFileTransformer advice = Instrumenter.install(inst);
      List<Arm> arms = new ArrayList<>();
      Arm none = arm("none", 0, null, batch, chunks);
      arms.add(none);
      arms.add(arm("powergrad", 1.01, BenchTrainer.agent("kafka.bootstrap=" + bootstrap
          + ",sample.every=0,powergrad.alpha=0.5,run.id=bench-pg-" + stamp), batch, chunks));
      arms.add(arm("sampling", 1.03, BenchTrainer.agent("kafka.bootstrap=" + bootstrap
          + ",run.id=bench-sampling-" + stamp), batch, chunks));
      arms.add(arm("down", 1.03, BenchTrainer.agent("kafka.bootstrap=" + downBootstrap
          + ",run.id=bench-down-" + stamp), batch, chunks));

      interleave(arms, x, y, batch, block, WARMUP_STEPS, false);
      arms.forEach(a -> a.backgroundCpuStart = a.backgroundCpu());
      interleave(arms, x, y, batch, block, steps, true);
      Dispatcher.install(null);
      AdviceCost cost = adviceCost(inst, advice, manager);
      report(arms, cost, hookedCallsPerStep(none.t.model.getBlock()), steps, block, batch, data.source());

      for (Arm a : arms) {
        System.out.println("agent " + a.t.name + ": " + a.t.close());
      }
    }
  }

  /** A trainer of the sample CNN watched by {@code agent} (or none); PowerGrad applied exactly when the agent asks for it. */
  private static Arm arm(String name, double goal, AgentRuntime agent, int batch, int chunks) {
    BenchTrainer t = BenchTrainer.build(name, agent, CnnModel.build(), batch);
    boolean swapped = t.trainer.getLoss() instanceof PowerGradLoss;
    if (agent != null && swapped != agent.config().powergradAlpha().isPresent()) {
      throw new IllegalStateException(name + ": PowerGrad " + (swapped ? "applied" : "not applied"));
    }
    return new Arm(goal, t, chunks);
  }

  /** {@code steps} steps of every arm, {@code block} at a time, the order rotating each round. */
  private static void interleave(List<Arm> arms, NDArray x, NDArray y, int batch, int block, int steps, boolean record) {
    for (int done = 0, round = 0; done < steps; done += block, round++) {
      for (int i = 0; i < arms.size(); i++) {
        Arm a = arms.get((i + round) % arms.size());
        a.t.route();
        run(a, x, y, batch, Math.min(block, steps - done), record);
      }
    }
  }

  /** Runs training steps on the arm's trainer, adding their time to the arm's current chunk. */
  private static void run(Arm a, NDArray x, NDArray y, int batch, int steps, boolean record) {
    long t0 = System.nanoTime();
    long c0 = BenchStats.THREADS.getCurrentThreadCpuTime();
    a.t.steps(x, y, batch, steps);
    if (record) {
      // A run never straddles two chunks: BLOCK divides the chunk, or is whole chunks.
      double wall = (System.nanoTime() - t0) / 1e6;
      double cpu = (BenchStats.THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
      int first = a.recorded / CHUNK;
      int spanned = Math.max(1, steps / CHUNK);
      for (int c = first; c < first + spanned; c++) {
        a.wallMs[c] += wall / spanned;
        a.cpuMs[c] += cpu / spanned;
      }
      a.recorded += steps;
    }
  }

  /**
   * The idle advice's cost per hooked call: a block whose forward is pure Java (an identity
   * {@link LambdaBlock}, hooked like every block) called in a loop, with the advice taken out and put
   * back in turn (each change recompiles the hooked methods, hence a warm-up after it). Training steps
   * are far too noisy to resolve a few nanoseconds; this loop is not. Returns the median ns per call
   * with and without the advice; the advice is in again when it returns.
   */
  private static AdviceCost adviceCost(Instrumentation inst, ResettableClassFileTransformer advice, NDManager manager) {
    Block identity = new LambdaBlock(list -> list);
    ParameterStore store = new ParameterStore(manager, false);
    NDList input = new NDList();
    double[][] ns = new double[2][ADVICE_ROUNDS]; // [with, without][round]
    long sink = 0;
    for (int round = 0; round < ADVICE_ROUNDS; round++) {
      for (int i = 0; i < 2; i++) {
        boolean with = (i + round) % 2 == 0;
        if (with && advice == null) {
          advice = Instrumenter.install(inst);
        } else if (!with && advice != null) {
          advice.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
          advice = null;
        }
        for (int c = 0; c < ADVICE_CALLS / 4; c++) {
          sink += identity.forward(store, input, false, null).size();
        }
        long t0 = System.nanoTime();
        for (int c = 0; c < ADVICE_CALLS; c++) {
          sink += identity.forward(store, input, false, null).size();
        }
        ns[with ? 0 : 1][round] = (System.nanoTime() - t0) / (double) ADVICE_CALLS;
      }
    }
    Arrays.sort(ns[0]);
    Arrays.sort(ns[1]);
    if (sink != 0) {
      throw new IllegalStateException("the identity block changed its input");
    }
    if (advice == null) {
      Instrumenter.install(inst);
    }
    return new AdviceCost(BenchStats.quantile(ns[0], 0.5), BenchStats.quantile(ns[1], 0.5));
  }

  private record AdviceCost(double withNs, double withoutNs) {}

  /** Hooked calls in one training step, at most: two forward forms per block, and the trainer's and loss's hooks. */
  private static int hookedCallsPerStep(Block model) {
    return 2 * blocks(model) + 6;
  }

  private static int blocks(Block block) {
    int n = 1;
    for (Block child : block.getChildren().values()) {
      n += blocks(child);
    }
    return n;
  }

  private static void report(
      List<Arm> arms, AdviceCost cost, int hookedCalls, int steps, int block, int batch, String source) {
    Arm none = arms.get(0);
    double noneMs = Arrays.stream(none.wallMs).sum() / steps;
    double idleNsPerStep = Math.max(0, cost.withNs() - cost.withoutNs()) * hookedCalls;
    double advice = 1 + idleNsPerStep / 1e6 / noneMs;
    System.out.printf(Locale.ROOT,
        "in-process, one JVM: %d configurations x %d steps (after %d warm-up steps each), turns of %d step(s),"
            + " batch %d, %s%n", arms.size(), steps, WARMUP_STEPS, block, batch, source);
    System.out.printf(Locale.ROOT, "idle advice (none): a hooked call takes %.1f ns with it, %.1f ns without;"
        + " at most %d hooked calls per step: %.0f ns per step, %.5fx%n",
        cost.withNs(), cost.withoutNs(), hookedCalls, idleNsPerStep, advice);
    System.out.printf(Locale.ROOT, "ratio: median over %d chunks of %d steps of (chunk time / none's chunk time);"
        + " vs no agent: ratio x the idle advice's cost; goal met when the whole 95%% interval is%n", steps / CHUNK, CHUNK);
    System.out.printf(Locale.ROOT, "%-10s %8s %8s %16s %16s %11s %12s %14s  %s%n",
        "config", "ms/step", "ratio", "95% CI", "IQR", "thread cpu", "vs no agent", "agent threads", "goal");
    for (Arm a : arms) {
      double[] r = ratios(a.wallMs, none.wallMs);
      double[] ci = BenchStats.medianInterval(r);
      double ratio = BenchStats.quantile(r, 0.5);
      double cpu = BenchStats.quantile(ratios(a.cpuMs, none.cpuMs), 0.5);
      double background = (a.backgroundCpu() - a.backgroundCpuStart) / 1e6 / steps;
      double total = a == none ? 1 : ratio * advice;
      String goal = a.goal == 0 ? "" : String.format(Locale.ROOT, "<= %.2fx %s", a.goal,
          ci[1] * advice <= a.goal ? "met" : ci[0] * advice > a.goal ? "MISSED" : "unclear (the interval spans it)");
      System.out.printf(Locale.ROOT, "%-10s %8.3f %7.3fx   [%.3f, %.3f]   [%.3f, %.3f] %10.3fx %11.3fx %11.3f ms  %s%n",
          a.t.name, Arrays.stream(a.wallMs).sum() / steps, ratio, ci[0], ci[1],
          BenchStats.quantile(r, 0.25), BenchStats.quantile(r, 0.75), cpu, total, background, goal);
    }
  }

  /** Sorted per-chunk ratios. */
  private static double[] ratios(double[] values, double[] base) {
    double[] r = new double[values.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = values[i] / base[i];
    }
    Arrays.sort(r);
    return r;
  }
}
