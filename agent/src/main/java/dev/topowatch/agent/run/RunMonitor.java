package dev.topowatch.agent.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.TrainingResult;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.training.evaluator.Evaluator;
import ai.djl.training.loss.Loss;
import dev.topowatch.agent.AgentConfig;
import dev.topowatch.agent.Log;
import dev.topowatch.agent.powergrad.LossSwap;
import dev.topowatch.agent.powergrad.PowerGradTrainingConfig;
import dev.topowatch.agent.publish.AgentCounters;
import dev.topowatch.agent.publish.KafkaSender;
import dev.topowatch.agent.publish.Outbound;
import dev.topowatch.agent.sampling.HostCopy;
import dev.topowatch.agent.sampling.Layer;
import dev.topowatch.agent.sampling.LayerNaming;
import dev.topowatch.agent.sampling.SamplingPlan;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.TrainingEvent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows one training run (the first {@link Trainer} the JVM builds) through the hooks that
 * {@link dev.topowatch.agent.Dispatcher} forwards: it swaps the loss for PowerGrad, counts steps,
 * copies layer outputs on sampled steps, and publishes the run's events. Steps that are neither
 * sampled nor metered cost one field read per hook.
 */
public final class RunMonitor {
  private final AgentConfig config;
  private final KafkaSender sender;
  private final AgentCounters counters;
  private final SamplingPlan plan;
  private final Messages messages;

  private volatile Trainer trainer;
  private volatile Map<Block, Layer> layerOf = Map.of();
  private List<Layer> layers = List.of();
  private Map<Layer, Boolean> sampledLayer = Map.of();
  private AbstractAccuracy accuracy;
  private LearningRate learningRate = LearningRate.UNKNOWN;
  private TrainingConfig boundConfig;
  private boolean powergrad;
  private volatile boolean easyTrain;
  private boolean failed;
  private boolean started;
  private boolean finished;
  private long step;
  private int epoch;
  private long lastEpochEndStep = -1;

  /** Non-null only during a training forward that discovers shapes or samples; read by every block. */
  private volatile Capture capture;

  private StepState current = new StepState();

  public RunMonitor(AgentConfig config, KafkaSender sender, AgentCounters counters) {
    this.config = config;
    this.sender = sender;
    this.counters = counters;
    this.plan = new SamplingPlan(config.sampleEvery(), config.sampleSize(), config.metricsEvery());
    this.messages = new Messages(config);
  }

  /** What one step has seen so far (training thread only). */
  private static final class StepState {
    Thread thread;
    boolean forwardSeen;
    boolean lossSeen;
    double loss = Double.NaN;
    double accuracy = Double.NaN;
    double logitNorm = Double.NaN;
    Capture sampled;
  }

  /** Layer outputs copied during one forward call. */
  private static final class Capture {
    final Thread thread = Thread.currentThread();
    final long step;
    final boolean discover;
    final boolean sample;
    final int rows;
    final Map<Layer, long[]> shapes = new IdentityHashMap<>();
    final Map<Layer, HostCopy.Rows> outputs = new IdentityHashMap<>();
    long[] labels;
    final long timeMs = System.currentTimeMillis();

    Capture(long step, boolean discover, boolean sample, int rows) {
      this.step = step;
      this.discover = discover;
      this.sample = sample;
      this.rows = rows;
    }
  }

