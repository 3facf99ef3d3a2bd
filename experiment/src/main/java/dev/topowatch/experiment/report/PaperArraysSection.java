package dev.topowatch.experiment.report;

import dev.topowatch.experiment.data.Csv;
import dev.topowatch.experiment.stats.KendallTau;
import dev.topowatch.topology.DecayRate;
import dev.topowatch.topology.TopologicalComplexity;
import dev.topowatch.topology.io.Npy;
import dev.topowatch.topology.io.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * θ on the authors' released Betti arrays (CIFAR-10 through ImageNet-pretrained models) against the
 * CIFAR-10 fine-tuning accuracies they list, with Kendall τ and its exact permutation p-value. The
 * model list, the θ their formula gives and the accuracies are the data set's README, copied into
 * {@code paper-models.csv}; τ = −0.78 is our recomputation over the nine released arrays, of which seven are here.
 */
final class PaperArraysSection {

  /** Our recomputation of τ over all nine released arrays (two of them are not in this repository). */
  static final double REPORTED_TAU = -0.78;

  private final Path arrays;
  private final Path plots;

  PaperArraysSection(Path arrays, Path plots) {
    this.arrays = arrays;
    this.plots = plots;
  }

  static Csv models() {
    try (InputStream in = PaperArraysSection.class.getResourceAsStream("/dev/topowatch/experiment/paper-models.csv")) {
      return Csv.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "paper-models.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The array at {@code file}, or at {@code file.gz}: the repository keeps the authors' files
   * gzip-compressed (topology/src/test/resources/paper-bettis), a copy of theirs is plain.
   */
  private static NpyArray read(Path file) throws IOException {
    Path gz = file.resolveSibling(file.getFileName() + ".gz");
    if (Files.exists(file) || !Files.exists(gz)) {
      return Npy.read(file);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return Npy.parse(in.readAllBytes());
    }
  }

  /** θ of one array shaped (class, sample, layer, betti), Ω averaged within classes then over classes, as the authors do. */
  static double theta(Path file) throws IOException {
    NpyArray a = read(file);
    int[] s = a.shape();
    if (s.length != 4) {
      throw new IllegalArgumentException(file + ": expected (class, sample, layer, betti), got " + java.util.Arrays.toString(s));
    }
    long[] flat = a.toLongs();
    long[][][][] betti = new long[s[0]][s[1]][s[2]][s[3]];
    int i = 0;
    for (long[][][] c : betti) {
      for (long[][] sample : c) {
        for (long[] layer : sample) {
          for (int k = 0; k < layer.length; k++) {
            layer[k] = flat[i++];
          }
        }
      }
    }
    return DecayRate.theta(TopologicalComplexity.perLayerByClass(betti));
  }

  private KendallTau.Result tau;

  /** τ(θ, accuracy) over the authors' models; after {@link #render()}. */
  KendallTau.Result tau() {
    return tau;
  }

  String render() throws IOException {
    Csv models = models();
    StringBuilder md = new StringBuilder("## θ on the authors' released arrays\n\n");
    md.append("Arrays read from `").append(arrays.getFileName()).append("` (the authors' `Bettis/cifar10` files; θ by this project's `DecayRate`):\n\n");
    Table t = new Table("model", "layers", "θ (this project)", "θ (listed with the data)", "fine-tuned accuracy %");
    double[] theta = new double[models.size()];
    double[] accuracy = new double[models.size()];
    double maxDiff = 0;
    for (int r = 0; r < models.size(); r++) {
      theta[r] = theta(arrays.resolve(models.text(r, "file")));
      accuracy[r] = models.num(r, "finetuned_accuracy");
      maxDiff = Math.max(maxDiff, Math.abs(theta[r] - models.num(r, "theta_listed")));
      t.row(models.text(r, "file").replace(".npy", ""), models.integer(r, "layers"), Table.num(theta[r], 6),
          Table.num(models.num(r, "theta_listed"), 6), Table.num(accuracy[r], 2));
    }
    tau = KendallTau.test(theta, accuracy, 0, 0);
    md.append(t.markdown()).append('\n');
    md.append(String.format(java.util.Locale.ROOT,
        "Largest difference from the listed θ: %.1e. Over these %d models, Kendall τ(θ, fine-tuned accuracy) = %s, exact "
            + "permutation p = %s (all %d orderings). Over all nine released arrays our recomputation gives τ = %s (the two "
            + "not copied here cannot be recomputed from this repository); the paper's own figure was not available to us. "
            + "Lower θ ranked better here: a ranking of models by θ, not a statement about the direction of Ω over depth.\n\n",
        maxDiff, tau.n(), Table.num(tau.tau(), 2), Table.p(tau.p()), factorial(tau.n()), Table.num(REPORTED_TAU, 2)));
    Chart c = new Chart("Authors' arrays: fine-tuned accuracy against θ", "θ", "CIFAR-10 fine-tuned accuracy (%)");
    for (int r = 0; r < models.size(); r++) {
      c.points(models.text(r, "file").replace(".npy", ""), new double[] {theta[r]}, new double[] {accuracy[r]}, r);
    }
    c.save(plots.resolve("paper-arrays.png"));
    md.append("![accuracy against θ, authors' arrays](results/paper-arrays.png)\n\n");
    return md.toString();
  }

  private static long factorial(int n) {
    long f = 1;
    for (int i = 2; i <= n; i++) {
      f *= i;
    }
    return f;
  }
}
