package dev.topowatch.analyzer.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdSpecTest {

  @Test
  void fixedThresholdsAreLabelledPlainly() {
    ThresholdSpec t = new ThresholdSpec(new double[] {0, 0.25, 1, 1.75}, false);
    assertThat(t.labels()).containsExactly("0", "0.25", "1", "1.75");
    assertThat(t.resolve(new float[] {9, 9})).containsExactly(0, 0.25, 1, 1.75);
  }

  @Test
  void quantilesInterpolateBetweenOrderStatisticsOfTheFiniteValues() {
    ThresholdSpec t = new ThresholdSpec(new double[] {0, 0.25, 0.5, 1}, true);
    assertThat(t.labels()).containsExactly("q0.00", "q0.25", "q0.50", "q1.00");
    // finite values 1, 2, 3, 4, 5 (numpy: quantile(.25) = 2, (.5) = 3)
    float[] v = {5, Float.NaN, 1, 3, Float.POSITIVE_INFINITY, 2, 4};
    assertThat(t.resolve(v)).containsExactly(1, 2, 3, 5);
    assertThat(new ThresholdSpec(new double[] {0.1}, true).resolve(new float[] {0, 10})).containsExactly(1.0);
  }

  @Test
  void duplicateThresholdsAreRefused() {
    assertThatThrownBy(() -> new ThresholdSpec(new double[] {0.5, 0.50}, false)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void standardisedThresholdsAreZScoresOfEachVolumeAndScaleFree() {
    ThresholdSpec z = new ThresholdSpec(new double[] {-1, 0, 0.5}, ThresholdSpec.Mode.STANDARDISED);
    assertThat(z.labels()).containsExactly("z-1", "z0", "z0.5");
    // values 1, 2, 3, 6: mean 3, population sd sqrt((4 + 1 + 0 + 9) / 4)
    double sd = Math.sqrt(14 / 4.0);
    assertThat(z.resolve(new float[] {1, 2, Float.NaN, 3, 6})).containsExactly(3 - sd, 3, 3 + 0.5 * sd);
    // ×10: every threshold ×10, so every sublevel set is the same
    double[] scaled = z.resolve(new float[] {10, 20, 30, 60});
    assertThat(scaled[0]).isCloseTo(10 * (3 - sd), org.assertj.core.api.Assertions.within(1e-9));
    assertThat(z.resolve(new float[] {4, 4})).containsExactly(4, 4, 4);
    assertThatThrownBy(() -> z.resolve(new float[] {Float.NaN})).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ThresholdSpec.Mode.parse("zscore")).hasMessageContaining("absolute, quantile or standardised");
  }
}