  /** Trainer construction: returns the configuration to use (PowerGrad swapped in when asked). */
  public synchronized TrainingConfig onTrainerConfig(TrainingConfig trainingConfig) {
    if (trainer != null || trainingConfig == null) {
      return trainingConfig;
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
    boundConfig = result;
    learningRate = LearningRate.of(trainingConfig.getOptimizer());
    return result;
  }

  /** Trainer construction finished: the first trainer becomes the monitored run. */
  public synchronized void onTrainerCreated(Trainer t) {
    if (trainer != null) {
      Log.once("second-trainer", "a second Trainer was built; only the first one is monitored");
      return;
    }
    powergrad = boundConfig instanceof PowerGradTrainingConfig;
    layers = LayerNaming.layers(t.getModel().getBlock());
    Map<Layer, Boolean> selected = new IdentityHashMap<>();
    LayerNaming.select(layers, config.layers()).forEach(l -> selected.put(l, Boolean.TRUE));
    sampledLayer = selected;
    Map<Block, Layer> byBlock = new IdentityHashMap<>();
    layers.forEach(l -> byBlock.put(l.block(), l));
    for (Evaluator e : t.getEvaluators()) {
      if (e instanceof AbstractAccuracy a && accuracy == null) {
        accuracy = a;
      }
    }
    layerOf = byBlock;
    trainer = t;
  }

  /** Attached (agentmain) after the trainer was built: follow it from now on, without PowerGrad. */
  private void bindLate(Trainer t) {
    onTrainerCreated(t);
    if (config.powergradAlpha().isPresent()) {
      Log.info("PowerGrad not applied: the agent arrived after the Trainer was built");
    }
  }

  public void onFitEnter(Trainer t) {
    if (t == trainer) {
      easyTrain = true;
    }
  }

  public void onFitExit(Trainer t, Throwable thrown) {
    if (t == trainer && thrown != null) {
      failed = true;
    }
  }

  /** Start of {@code Trainer.forward}: decides whether this forward is captured. */
  public void onForwardEnter(Trainer t, NDList data, NDList labels) {
    if (trainer == null && t != null) {
      bindLate(t);
    }
    if (t != trainer) {
      return;
    }
    if (current.forwardSeen && current.thread != Thread.currentThread()) {
      return; // another thread of the same step (multi-device split): the first thread is followed
    }
    current.thread = Thread.currentThread();
    current.forwardSeen = true;
    boolean discover = !started;
    boolean sample = plan.isSampledStep(step) && !sampledLayer.isEmpty();
    if (!discover && !sample) {
      return;
    }
    int rows = plan.samplesFrom(data.head().getShape().get(0));
    Capture c = new Capture(step, discover, sample, rows);
    if (sample && labels != null && !labels.isEmpty()) {
      c.labels = HostCopy.labels(labels.head(), rows);
    }
    capture = c;
  }

  /** End of any block's forward: copies the output if the block is a captured layer. */
  public void onBlockExit(Block block, NDList output) {
    Capture c = capture;
    if (c == null || c.thread != Thread.currentThread() || output == null || output.isEmpty()) {
      return;
    }
    Layer layer = layerOf.get(block);
    if (layer == null || c.shapes.containsKey(layer)) {
      return;
    }
    NDArray out = output.head();
    c.shapes.put(layer, HostCopy.sampleShape(out));
    if (c.sample && sampledLayer.containsKey(layer)) {
      c.outputs.put(layer, HostCopy.firstRows(out, c.rows));
    }
  }

  /** End of {@code Trainer.forward}: ends the capture; announces the run after its first forward. */
  public void onForwardExit(Trainer t, NDList output) {
    if (t != trainer || current.thread != Thread.currentThread()) {
      return;
    }
    Capture c = capture;
    capture = null;
    if (plan.isMetricsStep(step) && output != null && !output.isEmpty()) {
      current.logitNorm = Scalars.meanRowNorm(output.head());
    }
    if (c == null) {
      return;
    }
    if (c.discover) {
      announce(c.shapes);
    }
    if (c.sample) {
      current.sampled = c;
    }
  }

  private synchronized void announce(Map<Layer, long[]> shapes) {
    if (started) {
      return;
    }
    started = true;
    double alpha = config.powergradAlpha().orElse(1.0);
    publish(messages.runStarted(layers, shapes, powergrad, alpha, easyTrain ? "EasyTrain.fit" : "manual"));
    Log.info("run " + config.runId() + " started: " + layers.size() + " layers, "
        + (powergrad ? "PowerGrad alpha=" + alpha : "PowerGrad off") + ", sampling "
        + (config.sampleEvery() > 0 ? "every " + config.sampleEvery() + " steps" : "off"));
  }

  /** End of any loss evaluation: the first evaluation of the trainer's loss in a step is the step's. */
  public void onLossEvaluated(Loss loss, NDList labels, NDList predictions, NDArray value) {
    Trainer t = trainer;
    if (t == null || loss != t.getLoss() || !current.forwardSeen || current.lossSeen
        || current.thread != Thread.currentThread()) {
      return;
    }
    current.lossSeen = true;
    Capture c = current.sampled;
    if (c != null && c.labels == null && labels != null && !labels.isEmpty()) {
      c.labels = HostCopy.labels(labels.head(), c.rows);
    }
    if (plan.isMetricsStep(step) && value != null) {
      current.loss = value.getFloat();
      if (accuracy != null && labels != null && predictions != null) {
        current.accuracy = Scalars.accuracy(labels.head(), predictions.head());
      }
    }
  }

  /** End of {@code Trainer.step}: publishes the step's metrics and samples, then counts it. */
  public void onStep(Trainer t) {
    if (t != trainer) {
      return;
    }
    StepState s = current;
    current = new StepState();
    if (started && plan.isMetricsStep(step)) {
      publish(messages.stepMetrics(step, epoch, s.loss, s.accuracy, learningRate.at(step), s.logitNorm));
    }
    if (s.sampled != null) {
      publishSamples(s.sampled);
    }
    step++;
  }

  private void publishSamples(Capture c) {
    for (Map.Entry<Layer, HostCopy.Rows> e : c.outputs.entrySet()) {
      Layer layer = e.getKey();
      HostCopy.Rows rows = e.getValue();
      String key = config.runId() + "/" + layer.index();
      for (int i = 0; i < rows.rows(); i++) {
        long label = c.labels == null ? -1 : c.labels[i];
        DeferredSample value =
            new DeferredSample(messages, c.step, epoch, layer, i, label, rows, config.sampleDType(), c.timeMs);
        sender.submit(new Outbound(config.activationsTopic(), key, config.runId(), value, true));
      }
    }
  }

  /** End of an epoch (DJL's evaluator listener has just computed the epoch's results). */
  public void onEpochEnd(Trainer t) {
    if (t != trainer || !started || lastEpochEndStep == step) {
      return;
    }
    lastEpochEndStep = step;
    TrainingResult r = t.getTrainingResult();
    String accName = accuracy == null ? null : accuracy.getName();
    Double valLoss = finite(r.getValidateLoss());
    publish(
        messages.epochMetrics(
            epoch,
            step,
            orNaN(r.getTrainLoss()),
            accName == null ? Double.NaN : orNaN(r.getTrainEvaluation(accName)),
            valLoss,
            valLoss == null || accName == null ? null : finite(r.getValidateEvaluation(accName))));
    epoch++;
  }

  private static Double finite(Float f) {
    return f == null || !Float.isFinite(f) ? null : f.doubleValue();
  }

  private static double orNaN(Float f) {
    return f == null ? Double.NaN : f;
  }

  /** {@code Trainer.close}: the run completed (or failed, when EasyTrain.fit threw). */
  public void onTrainerClose(Trainer t) {
    if (t == trainer) {
      finish(failed ? RunStatus.FAILED : RunStatus.COMPLETED);
    }
  }

  /** JVM shutdown: a run still going was interrupted. */
  public void onShutdown() {
    finish(RunStatus.INTERRUPTED);
  }

  private synchronized void finish(RunStatus status) {
    if (!started || finished) {
      return;
    }
    finished = true;
    publish(messages.runFinished(step, status, counters.samplesSent(), counters.samplesDropped()));
    Log.info("run " + config.runId() + " " + status.name().toLowerCase() + " after " + step + " steps");
  }

  private void publish(TrainingEvent event) {
    sender.submit(new Outbound(config.eventsTopic(), config.runId(), config.runId(), event.toByteArray(), false));
  }
}
