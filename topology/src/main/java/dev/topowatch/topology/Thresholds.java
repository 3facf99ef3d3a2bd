package dev.topowatch.topology;

import java.util.Arrays;

/** Validated thresholds: the sorted distinct values and where each caller's threshold sits among them. */
public final class Thresholds {
  private final double[] sorted;
  private final int[] levelOf;

  private Thresholds(double[] sorted, int[] levelOf) {
    this.sorted = sorted;
    this.levelOf = levelOf;
  }

  /**
   * @throws IllegalArgumentException if {@code thresholds} is null or holds NaN
   */
  public static Thresholds of(double[] thresholds) {
    if (thresholds == null) {
      throw new IllegalArgumentException("thresholds must not be null");
    }
    double[] s = new double[thresholds.length];
    for (int i = 0; i < thresholds.length; i++) {
      if (Double.isNaN(thresholds[i])) {
        throw new IllegalArgumentException("threshold " + i + " is NaN");
      }
      s[i] = thresholds[i] == 0d ? 0d : thresholds[i]; // -0 and +0 are one threshold
    }
    Arrays.sort(s);
    int m = 0;
    for (int i = 0; i < s.length; i++) {
      if (m == 0 || s[i] != s[m - 1]) {
        s[m++] = s[i];
      }
    }
    double[] sorted = Arrays.copyOf(s, m);
    int[] levelOf = new int[thresholds.length];
    for (int i = 0; i < thresholds.length; i++) {
      levelOf[i] = Arrays.binarySearch(sorted, thresholds[i] == 0d ? 0d : thresholds[i]);
    }
    return new Thresholds(sorted, levelOf);
  }

  /** Sorted distinct thresholds (a copy). */
  public double[] sorted() {
    return sorted.clone();
  }

  /** Number of distinct thresholds. */
  public int distinct() {
    return sorted.length;
  }

  /** Number of thresholds as given. */
  public int count() {
    return levelOf.length;
  }

  /** Index in {@link #sorted()} of the caller's threshold {@code j}. */
  public int levelOf(int j) {
    return levelOf[j];
  }

  double[] sortedView() {
    return sorted;
  }
}
