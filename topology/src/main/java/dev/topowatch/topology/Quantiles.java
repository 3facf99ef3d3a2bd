package dev.topowatch.topology;

import java.util.Arrays;

/**
 * Scale-free thresholds: the q-quantiles of one volume's finite values, linear between order
 * statistics (numpy's default). One rule for the analyzer's quantile threshold mode and for {@code
 * rank}, so a volume gets the same thresholds in both.
 */
public final class Quantiles {
  private Quantiles() {}

  /** η_j = the {@code q[j]}-quantile of {@code values}' finite entries. */
  public static double[] of(float[] values, int offset, int length, double[] q) {
    float[] finite = new float[length];
    int n = 0;
    for (int i = offset; i < offset + length; i++) {
      if (Float.isFinite(values[i])) {
        finite[n++] = values[i];
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("a volume without finite values has no quantiles");
    }
    Arrays.sort(finite, 0, n);
    double[] eta = new double[q.length];
    for (int j = 0; j < q.length; j++) {
      double pos = q[j] * (n - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, n - 1);
      eta[j] = finite[lo] + (pos - lo) * ((double) finite[hi] - finite[lo]);
    }
    return eta;
  }
}
