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

  private static void failed(String hook, Throwable t) {
    Log.once("hook-" + hook, "internal error in hook " + hook + " (" + t + "); ignored");
  }

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
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onTrainerCreated(trainer);
      }
    } catch (Throwable t) {
      failed("trainer-created", t);
    }
  }

  public static void onForwardEnter(Trainer trainer, NDList data, NDList labels) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onForwardEnter(trainer, data, labels);
      }
    } catch (Throwable t) {
      failed("forward-enter", t);
    }
  }

  public static void onForwardExit(Trainer trainer, NDList output) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onForwardExit(trainer, output);
      }
    } catch (Throwable t) {
      failed("forward-exit", t);
    }
  }

  public static void onBlockExit(Block block, NDList output) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onBlockExit(block, output);
      }
    } catch (Throwable t) {
      failed("block", t);
    }
  }

  public static void onLossEvaluated(Loss loss, NDList labels, NDList predictions, NDArray value) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onLossEvaluated(loss, labels, predictions, value);
      }
    } catch (Throwable t) {
      failed("loss", t);
    }
  }

  public static void onStep(Trainer trainer) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onStep(trainer);
      }
    } catch (Throwable t) {
      failed("step", t);
    }
  }

  public static void onEpochEnd(Trainer trainer) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onEpochEnd(trainer);
      }
    } catch (Throwable t) {
      failed("epoch", t);
    }
  }

  public static void onFitEnter(Trainer trainer) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onFitEnter(trainer);
      }
    } catch (Throwable t) {
      failed("fit-enter", t);
    }
  }

  public static void onFitExit(Trainer trainer, Throwable thrown) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onFitExit(trainer, thrown);
      }
    } catch (Throwable t) {
      failed("fit-exit", t);
    }
  }

  /** A hooked training call threw; {@code trainer} is null when the hook does not know it (backward). */
  public static void onTrainingCallFailed(Trainer trainer, Throwable thrown) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onTrainingCallFailed(trainer, thrown);
      }
    } catch (Throwable t) {
      failed("training-call-failed", t);
    }
  }

  public static void onTrainerClose(Trainer trainer) {
    RunMonitor m = monitor;
    try {
      if (m != null) {
        m.onTrainerClose(trainer);
      }
    } catch (Throwable t) {
      failed("close", t);
    }
  }
}
