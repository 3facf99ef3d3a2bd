package dev.topowatch.agent;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.loss.Loss;
import dev.topowatch.agent.run.RunMonitor;

/**
 * The only entry from advice (inlined into DJL classes) into agent code. Every method catches
 * everything: a failure is reported once per hook and the training job goes on untouched.
 *
 * <p>The agent jar is on the system class path (the JVM appends every {@code -javaagent} jar to it),
 * so DJL classes loaded by the application class loader, or any loader that delegates to it, link
 * to this class; it and DJL then share one copy of every DJL type, so no cast crosses loaders.
 */
public final class Dispatcher {
  private static volatile RunMonitor monitor;

  private Dispatcher() {}

  static void install(RunMonitor runMonitor) {
    monitor = runMonitor;
  }

  /**
   * One hook's call into the monitor, with up to four arguments (unused ones are null). The hooks
   * below pass non-capturing lambdas: each is one constant instance, so a call allocates nothing.
   */
  @FunctionalInterface
  private interface Hook<A, B, C, D> {
    void call(RunMonitor monitor, A a, B b, C c, D d);
  }

  /** Calls {@code hook} on the installed monitor, if any; a failure is reported once per hook name. */
  private static <A, B, C, D> void guarded(String name, Hook<A, B, C, D> hook, A a, B b, C c, D d) {
    RunMonitor m = monitor;
    if (m == null) {
      return;
    }
    try {
      hook.call(m, a, b, c, d);
    } catch (Throwable t) {
      failed(name, t);
    }
  }

  private static void failed(String hook, Throwable t) {
    Log.once("hook-" + hook, "internal error in hook " + hook + " (" + t + "); ignored");
  }

  /** The one hook that returns a value: the (possibly PowerGrad-wrapped) training configuration. */
  public static TrainingConfig onTrainerConfig(TrainingConfig config) {
    RunMonitor m = monitor;
    try {
      return m == null ? config : m.onTrainerConfig(config);
    } catch (Throwable t) {
      failed("trainer-config", t);
      return config;
    }
  }

  public static void onTrainerCreated(Trainer trainer) {
    guarded("trainer-created", (m, t, b, c, d) -> m.onTrainerCreated(t), trainer, null, null, null);
  }

  public static void onForwardEnter(Trainer trainer, NDList data, NDList labels) {
    guarded("forward-enter", (m, t, x, y, d) -> m.onForwardEnter(t, x, y), trainer, data, labels, null);
  }

  public static void onForwardExit(Trainer trainer, NDList output) {
    guarded("forward-exit", (m, t, out, c, d) -> m.onForwardExit(t, out), trainer, output, null, null);
  }

  public static void onBlockExit(Block block, NDList output) {
    guarded("block", (m, blk, out, c, d) -> m.onBlockExit(blk, out), block, output, null, null);
  }

  public static void onLossEvaluated(Loss loss, NDList labels, NDList predictions, NDArray value) {
    guarded("loss", RunMonitor::onLossEvaluated, loss, labels, predictions, value);
  }

  public static void onStep(Trainer trainer) {
    guarded("step", (m, t, b, c, d) -> m.onStep(t), trainer, null, null, null);
  }

  public static void onEpochEnd(Trainer trainer) {
    guarded("epoch", (m, t, b, c, d) -> m.onEpochEnd(t), trainer, null, null, null);
  }

  public static void onFitEnter(Trainer trainer) {
    guarded("fit-enter", (m, t, b, c, d) -> m.onFitEnter(t), trainer, null, null, null);
  }

  public static void onFitExit(Trainer trainer, Throwable thrown) {
    guarded("fit-exit", (m, t, e, c, d) -> m.onFitExit(t, e), trainer, thrown, null, null);
  }

  /** A hooked training call threw; {@code trainer} is null when the hook does not know it (backward). */
  public static void onTrainingCallFailed(Trainer trainer, Throwable thrown) {
    guarded("training-call-failed", (m, t, e, c, d) -> m.onTrainingCallFailed(t, e), trainer, thrown, null, null);
  }

  public static void onTrainerClose(Trainer trainer) {
    guarded("close", (m, t, b, c, d) -> m.onTrainerClose(t), trainer, null, null, null);
  }
}
