package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.Csv;
import dev.topowatch.experiment.data.GridData;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.stats.KendallTau;
import dev.topowatch.experiment.stats.MeanStd;
import dev.topowatch.topology.DecayRate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's claims re-measured on the probed (healthy) runs' saved networks ({@code claims.csv}):
 * Betti numbers falling with depth in the trained network against the same network at
 * initialisation; invariance to a random subsample of the test set; invariance to input resolution
 * (28 against 56, upsampled).
 */
final class PaperClaimsSection {

  private final GridData grid;
  private final String threshold;
  private final Path plots;

  PaperClaimsSection(GridData grid, String threshold, Path plots) {
    this.grid = grid;
    this.threshold = threshold;
    this.plots = plots;
  }

  /** Rows of one measurement: Ω (or a Betti number) per layer, by layer index. */
  static double[] perLayer(Csv claims, String state, int resolution, int subset, String threshold, String column) {
    List<Double> values = new ArrayList<>();
    for (int r = 0; r < claims.size(); r++) {
      if (claims.text(r, "state").equals(state) && claims.integer(r, "resolution") == resolution
          && claims.integer(r, "subset") == subset && claims.text(r, "threshold").equals(threshold)) {
        int layer = claims.integer(r, "layer");
        while (values.size() <= layer) {
          values.add(Double.NaN);
        }
        values.set(layer, claims.num(r, column));
      }
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** θ over the layers a rule keeps (the rank column stands in for the shape: rank ≥ 2 is spatial). */
  static double theta(Csv claims, String state, int resolution, int subset, String threshold, boolean spatialOnly) {
    double[] omega = perLayer(claims, state, resolution, subset, threshold, "omega");
    double[] rank = perLayer(claims, state, resolution, subset, threshold, "rank");
    double[] kept = java.util.stream.IntStream.range(0, omega.length).filter(i -> !spatialOnly || rank[i] >= 2)
        .mapToDouble(i -> omega[i]).toArray();
    return kept.length < 2 ? Double.NaN : DecayRate.theta(kept);
  }

  int subsets(Csv claims) {
    int max = -1;
    for (int r = 0; r < claims.size(); r++) {
      max = Math.max(max, claims.integer(r, "subset"));
    }
    return max + 1;
  }

  String render() {
    List<RunData> probed = grid.filter(r -> r.claims().isPresent());
    StringBuilder md = new StringBuilder("## The paper's claims, re-measured\n\n");
    if (probed.isEmpty()) {
      return md.append("No run was probed.\n\n").toString();
    }
    Csv first = probed.get(0).claims().orElseThrow();
    int subsets = subsets(first);
    md.append("On the saved parameters of the ").append(probed.size()).append(" healthy runs (at initialisation and after training), "
        + "every layer's output for held-out test images, Betti numbers by the analyzer's engine (V-construction), Ω and θ as the "
        + "analyzer computes them. Subsets: ").append(subsets).append(" disjoint random subsets of the test images per run.\n\n");
    md.append(depth(probed)).append(subsample(probed, subsets)).append(resolution(probed));
    return md.toString();
  }

  private String depth(List<RunData> probed) {
    StringBuilder md = new StringBuilder("### Betti numbers with depth: trained against initialisation\n\n");
    Csv c0 = probed.get(0).claims().orElseThrow();
    int layers = perLayer(c0, "trained", 28, 0, threshold, "omega").length;
    List<RunData.Layer> names = probed.get(0).layerList();
    Table t = new Table("layer", "shape", "b0 init", "b1 init", "b2 init", "Ω init", "b0 trained", "b1 trained", "b2 trained", "Ω trained");
    double[] initMean = new double[layers];
    double[] trainedMean = new double[layers];
    for (int l = 0; l < layers; l++) {
      String[] cells = new String[8];
      String[] columns = {"b0", "b1", "b2", "omega"};
      for (int s = 0; s < 2; s++) {
        String state = s == 0 ? "init" : "trained";
        for (int k = 0; k < 4; k++) {
          int layer = l;
          String column = columns[k];
          double mean = MeanStd.of(probed.stream().mapToDouble(r -> perLayer(r.claims().orElseThrow(), state, 28, 0, threshold, column)[layer])
              .toArray()).mean();
          cells[s * 4 + k] = Table.num(mean, 1);
          if (k == 3) {
            (s == 0 ? initMean : trainedMean)[l] = mean;
          }
        }
      }
      t.row("`" + names.get(l).name() + "`", names.get(l).shape(), cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6], cells[7]);
    }
    Chart chart = new Chart("Ω per layer (η = " + threshold + "), mean over " + probed.size() + " healthy runs", "layer (depth order)", "Ω")
        .logY();
    double[] x = java.util.stream.IntStream.range(0, layers).mapToDouble(i -> i).toArray();
    chart.line("at initialisation", x, floor(initMean), 0, true, true, 0);
    chart.line("trained", x, floor(trainedMean), 1, false, true, 0);
    chart.save(plots.resolve("omega-by-depth.png"));
    md.append("Mean Betti numbers per test image at η = ").append(threshold).append(", mean over the runs (test subset 0, 28 × 28):\n\n")
        .append(t.markdown()).append("\n![Ω per layer](results/omega-by-depth.png)\n\n");
    Table th = new Table("run", "θ init (spatial)", "θ trained (spatial)", "θ init (all)", "θ trained (all)");
    for (RunData r : probed) {
      Csv c = r.claims().orElseThrow();
      th.row(r.id(), Table.num(theta(c, "init", 28, 0, threshold, true), 3), Table.num(theta(c, "trained", 28, 0, threshold, true), 3),
          Table.num(theta(c, "init", 28, 0, threshold, false), 3), Table.num(theta(c, "trained", 28, 0, threshold, false), 3));
    }
    md.append("θ (negative: Ω falls with depth), η = ").append(threshold).append(":\n\n").append(th.markdown()).append('\n');
    Table all = new Table("η", "θ init (spatial), mean ± std", "θ trained (spatial), mean ± std");
    for (String eta : grid.thresholds()) {
      all.row(eta, MeanStd.of(probed.stream().mapToDouble(r -> theta(r.claims().orElseThrow(), "init", 28, 0, eta, true)).toArray()).format(3),
          MeanStd.of(probed.stream().mapToDouble(r -> theta(r.claims().orElseThrow(), "trained", 28, 0, eta, true)).toArray()).format(3));
    }
    md.append("At every threshold:\n\n").append(all.markdown()).append('\n');
    return md.toString();
  }

  private String subsample(List<RunData> probed, int subsets) {
    StringBuilder md = new StringBuilder("### Invariance to a random subsample of the test set\n\n");
    Table t = new Table("run", "θ per subset (spatial, η = " + threshold + ")", "mean ± std", "median over layers of Ω's coefficient of variation");
    double[] within = new double[probed.size()];
    double[] means = new double[probed.size()];
    for (int i = 0; i < probed.size(); i++) {
      Csv c = probed.get(i).claims().orElseThrow();
      double[] theta = new double[subsets];
      List<String> cells = new ArrayList<>();
      for (int s = 0; s < subsets; s++) {
        theta[s] = theta(c, "trained", 28, s, threshold, true);
        cells.add(Table.num(theta[s], 3));
      }
      MeanStd m = MeanStd.of(theta);
      within[i] = m.std();
      means[i] = m.mean();
      int layers = perLayer(c, "trained", 28, 0, threshold, "omega").length;
      double[] cv = new double[layers];
      for (int l = 0; l < layers; l++) {
        double[] v = new double[subsets];
        for (int s = 0; s < subsets; s++) {
          v[s] = perLayer(c, "trained", 28, s, threshold, "omega")[l];
        }
        MeanStd ms = MeanStd.of(v);
        cv[l] = ms.mean() == 0 ? Double.NaN : ms.std() / ms.mean();
      }
      t.row(probed.get(i).id(), String.join(", ", cells), m.format(3), Table.num(LayerChoiceSection.median(cv), 3));
    }
    md.append(t.markdown()).append('\n');
    md.append(String.format(java.util.Locale.ROOT,
        "The spread of θ between subsets of one network (std %s, mean over runs) against the spread between the networks of "
            + "different seeds (std of their means %s).\n\n",
        Table.num(MeanStd.of(within).mean(), 3), Table.num(MeanStd.of(means).std(), 3)));
    return md.toString();
  }

  private String resolution(List<RunData> probed) {
    StringBuilder md = new StringBuilder("### Invariance to input resolution (28 against 56, bilinear upsampling)\n\n");
    Table t = new Table("run", "θ at 28 (spatial)", "θ at 56 (spatial)", "τ between the layers' Ω at 28 and at 56 (p)");
    for (RunData r : probed) {
      Csv c = r.claims().orElseThrow();
      double[] o28 = perLayer(c, "trained", 28, 0, threshold, "omega");
      double[] o56 = perLayer(c, "trained", 56, 0, threshold, "omega");
      KendallTau.Result rank = KendallTau.test(o28, o56, 10_000, 5);
      t.row(r.id(), Table.num(theta(c, "trained", 28, 0, threshold, true), 3), Table.num(theta(c, "trained", 56, 0, threshold, true), 3),
          TrainingSection.tau(rank));
    }
    md.append("The same trained network (global average pooling lets it take either size) on the same test images, at η = ")
        .append(threshold).append(":\n\n").append(t.markdown()).append('\n');
    return md.toString();
  }

  /** Log axes cannot show 0: Ω below 0.1 is drawn at 0.1. */
  private static double[] floor(double[] v) {
    return java.util.Arrays.stream(v).map(x -> Math.max(0.1, x)).toArray();
  }
}
