package dev.topowatch.experiment.stats;

import java.util.Random;

/**
 * Kendall's τ-b (ties in either variable corrected, as {@code scipy.stats.kendalltau}) with a
 * two-sided permutation p-value: the share of relabellings of y whose |τ| is at least the observed
 * one. With n ≤ 8 every permutation is enumerated (exact); above, {@code permutations} seeded random
 * shuffles are drawn and p = (1 + hits) / (1 + permutations), never 0.
 */
public final class KendallTau {

  /** τ, its p-value, the number of pairs used, and whether p is exact. */
  public record Result(double tau, double p, int n, boolean exact) {}

  private KendallTau() {}

  /** τ-b of the pairs where both values are finite; NaN when fewer than three pairs or a constant variable. */
  public static double tau(double[] x, double[] y) {
    long concordant = 0;
    long discordant = 0;
    long tiesX = 0;
    long tiesY = 0;
    int n = x.length;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double dx = Math.signum(x[i] - x[j]);
        double dy = Math.signum(y[i] - y[j]);
        if (dx == 0 && dy == 0) {
          continue;
        } else if (dx == 0) {
          tiesX++;
        } else if (dy == 0) {
          tiesY++;
        } else if (dx == dy) {
          concordant++;
        } else {
          discordant++;
        }
      }
    }
    double denominator = Math.sqrt((double) (concordant + discordant + tiesX) * (concordant + discordant + tiesY));
    return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
  }

  public static Result test(double[] x, double[] y, int permutations, long seed) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x has " + x.length + " values, y " + y.length);
    }
    int m = 0;
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        m++;
      }
    }
    double[] a = new double[m];
    double[] b = new double[m];
    for (int i = 0, k = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        a[k] = x[i];
        b[k++] = y[i];
      }
    }
    double observed = tau(a, b);
    if (m < 3 || Double.isNaN(observed)) {
      return new Result(observed, Double.NaN, m, false);
    }
    double threshold = Math.abs(observed) - 1e-12;
    if (m <= 8) {
      long[] counts = new long[2];
      permute(b.clone(), 0, a, threshold, counts);
      return new Result(observed, (double) counts[0] / counts[1], m, true);
    }
    Random random = new Random(seed);
    double[] shuffled = b.clone();
    long hits = 0;
    for (int p = 0; p < permutations; p++) {
      for (int i = shuffled.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        double t = shuffled[i];
        shuffled[i] = shuffled[j];
        shuffled[j] = t;
      }
      if (Math.abs(tau(a, shuffled)) >= threshold) {
        hits++;
      }
    }
    return new Result(observed, (1.0 + hits) / (1.0 + permutations), m, false);
  }

  /** Heap-free recursive enumeration of every ordering of y; counts[0] = at least as extreme, counts[1] = all. */
  private static void permute(double[] y, int k, double[] x, double threshold, long[] counts) {
    if (k == y.length) {
      counts[1]++;
      if (Math.abs(tau(x, y)) >= threshold) {
        counts[0]++;
      }
      return;
    }
    for (int i = k; i < y.length; i++) {
      swap(y, k, i);
      permute(y, k + 1, x, threshold, counts);
      swap(y, k, i);
    }
  }

  private static void swap(double[] a, int i, int j) {
    double t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
