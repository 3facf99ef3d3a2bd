package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reference answers of spec section 3 (GUDHI 3.7.1 and CubicalRipser on binary volumes:
 * value 0 occupied, 1 empty, threshold 0), for both constructions, at a threshold and on the curve.
 */
class ReferenceShapesTest {
  private static final BettiEngine CPU = new CpuBettiEngine();

  @AfterAll
  static void close() {
    CPU.close();
  }

  /** Distance of (x, y, z) from the core circle of a torus of major radius r around the centre, in the z=c plane. */
  static double torusDistance(int n, double major, int x, int y, int z) {
    double c = (n - 1) / 2.0;
    double ring = Math.hypot(x - c, y - c) - major;
    return Math.hypot(ring, z - c);
  }

  static Volume torus(int n, double major, double inner, double outer) {
    float[] v = new float[n * n * n];
    int i = 0;
    for (int x = 0; x < n; x++) {
      for (int y = 0; y < n; y++) {
        for (int z = 0; z < n; z++) {
          double d = torusDistance(n, major, x, y, z);
          v[i++] = d >= inner && d <= outer ? 0f : 1f;
        }
      }
    }
    return Volume.of(v, n, n, n);
  }

  static Volume ring(int n, double inner, double outer) {
    float[] v = new float[n * n];
    double c = (n - 1) / 2.0;
    for (int x = 0; x < n; x++) {
      for (int y = 0; y < n; y++) {
        double r = Math.hypot(x - c, y - c);
        v[x * n + y] = r >= inner && r <= outer ? 0f : 1f;
      }
    }
    return Volume.of(v, n, n);
  }

  @ParameterizedTest
  @EnumSource(Construction.class)
  void solidTorus(Construction construction) {
    assertBetti(torus(64, 18, 0, 9), construction, 1, 1, 0);
  }

  @ParameterizedTest
  @EnumSource(Construction.class)
  void hollowThickTorus(Construction construction) {
    assertBetti(torus(64, 18, 5, 10), construction, 1, 2, 1);
  }

  @ParameterizedTest
  @EnumSource(Construction.class)
  void thickRing(Construction construction) {
    assertBetti(ring(256, 60, 90), construction, 1, 1);
  }

  private static void assertBetti(Volume volume, Construction construction, long... expected) {
    long[][] atZero = CPU.betti(List.of(volume), construction, new double[] {0})[0];
    assertThat(atZero[0]).containsExactly(expected);
    BettiCurve curve = CPU.curve(volume, construction);
    assertThat(curve.values()).containsExactly(0, 1);
    assertThat(curve.at(0)).containsExactly(expected);
    long[] full = new long[expected.length];
    full[0] = 1; // at 1 the whole box is present: contractible
    assertThat(curve.at(1)).containsExactly(full);
  }
}
