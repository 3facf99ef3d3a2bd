package dev.topowatch.analyzer.stream;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The aggregates of one run: a deterministic state machine over {@link RunEvent}s, thread-safe through
 * its monitor, whose whole state can be saved and restored ({@link #checkpoint()}, {@link #restore}).
 *
 * <p>Streaming semantics (topology spec §5): samples accumulate per (step, layer); a step <em>closes</em>
 * when every layer announced by RunStarted has {@code sampling.size} samples (complete), or when its
 * layer wait ran out ({@link RunEvent.StepClosed}, complete = false). A run keeps its last {@code
 * retainedSteps} steps, open or closed, in compact form (Betti sums and the sample indices seen); an
 * older step is closed if still open and forgotten. Closing publishes each layer's mean Betti numbers
 * and Ω, and θ over the layers present in {@code layer_index} order; θ needs at least two layers and
 * is NaN (JSON null, gauge unchanged) with fewer. A sample arriving for a closed step still counts and
 * republishes that step. A sample key already seen changes nothing; a sample of a forgotten step is
 * stale: it cannot be applied and is counted apart ({@code topowatch_samples_stale_total}).
 */
public final class RunState {

  /** What applying a sample did. */
  public enum Status { APPLIED, DUPLICATE, STALE }

  /**
   * Result of an apply: status, the creation times of samples whose metrics were just published,
   * and the steps it published (for the run history).
   */
  public record Applied(Status status, List<Long> publishedSampleTimes, List<StepPublished> publishedSteps) {
    static final Applied DUPLICATE = new Applied(Status.DUPLICATE, List.of());
    static final Applied STALE = new Applied(Status.STALE, List.of());

    Applied(Status status, List<Long> publishedSampleTimes) {
      this(status, publishedSampleTimes, List.of());
    }
  }

  /** One published step: its θ point and every layer analysed in it, with this step's values. */
  public record StepPublished(RunSnapshot.ThetaPoint theta, List<RunSnapshot.LayerView> layers) {}

  private final String runId;
  private final List<String> thresholds;
  private final int thetaHistory;
  private final int retainedSteps;
  private final ThetaLayers thetaLayers;

  private String jobName = "";
  private boolean powergradEnabled;
  private double powergradAlpha = 1.0;
  private boolean active = true;
  private String status = "RUNNING";
  private int expectedLayers;
  private int expectedSamples;
  private final Map<Integer, RunEvent.LayerMeta> announced = new TreeMap<>();
  private long samplesProcessed;
  private long samplesRejected;
  private long latestStep = -1;
  private int latestEpoch = -1;
  private RunEvent.StepMetrics stepMetrics;
  private RunEvent.EpochMetrics epochMetrics;
  private final TreeMap<Long, StepAccumulator> steps = new TreeMap<>();
  private long lowWatermark = Long.MIN_VALUE;
  private final TreeMap<Integer, RunSnapshot.LayerView> published = new TreeMap<>();
  private final TreeMap<Long, RunSnapshot.ThetaPoint> history = new TreeMap<>();
  /** Steps published by the apply in progress (handed out with its {@link Applied}). */
  private final List<StepPublished> justPublished = new ArrayList<>();
  private volatile long lastActivityMs;
  /** No longer the registry's state of this run (removed, replaced or released): takes no more events. */
  private boolean retired;

  public RunState(String runId, List<String> thresholds, int thetaHistory, int retainedSteps, long nowMs) {
    this(runId, thresholds, thetaHistory, retainedSteps, ThetaLayers.ALL, nowMs);
  }

  /** @param thetaLayers which layers enter θ and the late-layer complexity (Ω is published for all) */
  public RunState(String runId, List<String> thresholds, int thetaHistory, int retainedSteps, ThetaLayers thetaLayers,
      long nowMs) {
    this.runId = runId;
    this.thresholds = List.copyOf(thresholds);
    this.thetaHistory = thetaHistory;
    this.retainedSteps = retainedSteps;
    this.thetaLayers = thetaLayers;
    this.lastActivityMs = nowMs;
  }

  /** The rule choosing the layers that enter θ. */
  public ThetaLayers thetaLayers() {
    return thetaLayers;
  }

  public String runId() {
    return runId;
  }

  public List<String> thresholds() {
    return thresholds;
  }

  public long lastActivityMs() {
    return lastActivityMs;
  }

  /** Marks this state as out of the registry; an event that reaches it afterwards goes to the run's next state. */
  synchronized void retire() {
    retired = true;
  }

  synchronized boolean retired() {
    return retired;
  }

  /** True when the sample key was already applied or rejected. */
  public synchronized boolean alreadySeen(SampleKey key) {
    StepAccumulator acc = steps.get(key.step());
    return acc != null && acc.contains(key);
  }

  /**
   * True when a sample of layer {@code layerIndex} may be applied without the run exceeding {@code
   * maxLayers} distinct layers: the layer is already known (announced, published or in a retained
   * step), or fewer than {@code maxLayers} are.
   */
  public synchronized boolean admitsLayer(int layerIndex, int maxLayers) {
    if (announced.containsKey(layerIndex) || published.containsKey(layerIndex)) {
      return true;
    }
    Set<Integer> known = new HashSet<>(announced.keySet());
    known.addAll(published.keySet());
    for (StepAccumulator acc : steps.values()) {
      if (acc.layerIndices().contains(layerIndex)) {
        return true;
      }
      known.addAll(acc.layerIndices());
    }
    return known.size() < maxLayers;
  }

  /** True when the step is older than the retained window: its samples can no longer be applied. */
  public synchronized boolean stale(long step) {
    return step < lowWatermark;
  }

  /** Applies one event; {@code nowMs} is wall-clock time (opens layer-wait timers, marks records as activity). */
  public synchronized Applied apply(RunEvent event, long nowMs) {
    justPublished.clear();
    Applied applied = applyEvent(event, nowMs);
    return justPublished.isEmpty() ? applied
        : new Applied(applied.status(), applied.publishedSampleTimes(), List.copyOf(justPublished));
  }

  private Applied applyEvent(RunEvent event, long nowMs) {
    if (!(event instanceof RunEvent.StepClosed)) {
      lastActivityMs = nowMs; // closing a step by its wait is not activity of the run
    }
    if (event instanceof RunEvent.SampleApplied s) {
      return applySample(s, nowMs);
    }
    if (event instanceof RunEvent.SampleRejected r) {
      return applyReject(r, nowMs);
    }
    if (event instanceof RunEvent.StepClosed c) {
      StepAccumulator acc = steps.get(c.step());
      return acc == null || acc.closed ? Applied.DUPLICATE : new Applied(Status.APPLIED, close(acc, false));
    }
    applyRunEvent(event);
    if (event instanceof RunEvent.Started) {
      // Samples may have arrived before RunStarted: steps they complete close now.
      List<Long> times = new ArrayList<>();
      for (StepAccumulator acc : steps.values()) {
        if (!acc.closed && acc.isComplete(expectedLayers, expectedSamples)) {
          times.addAll(close(acc, true));
        }
      }
      return new Applied(Status.APPLIED, times);
    }
    return new Applied(Status.APPLIED, List.of());
  }

  /** Steps whose layer wait ran out at {@code nowMs}. */
  public synchronized List<Long> dueSteps(long nowMs, long layerWaitMs) {
    List<Long> due = new ArrayList<>();
    for (StepAccumulator acc : steps.values()) {
      if (!acc.closed && acc.openedAtMs + layerWaitMs <= nowMs) {
        due.add(acc.step);
      }
    }
    return due;
  }

  private Applied applySample(RunEvent.SampleApplied s, long nowMs) {
    StepAccumulator acc = open(s.step(), nowMs);
    if (acc == null) {
      return Applied.STALE;
    }
    if (acc.contains(s.key())) {
      return Applied.DUPLICATE;
    }
    acc.add(s);
    samplesProcessed++;
    latestStep = Math.max(latestStep, s.step());
    latestEpoch = Math.max(latestEpoch, s.epoch());
    if (acc.closed) {
      publish(acc);
      return new Applied(Status.APPLIED, List.of(s.timeUnixMs()));
    }
    List<Long> times = acc.isComplete(expectedLayers, expectedSamples) ? close(acc, true) : List.of();
    trimOpenSteps();
    return new Applied(Status.APPLIED, times);
  }

  private Applied applyReject(RunEvent.SampleRejected r, long nowMs) {
    StepAccumulator acc = open(r.step(), nowMs);
    if (acc == null) {
      return Applied.STALE;
    }
    if (acc.contains(r.key())) {
      return Applied.DUPLICATE;
    }
    acc.reject(r);
    samplesRejected++;
    List<Long> times = !acc.closed && acc.isComplete(expectedLayers, expectedSamples) ? close(acc, true) : List.of();
    trimOpenSteps();
    return new Applied(Status.APPLIED, times);
  }

  private StepAccumulator open(long step, long nowMs) {
    if (step < lowWatermark) {
      return null;
    }
    return steps.computeIfAbsent(step, s -> new StepAccumulator(s, nowMs));
  }

  private void trimOpenSteps() {
    while (steps.size() > retainedSteps) {
      StepAccumulator oldest = steps.pollFirstEntry().getValue();
      if (!oldest.closed) {
        close(oldest, false);
      }
      lowWatermark = steps.firstKey();
    }
  }

  private void applyRunEvent(RunEvent event) {
    if (event instanceof RunEvent.Started s) {
      jobName = s.jobName();
      powergradEnabled = s.powergradEnabled();
      powergradAlpha = s.powergradEnabled() ? s.powergradAlpha() : 1.0;
      expectedLayers = s.layers().size();
      expectedSamples = s.samplesPerLayer();
      announced.clear();
      s.layers().forEach(l -> announced.put(l.index(), l));
      active = true;
      status = "RUNNING";
    } else if (event instanceof RunEvent.StepMetrics m) {
      if (stepMetrics == null || m.step() >= stepMetrics.step()) {
        stepMetrics = m;
      }
      latestStep = Math.max(latestStep, m.step());
      latestEpoch = Math.max(latestEpoch, m.epoch());
    } else if (event instanceof RunEvent.EpochMetrics e) {
      if (epochMetrics == null || e.epoch() >= epochMetrics.epoch()) {
        epochMetrics = e;
      }
      latestEpoch = Math.max(latestEpoch, e.epoch());
    } else if (event instanceof RunEvent.Finished f) {
      active = false;
      status = f.status();
    } else {
      throw new IllegalArgumentException("not a run event: " + event);
    }
  }

  private List<Long> close(StepAccumulator acc, boolean complete) {
    acc.closed = true;
    acc.complete = complete;
    publish(acc);
    return acc.takeSampleTimes();
  }

  /** Publishes a closed step: per-layer means and Ω, θ and late-layer complexity. */
  private void publish(StepAccumulator acc) {
    List<StepAccumulator.Layer> layers = acc.analysedLayers();
    if (layers.isEmpty()) {
      return;
    }
    int t = thresholds.size();
    double[][] omegaByLayer = new double[layers.size()][];
    List<RunSnapshot.LayerView> stepLayers = new ArrayList<>(layers.size());
    int[] layerIndex = new int[layers.size()];
    List<Integer> selected = new ArrayList<>();
    for (int i = 0; i < layers.size(); i++) {
      StepAccumulator.Layer l = layers.get(i);
      double[][] mean = StepAccumulator.meanBetti(l, t);
      omegaByLayer[i] = StepAccumulator.omega(mean);
      layerIndex[i] = l.index;
      String name = nameOf(l);
      StepAccumulator.Layer before = i > 0 && layers.get(i - 1).index == l.index - 1 ? layers.get(i - 1) : null;
      boolean in = before != null
          ? thetaLayers.includes(name, l.shape, nameOf(before), before.shape)
          : thetaLayers.includes(name, l.shape, null, null);
      if (in) {
        selected.add(i);
      }
      RunSnapshot.LayerView view = new RunSnapshot.LayerView(l.index, name, l.shape, acc.step, l.analysed, mean, omegaByLayer[i],
          StepAccumulator.meanDeadFraction(l), in);
      stepLayers.add(view);
      RunSnapshot.LayerView current = published.get(l.index);
      if (current == null || current.step() <= acc.step) {
        published.put(l.index, view);
      }
    }
    AcrossDepth depth = AcrossDepth.of(omegaByLayer, selected, t);
    acc.complete = acc.complete || acc.isComplete(expectedLayers, expectedSamples);
    RunSnapshot.ThetaPoint point = new RunSnapshot.ThetaPoint(acc.step, depth.theta(), selected.size(), acc.complete, depth.late(),
        layerIndex, depth.omegaByThreshold(), depth.trend());
    history.put(acc.step, point);
    justPublished.add(new StepPublished(point, stepLayers));
    while (history.size() > thetaHistory) {
      history.pollFirstEntry();
    }
  }

  private String nameOf(StepAccumulator.Layer l) {
    return l.name == null || l.name.isEmpty() ? announcedName(l.index) : l.name;
  }

  private String announcedName(int index) {
    RunEvent.LayerMeta meta = announced.get(index);
    return meta == null ? String.valueOf(index) : meta.name();
  }

  // ---- checkpoints (the run-state changelog) ----

  /** The whole state; {@link #restore} rebuilds this state exactly from it. */
  public synchronized RunCheckpoint checkpoint() {
    return new RunCheckpoint(RunCheckpoint.FORMAT, runId, thresholds, lastActivityMs, jobName, powergradEnabled,
        powergradAlpha, active, status, expectedLayers, expectedSamples, List.copyOf(announced.values()), samplesProcessed,
        samplesRejected, latestStep, latestEpoch, stepMetrics, epochMetrics, lowWatermark,
        steps.values().stream().map(StepAccumulator::checkpoint).toList(), List.copyOf(published.values()),
        List.copyOf(history.values()));
  }

  /**
   * The run a checkpoint describes, with this replica's settings: limits on history and retained
   * steps, and the rule for the layers entering θ (applied from the next published step on).
   */
  public static RunState restore(RunCheckpoint c, int thetaHistory, int retainedSteps, ThetaLayers thetaLayers) {
    RunState r = new RunState(c.runId(), c.thresholds(), thetaHistory, retainedSteps, thetaLayers, c.lastActivityMs());
    synchronized (r) {
      r.jobName = c.jobName();
      r.powergradEnabled = c.powergradEnabled();
      r.powergradAlpha = c.powergradAlpha();
      r.active = c.active();
      r.status = c.status();
      r.expectedLayers = c.expectedLayers();
      r.expectedSamples = c.expectedSamples();
      c.announced().forEach(l -> r.announced.put(l.index(), l));
      r.samplesProcessed = c.samplesProcessed();
      r.samplesRejected = c.samplesRejected();
      r.latestStep = c.latestStep();
      r.latestEpoch = c.latestEpoch();
      r.stepMetrics = c.stepMetrics();
      r.epochMetrics = c.epochMetrics();
      r.lowWatermark = c.lowWatermark();
      c.steps().forEach(s -> r.steps.put(s.step(), StepAccumulator.restore(s)));
      c.published().forEach(v -> r.published.put(v.index(), v));
      c.history().forEach(p -> r.history.put(p.step(), p));
      while (r.history.size() > thetaHistory) {
        r.history.pollFirstEntry();
      }
    }
    return r;
  }

  // ---- reads (gauges and API) ----

  public synchronized long samplesProcessed() {
    return samplesProcessed;
  }

  public synchronized long samplesRejected() {
    return samplesRejected;
  }

  public synchronized boolean active() {
    return active;
  }

  public synchronized double powergradAlpha() {
    return powergradAlpha;
  }

  public synchronized long latestStep() {
    return latestStep;
  }

  public synchronized int latestEpoch() {
    return latestEpoch;
  }

  public synchronized RunEvent.StepMetrics stepMetrics() {
    return stepMetrics;
  }

  public synchronized RunEvent.EpochMetrics epochMetrics() {
    return epochMetrics;
  }

  /** The published view of each layer, by index. */
  public synchronized List<RunSnapshot.LayerView> layers() {
    return List.copyOf(published.values());
  }

  public synchronized RunSnapshot.LayerView layer(int index) {
    return published.get(index);
  }

  /** θ of the latest step that has one at this threshold (NaN if none). */
  public synchronized double latestTheta(int threshold) {
    for (RunSnapshot.ThetaPoint p : history.descendingMap().values()) {
      if (!Double.isNaN(p.theta()[threshold])) {
        return p.theta()[threshold];
      }
    }
    return Double.NaN;
  }

  /** The depth trend (Spearman ρ of Ω over the layers in θ) of the latest step that has one at this threshold (NaN if none). */
  public synchronized double latestDepthTrend(int threshold) {
    for (RunSnapshot.ThetaPoint p : history.descendingMap().values()) {
      if (p.depthTrend() != null && !Double.isNaN(p.depthTrend()[threshold])) {
        return p.depthTrend()[threshold];
      }
    }
    return Double.NaN;
  }

  public synchronized double latestLateLayerComplexity(int threshold) {
    return history.isEmpty() ? Double.NaN : history.lastEntry().getValue().lateLayerComplexity()[threshold];
  }

  public synchronized RunSnapshot snapshot() {
    return new RunSnapshot(
        runId, jobName, powergradEnabled, powergradAlpha, active, status, samplesProcessed, samplesRejected,
        latestStep, latestEpoch, thresholds, List.copyOf(published.values()), new ArrayList<>(history.values()),
        stepMetrics, epochMetrics);
  }
}
