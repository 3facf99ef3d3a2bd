package dev.topowatch.topology;

import java.util.Arrays;

/** The sorted distinct values at which a volume's sublevel set changes. */
final class DistinctValues {
  private DistinctValues() {}

  /** NaN and +∞ never enter a sublevel set; everything else (−∞ included) does at its value. */
  static boolean isPresentAtAll(float x) {
    return x == x && x != Float.POSITIVE_INFINITY;
  }

  /** −0 and +0 compare equal under {@code <=}, so they are one filtration value. */
  static float normalise(float x) {
    return x == 0f ? 0f : x;
  }

  /** Sorted distinct present values of {@code volume}. */
  static float[] of(Volume volume) {
    float[] v = volume.values();
    float[] sorted = new float[v.length];
    int n = 0;
    for (float x : v) {
      if (isPresentAtAll(x)) {
        sorted[n++] = normalise(x);
      }
    }
    Arrays.sort(sorted, 0, n);
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (m == 0 || sorted[i] != sorted[m - 1]) {
        sorted[m++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, m);
  }
}
