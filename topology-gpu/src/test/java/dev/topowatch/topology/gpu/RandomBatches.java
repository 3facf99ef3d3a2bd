package dev.topowatch.topology.gpu;

import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random batches for the gpu-against-cpu properties: 1-D to 3-D volumes of odd shapes with size-1
 * axes, values from a small alphabet (heavy ties) with NaN, ±∞ and −0 sprinkled in, mixed shapes in
 * one batch, both constructions, one threshold list or one per volume.
 */
final class RandomBatches {
  private RandomBatches() {}

  /** A batch and how to ask for it. */
  record Batch(List<Volume> volumes, Construction construction, List<double[]> thresholds, boolean perVolume) {
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(construction + (perVolume ? " per-volume" : " shared") + " thresholds");
      for (int i = 0; i < volumes.size(); i++) {
        s.append("\n  ").append(volumes.get(i)).append(" at ")
            .append(java.util.Arrays.toString(thresholds.get(perVolume ? i : 0)));
      }
      return s.toString();
    }
  }

  static Arbitrary<Batch> batches(int maxVolumes, int minThresholds, int maxThresholds, int maxEdge3d) {
    Arbitrary<List<Volume>> volumes = volume(maxEdge3d).list().ofMinSize(1).ofMaxSize(maxVolumes);
    return Combinators.combine(volumes, Arbitraries.of(Construction.class), Arbitraries.of(true, false),
        thresholds(minThresholds, maxThresholds).list().ofSize(maxVolumes))
        .as((vs, c, perVolume, ts) -> {
          List<double[]> t = new ArrayList<>();
          for (int i = 0; i < (perVolume ? vs.size() : 1); i++) {
            t.add(ts.get(i));
          }
          return new Batch(vs, c, t, perVolume);
        });
  }

  static Arbitrary<Volume> volume(int maxEdge3d) {
    Arbitrary<int[]> shapes = Arbitraries.integers().between(1, 3).flatMap(rank -> switch (rank) {
      case 1 -> Arbitraries.integers().between(1, 40).map(a -> new int[] {a});
      case 2 -> Combinators.combine(edge(12), edge(12)).as((a, b) -> new int[] {a, b});
      default -> Combinators.combine(edge(maxEdge3d), edge(maxEdge3d), edge(maxEdge3d)).as((a, b, c) -> new int[] {a, b, c});
    });
    return shapes.flatMap(shape -> {
      int size = 1;
      for (int d : shape) {
        size *= d;
      }
      int n = size;
      return Arbitraries.integers().between(1, 5).flatMap(alphabet -> value(alphabet).list().ofSize(n).map(list -> {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
          data[i] = list.get(i);
        }
        return Volume.of(data, shape);
      }));
    });
  }

  /** Thresholds that hit the alphabet's values, fall between them, repeat, and reach ±∞. */
  static Arbitrary<double[]> thresholds(int min, int max) {
    Arbitrary<Double> one = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.integers().between(-2, 10).map(i -> i * 0.5)),
        Tuple.of(3, Arbitraries.doubles().between(-1, 5)),
        Tuple.of(1, Arbitraries.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -0.0, 1e300, -1e300,
            (double) Math.nextUp(1f), 1.0000000001)));
    return one.list().ofMinSize(min).ofMaxSize(max).map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static Arbitrary<Integer> edge(int max) {
    return Arbitraries.integers().between(1, max);
  }

  private static Arbitrary<Float> value(int alphabet) {
    return Arbitraries.frequencyOf(
        Tuple.of(30, Arbitraries.integers().between(0, alphabet - 1).map(i -> (float) i)),
        Tuple.of(1, Arbitraries.of(Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, -0f, 2.5f,
            Math.nextUp(1f))));
  }
}
