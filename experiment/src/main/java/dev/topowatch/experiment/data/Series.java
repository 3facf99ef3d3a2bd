package dev.topowatch.experiment.data;

import java.util.Arrays;

/** Values y over steps x, in step order. */
public record Series(double[] x, double[] y) {

  public int size() {
    return x.length;
  }

  /** The mean of y over the last {@code fraction} of the points (at least one), NaNs ignored. */
  public double tailMean(double fraction) {
    int n = Math.max(1, (int) Math.round(x.length * fraction));
    return Arrays.stream(y, Math.max(0, y.length - n), y.length).filter(Double::isFinite).average().orElse(Double.NaN);
  }

  /** The point with the smallest finite y; its index, or -1. */
  public int argMin() {
    int best = -1;
    for (int i = 0; i < y.length; i++) {
      if (Double.isFinite(y[i]) && (best < 0 || y[i] < y[best])) {
        best = i;
      }
    }
    return best;
  }

  /** Centred moving average over {@code window} points (shorter at the ends), NaNs skipped. */
  public Series smoothed(int window) {
    double[] out = new double[y.length];
    int half = window / 2;
    for (int i = 0; i < y.length; i++) {
      double sum = 0;
      int n = 0;
      for (int j = Math.max(0, i - half); j <= Math.min(y.length - 1, i + half); j++) {
        if (Double.isFinite(y[j])) {
          sum += y[j];
          n++;
        }
      }
      out[i] = n == 0 ? Double.NaN : sum / n;
    }
    return new Series(x, out);
  }
}
