package dev.topowatch.experiment.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import org.junit.jupiter.api.Test;

/** Every mode the grid compares is a valid analyzer configuration with eight thresholds. */
class ThresholdModesTest {

  @Test
  void eachModeConfiguresTheAnalyzer() {
    assertThat(AnalyzerConfig.of(ThresholdModes.settings("absolute")).thresholdSpec().labels()).hasSize(8).startsWith("0", "0.25");
    assertThat(AnalyzerConfig.of(ThresholdModes.settings("quantile")).thresholdSpec().labels()).hasSize(8).startsWith("q0.10");
    assertThat(AnalyzerConfig.of(ThresholdModes.settings("standardised")).thresholdSpec().labels()).hasSize(8).startsWith("z-1");
    assertThatThrownBy(() -> ThresholdModes.settings("scaled")).hasMessageContaining("absolute, quantile or standardised");
  }
}
