package dev.topowatch.analyzer.topology.djl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.topowatch.analyzer.topology.BettiCurve;
import dev.topowatch.analyzer.topology.BettiEngine;
import dev.topowatch.analyzer.topology.Construction;
import dev.topowatch.analyzer.topology.CpuBettiEngine;
import dev.topowatch.analyzer.topology.Volume;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/** The tensor back end gives the CPU engine's numbers on every input: batches, thresholds, curves. */
class DjlMatchesCpuTest {
  private static final double[] THRESHOLDS = {
      Double.NEGATIVE_INFINITY, 0, 0.1, 0.5, 1, 2, 3, Double.POSITIVE_INFINITY};
  private static final BettiEngine CPU = new CpuBettiEngine(1);
  // a small chunk bound forces batches and threshold lists to be split
  private static final BettiEngine DJL = new DjlBettiEngine(8_000);

  @AfterContainer
  static void close() {
    CPU.close();
    DJL.close();
  }

  @Property(tries = 200, seed = "6")
  void batchesAgree(@ForAll("batches") List<Volume> batch, @ForAll("constructions") Construction c) {
    assertThat(DJL.betti(batch, c, THRESHOLDS)).isDeepEqualTo(CPU.betti(batch, c, THRESHOLDS));
  }

  @Property(tries = 100, seed = "7")
  void curvesAgree(@ForAll("volumes") Volume volume, @ForAll("constructions") Construction c) {
    BettiCurve cpu = CPU.curve(volume, c);
    BettiCurve djl = DJL.curve(volume, c);
    assertThat(djl.values()).containsExactly(cpu.values());
    assertThat(djl.betti()).isDeepEqualTo(cpu.betti());
  }

  @Provide
  Arbitrary<Construction> constructions() {
    return Arbitraries.of(Construction.class);
  }

  @Provide
  Arbitrary<Volume> volumes() {
    return shapes().flatMap(DjlMatchesCpuTest::volumeOf);
  }

  /** 1..4 volumes, mixed shapes, values with ties, NaN, ±∞ and a value (0.1f) that a float threshold would misplace. */
  @Provide
  Arbitrary<List<Volume>> batches() {
    return shapes().flatMap(shape -> volumeOf(shape).list().ofMinSize(1).ofMaxSize(3))
        .list().ofMinSize(1).ofMaxSize(2).map(lists -> {
          List<Volume> all = new ArrayList<>();
          lists.forEach(all::addAll);
          return all;
        });
  }

  private static Arbitrary<int[]> shapes() {
    Arbitrary<Integer> edge = Arbitraries.integers().between(1, 6);
    return Arbitraries.integers().between(1, 3).flatMap(rank -> switch (rank) {
      case 1 -> edge.map(a -> new int[] {a});
      case 2 -> Combinators.combine(edge, edge).as((a, b) -> new int[] {a, b});
      default -> Combinators.combine(edge, edge, edge).as((a, b, d) -> new int[] {a, b, d});
    });
  }

  private static Arbitrary<Volume> volumeOf(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    Arbitrary<Float> value = Arbitraries.frequencyOf(
        Tuple.of(20, Arbitraries.integers().between(0, 3).map(i -> (float) i)),
        Tuple.of(3, Arbitraries.of(Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0.1f, -0f)));
    int size = n;
    return value.list().ofSize(size).map(list -> {
      float[] data = new float[size];
      for (int i = 0; i < size; i++) {
        data[i] = list.get(i);
      }
      return Volume.of(data, shape);
    });
  }
}
