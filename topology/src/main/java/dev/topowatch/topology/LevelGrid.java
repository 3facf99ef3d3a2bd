package dev.topowatch.topology;

/**
 * A volume whose entries are replaced by integer filtration levels, embedded in three dimensions
 * (leading size-1 axes) and surrounded by one layer of padding cells.
 *
 * <p>Level {@code l} in {@code 0..levels-1} means "present from the l-th threshold (or distinct
 * value) on"; {@link #absent} marks entries that never enter (NaN, +∞, or above every threshold);
 * {@link #pad} marks the padding, which is larger than every other level so that "max" and "min"
 * over a stencil skip it naturally. The padding lets neighbour offsets run without bounds checks.
 */
final class LevelGrid {
  final int n0;
  final int n1;
  final int n2;
  /** Padded strides: axis 0 and axis 1 (axis 2 has stride 1). */
  final int s0;
  final int s1;
  final int paddedSize;
  final int levels;
  final int absent;
  final int pad;
  final int[] key;

  private LevelGrid(int[] shape3, int levels) {
    this.n0 = shape3[0];
    this.n1 = shape3[1];
    this.n2 = shape3[2];
    this.s1 = n2 + 2;
    this.s0 = (n1 + 2) * s1;
    long padded = (long) (n0 + 2) * s0;
    if (padded > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("volume too large for the engine: " + n0 + "x" + n1 + "x" + n2);
    }
    this.paddedSize = (int) padded;
    this.levels = levels;
    this.absent = levels;
    this.pad = levels + 1;
    this.key = new int[paddedSize];
    java.util.Arrays.fill(key, pad);
  }

  /**
   * Levels for sorted distinct thresholds: an entry's level is the first threshold it does not
   * exceed ({@code value <= t}).
   */
  static LevelGrid ofThresholds(Volume volume, double[] sortedThresholds) {
    LevelGrid g = new LevelGrid(volume.shape3(), sortedThresholds.length);
    float[] v = volume.values();
    int src = 0;
    for (int i = 1; i <= g.n0; i++) {
      for (int j = 1; j <= g.n1; j++) {
        int row = i * g.s0 + j * g.s1;
        for (int k = 1; k <= g.n2; k++) {
          g.key[row + k] = thresholdLevel(v[src++], sortedThresholds, g.absent);
        }
      }
    }
    return g;
  }

  /** Levels for the sorted distinct present values of the volume (see {@link DistinctValues}). */
  static LevelGrid ofDistinctValues(Volume volume, float[] distinct) {
    LevelGrid g = new LevelGrid(volume.shape3(), distinct.length);
    float[] v = volume.values();
    int src = 0;
    for (int i = 1; i <= g.n0; i++) {
      for (int j = 1; j <= g.n1; j++) {
        int row = i * g.s0 + j * g.s1;
        for (int k = 1; k <= g.n2; k++) {
          float x = v[src++];
          g.key[row + k] = DistinctValues.isPresentAtAll(x)
              ? java.util.Arrays.binarySearch(distinct, DistinctValues.normalise(x))
              : g.absent;
        }
      }
    }
    return g;
  }

  private static int thresholdLevel(float value, double[] t, int absent) {
    if (!(value < Float.POSITIVE_INFINITY)) {
      return absent; // NaN and +inf never enter, even at a threshold of +inf
    }
    if (t.length <= 16) { // few thresholds: a branch-free count beats a binary search
      int below = 0;
      for (double x : t) {
        below += value > x ? 1 : 0;
      }
      return below;
    }
    int lo = 0;
    int hi = t.length;
    while (lo < hi) { // first t >= value
      int mid = (lo + hi) >>> 1;
      if (value <= t[mid]) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Number of real (non-padding) cells. */
  int realSize() {
    return n0 * n1 * n2;
  }

  /** Whether any axis has size 1: the set then lies in a plane and has no 2-dimensional holes. */
  boolean isFlat() {
    return n0 == 1 || n1 == 1 || n2 == 1;
  }

  /** Face (6) neighbours, or all 26 when {@code full}. */
  Neighbourhood neighbourhood(boolean full) {
    return Neighbourhood.of(this, full);
  }
}
