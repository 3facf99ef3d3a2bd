package dev.topowatch.experiment.data;

import dev.topowatch.experiment.grid.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One recorded grid run, read back from its folder: what it was ({@code run.csv}), its learning curves
 * ({@code steps.csv}, {@code epochs.csv}, {@code test.csv}, written by the trainer), what the analyzer
 * published ({@code topology.csv}, {@code layers.csv}) and, for probed runs, the paper-claim
 * measurements ({@code claims.csv}).
 */
public record RunData(
    String id, Kind kind, int seed, Double alpha, int sampleEvery, double seconds, double trainSeconds, String loadBefore,
    String loadAfter, Csv steps, Csv epochs, Csv test, Csv topology, Csv layers, Optional<Csv> claims) {

  /** What a run of the grid records; betti.csv, trend.csv and metrics.csv since issue 17 (older recordings lack them). */
  public static final List<String> FILES = List.of("run.csv", "steps.csv", "epochs.csv", "test.csv", "topology.csv", "layers.csv",
      "betti.csv", "trend.csv", "metrics.csv");

  public static RunData read(Path dir) {
    Csv run = Csv.read(dir.resolve("run.csv"));
    Path claims = dir.resolve("claims.csv");
    return new RunData(run.text(0, "run_id"), Kind.of(run.text(0, "kind")), run.integer(0, "seed"),
        run.text(0, "alpha").isEmpty() ? null : run.num(0, "alpha"), run.integer(0, "sample_every"), run.num(0, "seconds"),
        run.num(0, "train_seconds"), run.text(0, "load_before"), run.text(0, "load_after"),
        Csv.read(dir.resolve("steps.csv")), Csv.read(dir.resolve("epochs.csv")), Csv.read(dir.resolve("test.csv")),
        Csv.read(dir.resolve("topology.csv")), Csv.read(dir.resolve("layers.csv")),
        Files.isRegularFile(claims) ? Optional.of(Csv.read(claims)) : Optional.empty());
  }

  /** A label for the kind and α: healthy, overfitting, diverging, powergrad α=0.5. */
  public String group() {
    return kind == Kind.POWERGRAD ? "powergrad α=" + alphaText() : kind.label();
  }

  public String alphaText() {
    return alpha == null ? "off" : Csv.num(alpha);
  }

  /** The threshold labels of the topology table, in the analyzer's order. */
  public List<String> topologyThresholds() {
    List<String> out = new ArrayList<>();
    for (int r = 0; r < topology.size(); r++) {
      String t = topology.text(r, "threshold");
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The sampled steps with a θ at {@code threshold}, in order. */
  public List<Integer> topologyRows(String threshold) {
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < topology.size(); r++) {
      if (topology.text(r, "threshold").equals(threshold)) {
        rows.add(r);
      }
    }
    rows.sort((a, b) -> Double.compare(topology.num(a, "step"), topology.num(b, "step")));
    return rows;
  }

  /** A topology column at {@code threshold} over the sampled steps. */
  public Series topology(String threshold, String column) {
    List<Integer> rows = topologyRows(threshold);
    double[] x = new double[rows.size()];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      x[i] = topology.num(rows.get(i), "step");
      y[i] = topology.num(rows.get(i), column);
    }
    return new Series(x, y);
  }

  /** An epoch column against the epoch's last step. */
  public Series epochs(String column) {
    double[] x = new double[epochs.size()];
    double[] y = new double[epochs.size()];
    for (int r = 0; r < epochs.size(); r++) {
      x[r] = epochs.num(r, "step");
      y[r] = epochs.num(r, column);
    }
    return new Series(x, y);
  }

  /**
   * The training accuracy the gap is computed from: the fixed training subset evaluated at each epoch
   * end ({@code train_eval_accuracy}, recorded since the sound grid), measured as validation is; in
   * older recordings only DJL's running mean over the epoch's batches ({@code train_accuracy}) exists.
   */
  public String trainAccuracyColumn() {
    return epochs.has("train_eval_accuracy") && epochs.size() > 0 && !epochs.text(0, "train_eval_accuracy").isEmpty()
        ? "train_eval_accuracy" : "train_accuracy";
  }

  /** Training minus validation accuracy per epoch (training as {@link #trainAccuracyColumn()} says). */
  public Series gap() {
    Series train = epochs(trainAccuracyColumn());
    Series validation = epochs("validation_accuracy");
    double[] y = new double[train.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = train.y()[i] - validation.y()[i];
    }
    return new Series(train.x(), y);
  }

  /** The last epoch's value of a column. */
  public double lastEpoch(String column) {
    return epochs.num(epochs.size() - 1, column);
  }

  public double finalGap() {
    return lastEpoch(trainAccuracyColumn()) - lastEpoch("validation_accuracy");
  }

  public double testAccuracy() {
    return test.num(0, "test_accuracy");
  }

  /** Layer indices with their names, shapes and whether the analyzer put them in θ, in order. */
  public List<Layer> layerList() {
    List<Layer> out = new ArrayList<>();
    for (int r = 0; r < layers.size(); r++) {
      out.add(new Layer(layers.integer(r, "layer"), layers.text(r, "name"), layers.text(r, "shape"),
          Boolean.parseBoolean(layers.text(r, "in_theta"))));
    }
    return out;
  }

  /** A layer as the analyzer reported it. */
  public record Layer(int index, String name, String shape, boolean inTheta) {
    /** Dimensions of a sample larger than one (3 for a C×H×W volume, 1 for a vector). */
    public int rank() {
      int rank = 0;
      for (String d : shape.split("x")) {
        if (!d.isEmpty() && Integer.parseInt(d) > 1) {
          rank++;
        }
      }
      return rank;
    }
  }
}
