package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-checked cases and argument validation. */
class EngineEdgeCasesTest {
  private static final BettiEngine CPU = new CpuBettiEngine();

  @AfterAll
  static void close() {
    CPU.close();
  }

  private static long[] at(Volume v, Construction c, double t) {
    return CPU.betti(List.of(v), c, new double[] {t})[0][0];
  }

  @ParameterizedTest
  @EnumSource(Construction.class)
  void constantArrayIsEmptyBelowAndContractibleFromItsValue(Construction c) {
    Volume v = Volume.of(new float[27], 3, 3, 3);
    assertThat(at(v, c, -0.5)).containsExactly(0, 0, 0);
    assertThat(at(v, c, 0)).containsExactly(1, 0, 0);
    assertThat(at(v, c, -0.0)).containsExactly(1, 0, 0);
  }

  @Test
  void diagonalPairDiffersBetweenConstructions() {
    // 0 1
    // 1 0 : V sees two vertices, T two squares sharing a corner
    Volume v = Volume.of(new float[] {0, 1, 1, 0}, 2, 2);
    assertThat(at(v, Construction.V, 0)).containsExactly(2, 0);
    assertThat(at(v, Construction.T, 0)).containsExactly(1, 0);
  }

  @Test
  void squareLoopHasOneHoleInBothConstructions() {
    float[] v = new float[9];
    v[4] = 1; // centre absent
    Volume loop = Volume.of(v, 3, 3);
    assertThat(at(loop, Construction.V, 0)).containsExactly(1, 1);
    assertThat(at(loop, Construction.T, 0)).containsExactly(1, 1);
  }

  @Test
  void diagonalHoleIsOpenForVAndClosedForT() {
    // a ring of present cells whose hole touches the outside only diagonally
    float[] v = {
        1, 0, 0, 0,
        0, 1, 0, 0,
        0, 0, 0, 0,
        0, 0, 0, 0};
    Volume vol = Volume.of(v, 4, 4);
    assertThat(at(vol, Construction.V, 0)).containsExactly(1, 0);
    assertThat(at(vol, Construction.T, 0)).containsExactly(1, 1);
  }

  @Test
  void hollowCubeEnclosesAVoid() {
    float[] v = new float[27];
    v[13] = 1;
    Volume cube = Volume.of(v, 3, 3, 3);
    assertThat(at(cube, Construction.V, 0)).containsExactly(1, 0, 1);
    assertThat(at(cube, Construction.T, 0)).containsExactly(1, 0, 1);
  }

  @ParameterizedTest
  @EnumSource(Construction.class)
  void nanAndPositiveInfinityNeverEnterAndNegativeInfinityAlwaysDoes(Construction c) {
    Volume v = Volume.of(new float[] {Float.NEGATIVE_INFINITY, Float.NaN, Float.POSITIVE_INFINITY, 0}, 4);
    assertThat(at(v, c, Double.NEGATIVE_INFINITY)).containsExactly(1);
    assertThat(at(v, c, Double.POSITIVE_INFINITY)).containsExactly(2);
    BettiCurve curve = CPU.curve(v, c);
    assertThat(curve.values()).containsExactly(Double.NEGATIVE_INFINITY, 0);
    assertThat(curve.betti()).isDeepEqualTo(new long[][] {{1}, {2}});
  }

  @Test
  void allNanVolumeHasAnEmptyCurve() {
    Volume v = Volume.of(new float[] {Float.NaN, Float.NaN}, 1, 2);
    BettiCurve curve = CPU.curve(v, Construction.V);
    assertThat(curve.size()).isZero();
    assertThat(curve.at(5)).containsExactly(0, 0);
  }

  @Test
  void resultsFollowTheCallersThresholdOrderWithDuplicates() {
    Volume v = Volume.of(new float[] {0, 2, 1, 2, 0}, 5);
    long[][] rows = CPU.betti(List.of(v), Construction.V, new double[] {2, 0, 1, 0, -0.0})[0];
    assertThat(rows).isDeepEqualTo(new long[][] {{1}, {2}, {3}, {2}, {2}});
  }

  @Test
  void batchesOfMixedShapesKeepTheirOrder() {
    Volume a = Volume.of(new float[] {0, 1, 0}, 3);
    Volume b = Volume.of(new float[] {0, 0, 0, 1}, 2, 2);
    long[][][] r = CPU.betti(List.of(a, b, a), Construction.T, new double[] {0});
    assertThat(r[0][0]).containsExactly(2);
    assertThat(r[1][0]).containsExactly(1, 0);
    assertThat(r[2][0]).containsExactly(2);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> Volume.of(new float[16], 2, 2, 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank must be 1, 2 or 3");
    assertThatThrownBy(() -> Volume.of(new float[3], 2, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 4 values, got 3");
    assertThatThrownBy(() -> Volume.of(new float[0], 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 1");
    Volume v = Volume.of(new float[1], 1);
    assertThatThrownBy(() -> CPU.betti(List.of(v), Construction.V, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    assertThatThrownBy(() -> Construction.parse("x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'v' or 't'");
    assertThatThrownBy(() -> BettiEngines.open("tpu"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected one of cpu, auto");
  }

  @Test
  void parsesConstructionsCaseInsensitively() {
    assertThat(Construction.parse("V")).isEqualTo(Construction.V);
    assertThat(Construction.parse(" t ")).isEqualTo(Construction.T);
  }

  @Test
  void volumeIsImmutable() {
    float[] data = {1, 2};
    Volume v = Volume.of(data, 2);
    data[0] = 9;
    v.data()[1] = 9;
    assertThat(v.get(0)).isEqualTo(1);
    assertThat(v.get(1)).isEqualTo(2);
    assertThat(v.rank()).isEqualTo(1);
    assertThat(v.size()).isEqualTo(2);
  }
}
