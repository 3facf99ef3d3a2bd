package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Quantile thresholds against numpy's {@code np.quantile} (linear interpolation), values worked there. */
@Timeout(10)
class QuantilesTest {

  @Test
  void interpolatesBetweenOrderStatisticsLikeNumpy() {
    // np.quantile([4, 1, 3, 2], [0, 0.5, 0.9, 1]) -> [1, 2.5, 3.7, 4]
    assertThat(Quantiles.of(new float[] {4, 1, 3, 2}, 0, 4, new double[] {0, 0.5, 0.9, 1}))
        .containsExactly(new double[] {1, 2.5, 3.7, 4}, within(1e-6));
    // np.quantile([0, 0, 0, 5, 10], [0.25, 0.75, 0.99]) -> [0, 5, 9.8]
    assertThat(Quantiles.of(new float[] {0, 0, 0, 5, 10}, 0, 5, new double[] {0.25, 0.75, 0.99}))
        .containsExactly(new double[] {0, 5, 9.8}, within(1e-6));
  }

  @Test
  void readsOnlyItsRangeAndSkipsNonFiniteValues() {
    float[] two = {100, 4, Float.NaN, 1, 3, Float.POSITIVE_INFINITY, 2, -100};
    assertThat(Quantiles.of(two, 1, 6, new double[] {0, 0.5, 1})).containsExactly(new double[] {1, 2.5, 4}, within(1e-6));
  }

  @Test
  void aVolumeWithoutFiniteValuesHasNone() {
    assertThatThrownBy(() -> Quantiles.of(new float[] {Float.NaN, Float.NaN}, 0, 2, new double[] {0.5}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without finite values");
  }
}
