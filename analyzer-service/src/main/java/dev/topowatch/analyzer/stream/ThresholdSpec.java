package dev.topowatch.analyzer.stream;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The thresholds η at which Betti numbers are computed: either fixed values (default the paper's
 * {@code 0, 0.25, …, 1.75}), or, in quantile mode, quantiles q ∈ [0, 1] of each volume's own finite
 * values (linear interpolation between order statistics, as numpy's default), labelled {@code q0.25}.
 */
public final class ThresholdSpec {

  private final double[] values;
  private final boolean quantiles;
  private final List<String> labels;

  public ThresholdSpec(double[] values, boolean quantiles) {
    if (values.length == 0) {
      throw new IllegalArgumentException("at least one threshold is needed");
    }
    this.values = values.clone();
    this.quantiles = quantiles;
    this.labels = Arrays.stream(values).mapToObj(v -> label(v, quantiles)).toList();
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("thresholds must be distinct: " + labels);
    }
  }

  public int size() {
    return values.length;
  }

  public boolean quantileMode() {
    return quantiles;
  }

  /** Metric label of each threshold, e.g. {@code 0.25} or {@code q0.25}. */
  public List<String> labels() {
    return labels;
  }

  /** The η values for one volume: the configured values, or that volume's quantiles. */
  public double[] resolve(float[] volume) {
    if (!quantiles) {
      return values.clone();
    }
    float[] finite = new float[volume.length];
    int n = 0;
    for (float v : volume) {
      if (Float.isFinite(v)) {
        finite[n++] = v;
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException("a volume without finite values has no quantiles");
    }
    Arrays.sort(finite, 0, n);
    double[] eta = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double pos = values[i] * (n - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, n - 1);
      eta[i] = finite[lo] + (pos - lo) * ((double) finite[hi] - finite[lo]);
    }
    return eta;
  }

  static String label(double v, boolean quantile) {
    if (quantile) {
      double percent = v * 100;
      return Math.rint(percent) == percent
          ? String.format(Locale.ROOT, "q%.2f", v)
          : "q" + BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
    if (v == 0) {
      return "0";
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
