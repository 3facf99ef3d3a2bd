package dev.topowatch.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RankStatsTest {

  @Test
  void holmMatchesStatsmodels() {
    // statsmodels.stats.multitest.multipletests([0.01, 0.04, 0.03, 0.2], method='holm')[1]
    assertThat(RankStats.holm(new double[] {0.01, 0.04, 0.03, 0.2}))
        .containsExactly(new double[] {0.04, 0.09, 0.09, 0.2}, within(1e-12));
    assertThat(RankStats.holm(new double[] {Double.NaN, 0.02})[0]).isNaN();
    assertThat(RankStats.holm(new double[] {Double.NaN, 0.02})[1]).isEqualTo(0.02);
  }

  @Test
  void criticalTauAtFifteenRunsIsAboutPointThreeNine() {
    assertThat(RankStats.criticalTau(15)).isCloseTo(0.39, within(0.005));
  }

  @Test
  void partialTauRemovesASharedDriver() {
    double[] z = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] x = {1, 2, 3, 4, 5, 6, 7, 8};
    double[] y = {2, 1, 4, 3, 6, 5, 8, 7};
    // x is z itself: given z nothing of x is left to correlate
    assertThat(RankStats.partialTau(x, y, z)).isNaN();
    double[] ci = RankStats.bootstrapTau(x, y, 500, 1);
    assertThat(ci[0]).isLessThanOrEqualTo(KendallTau.tau(x, y));
    assertThat(ci[1]).isGreaterThanOrEqualTo(KendallTau.tau(x, y));
  }
}
