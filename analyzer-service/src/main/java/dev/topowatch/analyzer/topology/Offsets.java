package dev.topowatch.analyzer.topology;

import java.util.Arrays;

/** Splits neighbour offsets into those pointing back and forward in raster order. */
final class Offsets {
  private Offsets() {}

  static int[] negative(int[] offsets) {
    return Arrays.stream(offsets).filter(o -> o < 0).toArray();
  }

  static int[] positive(int[] offsets) {
    return Arrays.stream(offsets).filter(o -> o > 0).toArray();
  }
}
