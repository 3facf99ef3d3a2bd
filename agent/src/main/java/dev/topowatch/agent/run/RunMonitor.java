package dev.topowatch.agent.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.loss.Loss;
import dev.topowatch.agent.AgentConfig;
import dev.topowatch.agent.Log;
import dev.topowatch.agent.powergrad.LossSwap;
import dev.topowatch.agent.powergrad.PowerGradTrainingConfig;
import dev.topowatch.agent.publish.AgentCounters;
import dev.topowatch.agent.publish.KafkaSender;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Routes the hooks that {@link dev.topowatch.agent.Dispatcher} forwards to the run of their
 * {@link Trainer}. Every trainer the JVM builds is its own run ({@link TrainerRun}): the first gets
 * {@code run.id}, later ones {@code run.id-2}, {@code run.id-3}… (a fine-tuning script that builds a
 * second trainer gets two runs, each complete). Lookups go through a small array replaced on change,
 * so the per-call cost stays a volatile read and an identity comparison or two.
 */
public final class RunMonitor {
  private final AgentConfig config;
  private final KafkaSender sender;
  private final AgentCounters counters;

  /** Runs whose trainer is open (or whose ending is still being decided). */
  private volatile TrainerRun[] runs = new TrainerRun[0];
  private final List<TrainerRun> all = new ArrayList<>();
  private int created;

  /** The configuration a trainer under construction on this thread was given (set between enter and exit). */
  private final ThreadLocal<Pending> pending = new ThreadLocal<>();

  private record Pending(TrainingConfig config, LearningRate learningRate) {}

  public RunMonitor(AgentConfig config, KafkaSender sender, AgentCounters counters) {
    this.config = config;
    this.sender = sender;
    this.counters = counters;
  }

  /** Trainer construction: returns the configuration to use (PowerGrad swapped in when asked). */
  public TrainingConfig onTrainerConfig(TrainingConfig trainingConfig) {
    if (trainingConfig == null) {
      return null;
    }
    TrainingConfig result = trainingConfig;
    if (config.powergradAlpha().isPresent()) {
      float alpha = (float) config.powergradAlpha().getAsDouble();
      LossSwap.Result swap = LossSwap.forLoss(trainingConfig.getLossFunction(), alpha);
      if (swap.replacement() != null) {
        result = new PowerGradTrainingConfig(trainingConfig, swap.replacement());
        Log.info("PowerGrad alpha=" + alpha + " replaces " + swap.replacement().getName());
      } else {
        Log.info("PowerGrad not applied: " + swap.reason());
      }
    }
    pending.set(new Pending(result, LearningRate.of(trainingConfig.getOptimizer())));
    return result;
  }

  /** Trainer construction finished: the trainer becomes a run of its own. */
  public void onTrainerCreated(Trainer t) {
    Pending p = pending.get();
    pending.remove();
    bind(t, p == null ? LearningRate.UNKNOWN : p.learningRate(), p != null && p.config() instanceof PowerGradTrainingConfig);
  }

  private synchronized TrainerRun bind(Trainer t, LearningRate learningRate, boolean powergrad) {
    TrainerRun existing = runOf(t);
    if (existing != null) {
      return existing;
    }
    created++;
    String runId = created == 1 ? config.runId() : config.runId() + "-" + created;
    TrainerRun run = new TrainerRun(t, runId, config, sender, counters, learningRate, powergrad);
    all.removeIf(TrainerRun::ended); // a script building trainer after trainer keeps only the undecided ones
    all.add(run);
    TrainerRun[] next = Arrays.copyOf(runs, runs.length + 1);
    next[next.length - 1] = run;
    runs = next;
    if (created == 2) {
      Log.info("a second Trainer was built: it is run " + runId + " (each trainer is its own run)");
    }
    return run;
  }

  private synchronized void unbind(TrainerRun run) {
    runs = Arrays.stream(runs).filter(r -> r != run).toArray(TrainerRun[]::new);
  }

  private TrainerRun runOf(Trainer t) {
    for (TrainerRun r : runs) {
      if (r.trainer == t) {
        return r;
      }
    }
    return null;
  }

  public void onFitEnter(Trainer t) {
    TrainerRun r = runOf(t);
    if (r != null) {
      r.fitEntered();
    }
  }

  public void onFitExit(Trainer t, Throwable thrown) {
    TrainerRun r = runOf(t);
    if (r != null) {
      r.fitExited(thrown);
    }
  }

  /** A hooked training call threw; without a trainer (backward) the run capturing or last training on this thread is meant. */
  public void onTrainingCallFailed(Trainer t, Throwable thrown) {
    TrainerRun r = t != null ? runOf(t) : onlyRun();
    if (r != null) {
      r.trainingCallFailed(thrown);
    }
  }

  /** The one open run, or null when there are none or several (then backward's failure is left to the other signals). */
  private TrainerRun onlyRun() {
    TrainerRun[] open = runs;
    return open.length == 1 ? open[0] : null;
  }

  /** Start of {@code Trainer.forward}: an unknown trainer (the agent attached late) is bound now, without PowerGrad. */
  public void onForwardEnter(Trainer t, NDList data, NDList labels) {
    if (t == null) {
      return;
    }
    TrainerRun r = runOf(t);
    if (r == null) {
      r = bind(t, LearningRate.UNKNOWN, false);
      if (config.powergradAlpha().isPresent()) {
        Log.info("PowerGrad not applied to run " + r.runId() + ": the agent arrived after its Trainer was built");
      }
    }
    r.forwardEntered(data, labels);
  }

  /** End of any block's forward: handed to the run capturing on this thread, if any. */
  public void onBlockExit(Block block, NDList output) {
    if (output == null || output.isEmpty()) {
      return;
    }
    for (TrainerRun r : runs) {
      TrainerRun.Capture c = r.capture;
      if (c != null && c.thread == Thread.currentThread()) {
        r.blockExited(c, block, output);
        return;
      }
    }
  }

  public void onForwardExit(Trainer t, NDList output) {
    TrainerRun r = runOf(t);
    if (r != null) {
      r.forwardExited(output);
    }
  }

  /** End of a loss evaluation: counts for the run whose trainer owns this loss. */
  public void onLossEvaluated(Loss loss, NDList labels, NDList predictions, NDArray value) {
    for (TrainerRun r : runs) {
      if (loss == r.trainer.getLoss()) {
        r.lossEvaluated(labels, predictions, value);
        return;
      }
    }
  }

  public void onStep(Trainer t) {
    TrainerRun r = runOf(t);
    if (r != null) {
      r.stepped();
    }
  }

  public void onEpochEnd(Trainer t) {
    TrainerRun r = runOf(t);
    if (r != null) {
      r.epochEnded();
    }
  }

  /** {@code Trainer.close}: the run ends; it leaves the routing table (its ending is decided apart). */
  public void onTrainerClose(Trainer t) {
    TrainerRun r = runOf(t);
    if (r != null) {
      unbind(r);
      r.closed();
    }
  }

  /** JVM shutdown: every run not yet decided ends now. */
  public void onShutdown() {
    List<TrainerRun> snapshot;
    synchronized (this) {
      snapshot = List.copyOf(all);
    }
    snapshot.forEach(TrainerRun::shutdown);
  }
}
