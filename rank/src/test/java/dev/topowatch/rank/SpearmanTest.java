package dev.topowatch.rank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Values from scipy.stats.spearmanr. */
class SpearmanTest {
  @Test
  void straightFallIsMinusOne() {
    assertThat(Spearman.againstIndex(new double[] {10, 8, 6, 4, 2})).isEqualTo(-1.0);
  }

  @Test
  void tiesTakeAverageRanks() {
    // spearmanr([1,2,3,4], [1,2,2,3]) = 0.9486832980505138; spearmanr([1..5], [3,1,4,1,5]) = 0.41039134083406165
    assertThat(Spearman.againstIndex(new double[] {1, 2, 2, 3})).isCloseTo(0.9486832980505138, within(1e-12));
    assertThat(Spearman.againstIndex(new double[] {3, 1, 4, 1, 5})).isCloseTo(0.41039134083406165, within(1e-12));
  }

  @Test
  void flatProfileHasNoTrend() {
    assertThat(Spearman.againstIndex(new double[] {2, 2, 2})).isNaN();
  }
}
