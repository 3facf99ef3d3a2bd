package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/** The fast engine against the Z/2 boundary-matrix reference, thresholds and curves, both constructions. */
class EngineMatchesReferenceTest {
  private static final BettiEngine CPU = new CpuBettiEngine(1);

  @AfterContainer
  static void close() {
    CPU.close();
  }

  @Property(tries = 2000, seed = "20261123")
  void vConstructionMatchesReference(@ForAll("volumes") Volume volume) {
    check(volume, Construction.V);
  }

  @Property(tries = 2000, seed = "20261124")
  void tConstructionMatchesReference(@ForAll("volumes") Volume volume) {
    check(volume, Construction.T);
  }

  /** More than 16 thresholds take the binary-search route to levels. */
  @Property(tries = 300, seed = "20261125")
  void manyThresholdsMatchReference(@ForAll("volumes") Volume volume, @ForAll Construction construction) {
    double[] thresholds = new double[26];
    for (int j = 0; j < 24; j++) {
      thresholds[j] = -1 + j * 0.25;
    }
    thresholds[24] = Double.NEGATIVE_INFINITY;
    thresholds[25] = Double.POSITIVE_INFINITY;
    CubicalReference reference = new CubicalReference(volume, construction);
    long[][] fast = CPU.betti(List.of(volume), construction, thresholds)[0];
    for (int j = 0; j < thresholds.length; j++) {
      assertThat(fast[j]).as("%s at %s", construction, thresholds[j]).containsExactly(reference.betti(thresholds[j]));
    }
  }

  @Provide
  Arbitrary<Volume> volumes() {
    return SmallVolumes.upTo(5);
  }

  private static void check(Volume volume, Construction construction) {
    CubicalReference reference = new CubicalReference(volume, construction);
    long[][] fast = CPU.betti(List.of(volume), construction, SmallVolumes.PROBES)[0];
    BettiCurve curve = CPU.curve(volume, construction);
    for (int j = 0; j < SmallVolumes.PROBES.length; j++) {
      double t = SmallVolumes.PROBES[j];
      long[] expected = reference.betti(t);
      assertThat(fast[j]).as("%s at %s", construction, t).containsExactly(expected);
      assertThat(curve.at(t)).as("curve %s at %s", construction, t).containsExactly(expected);
    }
  }
}
