package dev.topowatch.agent.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.evaluator.AbstractAccuracy;
import ai.djl.training.evaluator.Evaluator;
import dev.topowatch.agent.AgentConfig;
import dev.topowatch.agent.Log;
import dev.topowatch.agent.publish.AgentCounters;
import dev.topowatch.agent.publish.KafkaSender;
import dev.topowatch.agent.publish.Outbound;
import dev.topowatch.agent.sampling.HostCopy;
import dev.topowatch.agent.sampling.Layer;
import dev.topowatch.agent.sampling.LayerNaming;
import dev.topowatch.agent.sampling.SamplingPlan;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.TrainingEvent;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run: one {@link Trainer} followed from its construction to its end. Counts steps,
 * copies layer outputs on sampled steps, publishes the run's events under its own run id, and lets
 * {@link RunEnding} decide how it ended. Steps that are neither sampled nor metered cost one field
 * read per hook.
 */
final class TrainerRun {
  final Trainer trainer;
  private final String runId;
  private final AgentConfig config;
  private final KafkaSender sender;
  private final AgentCounters counters;
  private final SamplingPlan plan;
  private final Messages messages;
  private final RunEnding ending;
  private final Map<Block, Layer> layerOf;
  private final List<Layer> layers;
  private final Map<Layer, Boolean> sampledLayer;
  private final AbstractAccuracy accuracy;
  private final LearningRate learningRate;
  private final boolean powergrad;
  private final long samplesSentBefore;
  private final long samplesDroppedBefore;

  private volatile boolean easyTrain;
  private boolean started;
  private boolean finished;
  private long step;
  private int epoch;
  private long lastEpochEndStep = -1;

  /** Non-null only during a training forward that discovers shapes or samples; read by every block. */
  volatile Capture capture;

  private StepState current = new StepState();

  TrainerRun(Trainer trainer, String runId, AgentConfig config, KafkaSender sender, AgentCounters counters,
      LearningRate learningRate, boolean powergrad) {
    this.trainer = trainer;
    this.runId = runId;
    this.config = config;
    this.sender = sender;
    this.counters = counters;
    this.plan = new SamplingPlan(config.sampleEvery(), config.sampleSize(), config.metricsEvery());
    this.messages = new Messages(config, runId);
    this.ending = new RunEnding(this::finish);
    this.learningRate = learningRate;
    this.powergrad = powergrad;
    this.layers = LayerNaming.layers(trainer.getModel().getBlock());
    Map<Layer, Boolean> selected = new IdentityHashMap<>();
    LayerNaming.select(layers, config.layers()).forEach(l -> selected.put(l, Boolean.TRUE));
    this.sampledLayer = selected;
    Map<Block, Layer> byBlock = new IdentityHashMap<>();
    layers.forEach(l -> byBlock.put(l.block(), l));
    this.layerOf = byBlock;
    AbstractAccuracy found = null;
    for (Evaluator e : trainer.getEvaluators()) {
      if (e instanceof AbstractAccuracy a && found == null) {
        found = a;
      }
    }
    this.accuracy = found;
    this.samplesSentBefore = counters.samplesSent();
    this.samplesDroppedBefore = counters.samplesDropped();
    UncaughtFailures.watch(Thread.currentThread(), ending);
  }

  String runId() {
    return runId;
  }

  boolean ended() {
    return ending.decided();
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
  static final class Capture {
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

  void fitEntered() {
    easyTrain = true;
  }

  void fitExited(Throwable thrown) {
    if (thrown != null) {
      ending.trainingCallFailed(thrown);
    }
  }

  void trainingCallFailed(Throwable thrown) {
    ending.trainingCallFailed(thrown);
  }

  /** Start of {@code Trainer.forward}: decides whether this forward is captured. */
  void forwardEntered(NDList data, NDList labels) {
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

  /** End of a block's forward during this run's capture: copies the output if the block is a captured layer. */
  void blockExited(Capture c, Block block, NDList output) {
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
  void forwardExited(NDList output) {
    if (current.thread != Thread.currentThread()) {
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
    Log.info("run " + runId + " started: " + layers.size() + " layers, "
        + (powergrad ? "PowerGrad alpha=" + alpha : "PowerGrad off") + ", sampling "
        + (config.sampleEvery() > 0 ? "every " + config.sampleEvery() + " steps" : "off"));
  }

  /** End of the trainer's loss evaluation: the first one in a step is the step's. */
  void lossEvaluated(NDList labels, NDList predictions, NDArray value) {
    if (!current.forwardSeen || current.lossSeen || current.thread != Thread.currentThread()) {
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
  void stepped() {
    ending.stepSucceeded();
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

  /**
   * One record per layer (an {@code ActivationBatch} of the step's samples), split into as few records
   * as keep each under the record limit; a single sample over it is still dropped as too large.
   */
  private void publishSamples(Capture c) {
    for (Map.Entry<Layer, HostCopy.Rows> e : c.outputs.entrySet()) {
      Layer layer = e.getKey();
      HostCopy.Rows rows = e.getValue();
      String key = runId + "/" + layer.index();
      int perRecord = DeferredBatch.samplesWithin(
          rows.perRow(), config.sampleDType(), runId.length() + layer.name().length(), KafkaSender.MAX_RECORD_BYTES);
      for (int from = 0; from < rows.rows(); from += perRecord) {
        int to = Math.min(rows.rows(), from + perRecord);
        DeferredBatch value = new DeferredBatch(
            runId, c.step, epoch, layer, rows, c.labels, from, to, config.sampleDType(), c.timeMs);
        sender.submit(new Outbound(config.activationsTopic(), key, runId, value, value.samples()));
      }
    }
  }

  /** End of an epoch (DJL's evaluator listener has just computed the epoch's results). */
  void epochEnded() {
    if (!started || lastEpochEndStep == step) {
      return;
    }
    lastEpochEndStep = step;
    TrainingResult r = trainer.getTrainingResult();
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

  /** {@code Trainer.close}: the run is over; {@link RunEnding} decides whether it completed or failed. */
  void closed() {
    ending.closed(Thread.currentThread());
  }

  /** The JVM is shutting down: the run ends now, one way or another. */
  void shutdown() {
    ending.shutdown();
  }

  /**
   * Publishes {@code RunFinished} once. Its sample counts are the agent's counters since this run
   * began (exact for one trainer at a time; trainers that overlap share them).
   */
  private synchronized void finish(RunStatus status, String why) {
    if (!started || finished) {
      return;
    }
    finished = true;
    publish(messages.runFinished(step, status, counters.samplesSent() - samplesSentBefore,
        counters.samplesDropped() - samplesDroppedBefore));
    Log.info("run " + runId + " " + status.name().toLowerCase(Locale.ROOT) + " after " + step + " steps"
        + (why == null ? "" : " (" + why + ")"));
  }

  private void publish(TrainingEvent event) {
    sender.submit(new Outbound(config.eventsTopic(), runId, runId, event.toByteArray(), 0));
  }
}
