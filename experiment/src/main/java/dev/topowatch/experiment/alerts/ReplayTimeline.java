package dev.topowatch.experiment.alerts;

import dev.topowatch.experiment.data.Csv;
import dev.topowatch.experiment.data.RunData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A recorded run as the Prometheus series the analyzer would have exported, one point per sampled
 * step, on one clock for every run: {@link #STEPS_PER_MINUTE} training steps per minute (a job at a
 * little under one step per second, a common pace for real training jobs), so a run sampled every 25
 * steps has a point every 30 s and one sampled every 50 a point a minute. The grid's own jobs ran
 * faster than that (a few seconds per sampled step): on their real clock every run is over before
 * any rule's {@code for} or window has elapsed, so no windowed rule could fire at all. Each gauge holds what the
 * analyzer shows at that step: θ and the late-layer complexity of the step (θ keeps its last finite
 * value, as the gauge does); the training loss of the latest StepMetrics (every 10 steps); the
 * validation loss and generalisation gap of the latest finished epoch (absent before the first).
 */
public final class ReplayTimeline {

  private final RunData run;
  private final List<Long> steps = new ArrayList<>();

  public ReplayTimeline(RunData run) {
    this.run = run;
    String first = run.topologyThresholds().get(0);
    for (int row : run.topologyRows(first)) {
      steps.add((long) run.topology().num(row, "step"));
    }
  }

  /** Training steps per minute of the replay clock. */
  public static final int STEPS_PER_MINUTE = 50;

  /** Length of the timeline in whole minutes of the replay clock (at least one). */
  public int minutes() {
    return Math.max(1, (int) ((long) steps.size() * intervalSeconds() / 60));
  }

  /** Seconds between two sampled steps on the replay clock. */
  public int intervalSeconds() {
    return Math.max(1, (int) Math.round(run.sampleEvery() * 60.0 / STEPS_PER_MINUTE));
  }

  /** The series in promtool's {@code input_series} form: series selector → space-separated values ({@code _} = no sample). */
  public Map<String, String> series() {
    Map<String, String> out = new LinkedHashMap<>();
    String id = run.id();
    for (String threshold : run.topologyThresholds()) {
      String labels = "{run_id=\"" + id + "\",threshold=\"" + threshold + "\"}";
      out.put("topowatch_topological_decay_rate" + labels, values(gauge(run.topology(threshold, "theta").y(), true)));
      out.put("topowatch_late_layer_complexity" + labels, values(gauge(run.topology(threshold, "late_layer_complexity").y(), true)));
    }
    String labels = "{run_id=\"" + id + "\"}";
    double[] loss = new double[steps.size()];
    double[] step = new double[steps.size()];
    double[] gap = new double[steps.size()];
    double[] valLoss = new double[steps.size()];
    double[] active = new double[steps.size()];
    for (int i = 0; i < steps.size(); i++) {
      long s = steps.get(i);
      loss[i] = lossAt(s / 10 * 10);
      step[i] = s;
      int epoch = lastEpochEndingBy(s);
      gap[i] = epoch < 0 ? Double.NaN : run.epochs().num(epoch, "train_accuracy") - run.epochs().num(epoch, "validation_accuracy");
      valLoss[i] = epoch < 0 ? Double.NaN : run.epochs().num(epoch, "validation_loss");
      active[i] = 1;
    }
    out.put("topowatch_train_loss" + labels, values(loss));
    out.put("topowatch_train_step" + labels, values(step));
    out.put("topowatch_validation_loss" + labels, values(valLoss));
    out.put("topowatch_generalization_gap" + labels, values(gap));
    out.put("topowatch_run_active" + labels, values(active));
    return out;
  }

  private double lossAt(long step) {
    Csv steps = run.steps();
    for (int r = 0; r < steps.size(); r++) {
      if (steps.num(r, "step") == step) {
        return steps.num(r, "loss");
      }
    }
    return Double.NaN;
  }

  private int lastEpochEndingBy(long step) {
    int found = -1;
    for (int r = 0; r < run.epochs().size(); r++) {
      if (run.epochs().num(r, "step") <= step) {
        found = r;
      }
    }
    return found;
  }

  /** A gauge keeps its last finite value (θ undefined at a step leaves the gauge unchanged). */
  private static double[] gauge(double[] y, boolean holdLast) {
    double[] out = y.clone();
    for (int i = 1; i < out.length; i++) {
      if (holdLast && !Double.isFinite(out[i])) {
        out[i] = out[i - 1];
      }
    }
    return out;
  }

  private static String values(double[] y) {
    StringBuilder s = new StringBuilder();
    for (double v : y) {
      if (!s.isEmpty()) {
        s.append(' ');
      }
      s.append(Double.isNaN(v) ? "_" : Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : String.format(Locale.ROOT, "%.6g", v));
    }
    return s.toString();
  }
}
