package dev.topowatch.experiment.warning;

import dev.topowatch.experiment.data.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One recorded run of the early-warning set, read from its folder ({@code run.csv}, the trainer's
 * {@code steps.csv} and {@code epochs.csv}, the analyzer's {@code betti.csv}, {@code topology.csv} and
 * the agent's step metrics {@code metrics.csv}): its outcome and, per sampled step, what each detector
 * reads.
 */
public record WarningRun(String id, String kind, double learningRate, int seed, double trainSeconds, String loadBefore,
    String loadAfter, Outcome outcome, double finalValidationAccuracy, long lastStep, List<Point> points) {

  /**
   * What a live analyzer had at one sampled step: b0, b1, b2 at η = 0 of the last conv layer, the
   * dead fraction of the ReLU after it and the largest over the ReLU layers, the late-layer complexity's
   * maximum over thresholds, and the agent's loss and accuracy averaged over the last 50 steps.
   */
  public record Point(long step, long timeMs, double lastConvB0, double lastConvB1, double lastConvB2, double lastReluDead,
      double maxReluDead, double lateMax, double loss50, double accuracy50) {}

  /** The pre-registered peaks reach 2e-2; higher ones, and the runs without warm-up, are the amendments'. */
  public boolean exploratory() {
    return learningRate > 2.5e-2;
  }

  /** Amendment 2's runs: the first grid's diverging recipe, Adam at 5e-2 without warm-up. */
  public boolean withoutWarmup() {
    return id.startsWith("nowarmup-");
  }

  public static boolean isRun(Path dir) {
    return Files.isRegularFile(dir.resolve("run.csv")) && Files.isRegularFile(dir.resolve("betti.csv"));
  }

  public static WarningRun read(Path dir) {
    Csv run = Csv.read(dir.resolve("run.csv"));
    Csv steps = Csv.read(dir.resolve("steps.csv"));
    double[] loss = new double[steps.size()];
    for (int i = 0; i < loss.length; i++) {
      loss[steps.integer(i, "step")] = steps.num(i, "loss");
    }
    Csv epochs = Csv.read(dir.resolve("epochs.csv"));
    double validation = epochs.size() == 0 ? Double.NaN : epochs.num(epochs.size() - 1, "validation_accuracy");
    return new WarningRun(run.text(0, "run_id"), run.text(0, "kind"), run.num(0, "learning_rate"), run.integer(0, "seed"),
        run.num(0, "train_seconds"), run.text(0, "load_before"), run.text(0, "load_after"), Outcome.of(loss), validation,
        loss.length - 1, points(dir));
  }

  private static List<Point> points(Path dir) {
    Csv betti = Csv.read(dir.resolve("betti.csv"));
    // The last conv layer and the ReLU right after it, by index.
    int lastConv = -1;
    for (int i = 0; i < betti.size(); i++) {
      if (betti.text(i, "name").endsWith("conv2d")) {
        lastConv = Math.max(lastConv, betti.integer(i, "layer"));
      }
    }
    TreeMap<Long, double[]> byStep = new TreeMap<>(); // b0, b1, b2, lastReluDead, maxReluDead, time
    for (int i = 0; i < betti.size(); i++) {
      long step = Long.parseLong(betti.text(i, "step"));
      double[] v = byStep.computeIfAbsent(step, s -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0});
      v[5] = betti.num(i, "time_ms");
      int layer = betti.integer(i, "layer");
      String name = betti.text(i, "name");
      if (layer == lastConv && betti.text(i, "threshold").equals("0")) {
        v[0] = betti.num(i, "b0");
        v[1] = betti.num(i, "b1");
        v[2] = betti.num(i, "b2");
      }
      if (name.endsWith("relu")) {
        double dead = betti.num(i, "dead_fraction");
        if (layer == lastConv + 1) {
          v[3] = dead;
        }
        v[4] = Double.isNaN(v[4]) ? dead : Math.max(v[4], dead);
      }
    }
    Map<Long, Double> lateMax = new TreeMap<>();
    Csv topology = Csv.read(dir.resolve("topology.csv"));
    for (int i = 0; i < topology.size(); i++) {
      double late = topology.num(i, "late_layer_complexity");
      lateMax.merge(Long.parseLong(topology.text(i, "step")), Double.isNaN(late) ? Double.NEGATIVE_INFINITY : late, Math::max);
    }
    Csv metrics = Csv.read(dir.resolve("metrics.csv"));
    List<Point> points = new ArrayList<>();
    for (Map.Entry<Long, double[]> e : byStep.entrySet()) {
      long s = e.getKey();
      double[] v = e.getValue();
      double lossSum = 0;
      double accSum = 0;
      int n = 0;
      for (int i = 0; i < metrics.size(); i++) {
        long m = Long.parseLong(metrics.text(i, "step"));
        if (m <= s && m > s - Outcome.WINDOW && !Double.isNaN(metrics.num(i, "loss"))) {
          lossSum += metrics.num(i, "loss");
          accSum += metrics.num(i, "accuracy");
          n++;
        }
      }
      points.add(new Point(s, (long) v[5], v[0], v[1], v[2], v[3], v[4], lateMax.getOrDefault(s, Double.NaN),
          n == 0 ? Double.NaN : lossSum / n, n == 0 ? Double.NaN : accSum / n));
    }
    return points;
  }
}
