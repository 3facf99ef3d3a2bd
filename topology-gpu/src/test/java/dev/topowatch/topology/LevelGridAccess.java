package dev.topowatch.topology;

/** The cpu back end's quantisation ({@link LevelGrid}), for the gpu back end's tests to compare with. */
public final class LevelGridAccess {
  private LevelGridAccess() {}

  /** The level of every entry of {@code volume}, row-major; the number of distinct thresholds when absent. */
  public static int[] levels(Volume volume, double[] thresholds) {
    LevelGrid g = LevelGrid.ofThresholds(volume, Thresholds.of(thresholds).sortedView());
    int[] out = new int[volume.size()];
    int n = 0;
    for (int i = 1; i <= g.n0; i++) {
      for (int j = 1; j <= g.n1; j++) {
        for (int k = 1; k <= g.n2; k++) {
          out[n++] = g.key[i * g.s0 + j * g.s1 + k];
        }
      }
    }
    return out;
  }
}
