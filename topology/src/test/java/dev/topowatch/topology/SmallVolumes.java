package dev.topowatch.topology;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random small volumes for property tests: rank 1..3, size-1 axes allowed, values from a small
 * alphabet so that ties are common, with NaN, ±∞ and −0 sprinkled in.
 */
final class SmallVolumes {
  /** Thresholds that probe every step of an alphabet of 0..3 plus the extremes. */
  static final double[] PROBES = {
      Double.NEGATIVE_INFINITY, -1, 0, 0.5, 1, 2, 2.5, 3, Double.POSITIVE_INFINITY};

  private SmallVolumes() {}

  static Arbitrary<Volume> upTo(int maxEdge3d) {
    Arbitrary<int[]> shapes = Arbitraries.integers().between(1, 3).flatMap(rank -> switch (rank) {
      case 1 -> Arbitraries.integers().between(1, 16).map(a -> new int[] {a});
      case 2 -> Combinators.combine(edge(8), edge(8)).as((a, b) -> new int[] {a, b});
      default -> Combinators.combine(edge(maxEdge3d), edge(maxEdge3d), edge(maxEdge3d))
          .as((a, b, c) -> new int[] {a, b, c});
    });
    return shapes.flatMap(shape -> {
      int size = 1;
      for (int d : shape) {
        size *= d;
      }
      int n = size;
      return Arbitraries.integers().between(1, 4).flatMap(alphabet ->
          value(alphabet).list().ofSize(n).map(list -> {
            float[] data = new float[n];
            for (int i = 0; i < n; i++) {
              data[i] = list.get(i);
            }
            return Volume.of(data, shape);
          }));
    });
  }

  private static Arbitrary<Integer> edge(int max) {
    return Arbitraries.integers().between(1, max);
  }

  private static Arbitrary<Float> value(int alphabet) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(30, Arbitraries.integers().between(0, alphabet - 1).map(i -> (float) i)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(
            Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 2.5f)));
  }
}
