package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LinearSystemTest {

  /** A·x reproduces b for random well-conditioned systems, rows in any order (pivoting needed). */
  @Property(tries = 200, seed = "20")
  void solutionSatisfiesTheSystem(@ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed) {
    Random random = new Random(seed);
    double[][] a = new double[n][n];
    double[] b = new double[n];
    for (int r = 0; r < n; r++) {
      b[r] = random.nextGaussian();
      for (int c = 0; c < n; c++) {
        a[r][c] = random.nextGaussian();
      }
      a[r][(r + 1) % n] += n * 2 * (random.nextBoolean() ? 1 : -1); // dominant off the diagonal: pivots must swap
    }
    double[][] aCopy = a.clone();
    double[] x = LinearSystem.solve(a, b);
    assertThat(a).isEqualTo(aCopy);
    for (int r = 0; r < n; r++) {
      double s = 0;
      for (int c = 0; c < n; c++) {
        s += a[r][c] * x[c];
      }
      assertThat(s).isCloseTo(b[r], org.assertj.core.data.Offset.offset(1e-9 * (1 + Math.abs(b[r]))));
    }
  }

  @Test
  void aZeroLeadingEntryNeedsThePivot() {
    assertThat(LinearSystem.solve(new double[][] {{0, 1}, {1, 0}}, new double[] {2, 3})).containsExactly(3, 2);
  }

  @Test
  void singularAndMisshapenSystemsAreRejected() {
    assertThatThrownBy(() -> LinearSystem.solve(new double[][] {{1, 2}, {2, 4}}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singular");
    assertThatThrownBy(() -> LinearSystem.solve(new double[][] {{1, 2}}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2×2");
  }
}
