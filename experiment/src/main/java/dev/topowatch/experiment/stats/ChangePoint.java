package dev.topowatch.experiment.stats;

import dev.topowatch.experiment.data.Series;
import dev.topowatch.topology.LinearSystem;

/**
 * The step where a series changes its trend: the breakpoint of the continuous two-segment linear fit
 * (a "hinge" y = a + b·x + c·max(0, x − k)) with the least squared error, searched over the sampled
 * steps between 10 % and 90 % of the run, so the first transient and the last points cannot win by
 * themselves. {@code gain} says how much the hinge explains beyond one straight line (1 − SSE_hinge /
 * SSE_line): near 0 means there is no change of trend to speak of.
 */
public final class ChangePoint {

  public record Result(double step, double slopeBefore, double slopeAfter, double gain) {}

  private ChangePoint() {}

  public static Result of(Series s) {
    int n = 0;
    for (double v : s.y()) {
      if (Double.isFinite(v)) {
        n++;
      }
    }
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0, k = 0; i < s.size(); i++) {
      if (Double.isFinite(s.y()[i])) {
        x[k] = s.x()[i];
        y[k++] = s.y()[i];
      }
    }
    if (n < 6) {
      return new Result(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double lineSse = fit(x, y, Double.NaN)[3];
    double bestSse = Double.POSITIVE_INFINITY;
    double[] best = null;
    double bestK = Double.NaN;
    for (int i = n / 10; i <= n - 1 - n / 10; i++) {
      double[] f = fit(x, y, x[i]);
      if (f[3] < bestSse) {
        bestSse = f[3];
        best = f;
        bestK = x[i];
      }
    }
    double mean = java.util.Arrays.stream(y).average().orElse(0);
    double total = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum();
    // A line that already fits to rounding error leaves nothing for a hinge to explain.
    double gain = lineSse <= 1e-12 * total || total == 0 ? 0 : 1 - bestSse / lineSse;
    return new Result(bestK, best[1], best[1] + best[2], gain);
  }

  /** Least squares of y on (1, x[, max(0, x − k)]); returns {a, b, c, sse}. */
  private static double[] fit(double[] x, double[] y, double k) {
    boolean hinge = !Double.isNaN(k);
    int p = hinge ? 3 : 2;
    double[][] a = new double[p][p];
    double[] rhs = new double[p];
    for (int i = 0; i < x.length; i++) {
      double[] row = hinge ? new double[] {1, x[i], Math.max(0, x[i] - k)} : new double[] {1, x[i]};
      for (int r = 0; r < p; r++) {
        rhs[r] += row[r] * y[i];
        for (int c = 0; c < p; c++) {
          a[r][c] += row[r] * row[c];
        }
      }
    }
    double[] c = solve(a, rhs);
    double sse = 0;
    for (int i = 0; i < x.length; i++) {
      double fitted = c[0] + c[1] * x[i] + (hinge ? c[2] * Math.max(0, x[i] - k) : 0);
      sse += (y[i] - fitted) * (y[i] - fitted);
    }
    return new double[] {c[0], c[1], hinge ? c[2] : 0, sse};
  }

  /** The normal equations, nudged on the diagonal: the hinge column is all zero when k is the last step. */
  private static double[] solve(double[][] a, double[] b) {
    double[][] m = new double[b.length][];
    for (int i = 0; i < b.length; i++) {
      m[i] = a[i].clone();
      m[i][i] += 1e-12 * (1 + Math.abs(a[i][i]));
    }
    return LinearSystem.solve(m, b);
  }
}
