package dev.topowatch.experiment.stats;

import java.util.Arrays;
import java.util.Random;

/**
 * What a Kendall τ across a handful of runs needs beside its p-value: Holm's step-down adjustment
 * over a family of tests, a percentile bootstrap confidence interval (resampling runs, seeded), the
 * partial τ controlling for a third variable (e.g. activation scale), and the smallest |τ| that is
 * significant at n runs.
 */
public final class RankStats {

  private RankStats() {}

  /** Holm-adjusted p-values, in the input's order (NaN stays NaN and is not counted in the family). */
  public static double[] holm(double[] p) {
    Integer[] order = new Integer[p.length];
    int m = 0;
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
      m += Double.isNaN(p[i]) ? 0 : 1;
    }
    Arrays.sort(order, (a, b) -> Double.compare(Double.isNaN(p[a]) ? 2 : p[a], Double.isNaN(p[b]) ? 2 : p[b]));
    double[] out = new double[p.length];
    Arrays.fill(out, Double.NaN);
    double running = 0;
    for (int k = 0; k < m; k++) {
      int i = order[k];
      running = Math.max(running, Math.min(1, (m - k) * p[i]));
      out[i] = running;
    }
    return out;
  }

  /** 95 % percentile bootstrap interval of τ(x, y), resampling pairs with replacement; {lo, hi}. */
  public static double[] bootstrapTau(double[] x, double[] y, int resamples, long seed) {
    Random random = new Random(seed);
    int n = x.length;
    double[] taus = new double[resamples];
    int kept = 0;
    for (int r = 0; r < resamples; r++) {
      double[] a = new double[n];
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        int j = random.nextInt(n);
        a[i] = x[j];
        b[i] = y[j];
      }
      double t = KendallTau.tau(a, b);
      if (!Double.isNaN(t)) {
        taus[kept++] = t;
      }
    }
    if (kept == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double[] s = Arrays.copyOf(taus, kept);
    Arrays.sort(s);
    return new double[] {s[(int) Math.floor(0.025 * (kept - 1))], s[(int) Math.ceil(0.975 * (kept - 1))]};
  }

  /** Partial Kendall τ of x and y given z: (τxy − τxz·τyz) / √((1 − τxz²)(1 − τyz²)). */
  public static double partialTau(double[] x, double[] y, double[] z) {
    double xy = KendallTau.tau(x, y);
    double xz = KendallTau.tau(x, z);
    double yz = KendallTau.tau(y, z);
    double d = Math.sqrt((1 - xz * xz) * (1 - yz * yz));
    return d == 0 ? Double.NaN : (xy - xz * yz) / d;
  }

  /**
   * The smallest |τ| significant at two-sided α = 0.05 for n untied pairs, from the exact null
   * distribution of the number of discordant pairs (the Mahonian numbers): 0.39 at n = 15.
   */
  public static double criticalTau(int n) {
    int pairs = n * (n - 1) / 2;
    double[] count = {1};
    for (int k = 2; k <= n; k++) { // inserting the k-th element adds 0..k−1 inversions
      double[] next = new double[count.length + k - 1];
      for (int i = 0; i < count.length; i++) {
        for (int j = 0; j < k; j++) {
          next[i + j] += count[i];
        }
      }
      count = next;
    }
    double total = 0;
    for (double c : count) {
      total += c;
    }
    // τ = 1 − 4·inversions / (n(n−1)); P(τ ≥ t) = P(inversions ≤ i). Symmetric, so two-sided = 2× one tail.
    double tail = 0;
    for (int i = 0; i <= pairs; i++) {
      tail += count[i] / total;
      if (2 * tail > 0.05) {
        return 1 - 4.0 * (i - 1) / (n * (n - 1.0));
      }
    }
    return Double.NaN;
  }
}
