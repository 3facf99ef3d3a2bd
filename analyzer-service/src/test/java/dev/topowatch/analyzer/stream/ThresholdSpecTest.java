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
}
