package dev.topowatch.topology;

import java.util.Arrays;

/**
 * Betti numbers of one volume as a step function of the threshold: {@code betti()[j]} holds from
 * {@code values()[j]} (inclusive) up to the next distinct value. Below the smallest value every
 * Betti number is 0.
 */
public final class BettiCurve {
  private final double[] values;
  private final long[][] betti;
  private final int rank;

  BettiCurve(double[] values, long[][] betti, int rank) {
    this.values = values;
    this.betti = betti;
    this.rank = rank;
  }

  /**
   * A curve from its steps.
   *
   * @param values strictly increasing, not NaN
   * @param betti one row of {@code rank} Betti numbers per value
   * @throws IllegalArgumentException if the values are not strictly increasing or a row has the
   *     wrong length
   */
  public static BettiCurve of(double[] values, long[][] betti, int rank) {
    if (values.length != betti.length) {
      throw new IllegalArgumentException(values.length + " values but " + betti.length + " rows");
    }
    long[][] rows = new long[betti.length][];
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i]) || (i > 0 && !(values[i] > values[i - 1]))) {
        throw new IllegalArgumentException("values must be strictly increasing and not NaN at index " + i);
      }
      if (betti[i].length != rank) {
        throw new IllegalArgumentException("row " + i + " has " + betti[i].length + " entries, expected " + rank);
      }
      rows[i] = betti[i].clone();
    }
    return new BettiCurve(values.clone(), rows, rank);
  }

  /** Sorted distinct values at which the sublevel set changes (NaN and +∞ excluded). A copy. */
  public double[] values() {
    return values.clone();
  }

  /** {@code betti()[j]} = b0..b(rank−1) of the sublevel set at {@code values()[j]}. A deep copy. */
  public long[][] betti() {
    long[][] out = new long[betti.length][];
    for (int i = 0; i < betti.length; i++) {
      out[i] = betti[i].clone();
    }
    return out;
  }

  /** Number of distinct values. */
  public int size() {
    return values.length;
  }

  /**
   * Betti numbers of the sublevel set {@code value <= threshold}.
   *
   * @throws IllegalArgumentException if {@code threshold} is NaN
   */
  public long[] at(double threshold) {
    if (Double.isNaN(threshold)) {
      throw new IllegalArgumentException("threshold must not be NaN");
    }
    int lo = 0;
    int hi = values.length;
    while (lo < hi) { // number of values <= threshold
      int mid = (lo + hi) >>> 1;
      if (values[mid] <= threshold) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == 0 ? new long[rank] : betti[lo - 1].clone();
  }

  @Override
  public String toString() {
    return "BettiCurve{values=" + Arrays.toString(values) + ", betti=" + Arrays.deepToString(betti) + "}";
  }
}
