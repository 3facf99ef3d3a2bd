package dev.topowatch.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Spearman ρ of Ω over depth against a slow reference, and the paper's arrays where θ and ρ disagree in sign. */
class DepthTrendTest {

  @Property(tries = 2000, seed = "20261207")
  void matchesTheTextbookDefinition(@ForAll @Size(min = 3, max = 40) int[] raw, @ForAll @IntRange(min = 1, max = 6) int levels) {
    // Few distinct levels, so ties are common.
    double[] omega = new double[raw.length];
    for (int i = 0; i < raw.length; i++) {
      omega[i] = Math.floorMod(raw[i], levels) * 0.5;
    }
    double expected = reference(omega);
    double actual = DepthTrend.spearman(omega);
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
    } else {
      assertThat(actual).isCloseTo(expected, within(1e-12));
    }
  }

  /** Ranks by counting (rank = #less + (#equal + 1) / 2), then Pearson's r by its defining sums. */
  private static double reference(double[] y) {
    int n = y.length;
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      int less = 0;
      int equal = 0;
      for (double v : y) {
        if (v < y[i]) {
          less++;
        } else if (v == y[i]) {
          equal++;
        }
      }
      r[i] = less + (equal + 1) / 2.0;
    }
    double mx = 0;
    double mr = 0;
    for (int i = 0; i < n; i++) {
      mx += (i + 1.0) / n;
      mr += r[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (i + 1 - mx) * (r[i] - mr);
      sxx += (i + 1 - mx) * (i + 1 - mx);
      syy += (r[i] - mr) * (r[i] - mr);
    }
    return syy < 1e-9 ? Double.NaN : sxy / Math.sqrt(sxx * syy); // all tied: no direction (rounding aside)
  }

  @Test
  void signIsTheDirection() {
    assertThat(DepthTrend.spearman(new double[] {10, 8, 6, 4, 2})).isEqualTo(-1.0);
    assertThat(DepthTrend.spearman(new double[] {1, 2, 2, 5})).isCloseTo(0.9487, within(1e-4));
    assertThat(DepthTrend.spearman(new double[] {3, 3, 3})).isNaN();
    assertThat(DepthTrend.spearman(new double[] {1, 2})).isNaN();
    assertThatThrownBy(() -> DepthTrend.spearman(new double[] {1, Double.NaN, 2})).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onThePapersArraysOmegaFallsWhileThetaIsPositive() throws IOException {
    // Issue 17: θ's sign is not the direction. VGG16 falls 14-fold with depth, θ = +0.20.
    double[] vgg = TopologicalComplexity.perLayerByClass(PaperBettis.load("vgg16.npy"));
    assertThat(DepthTrend.spearman(vgg)).isCloseTo(-0.87, within(0.01));
    assertThat(DecayRate.theta(vgg)).isPositive();
    double[] r18 = TopologicalComplexity.perLayerByClass(PaperBettis.load("resnet18.npy"));
    assertThat(DepthTrend.spearman(r18)).isCloseTo(-0.84, within(0.01));
    assertThat(DecayRate.theta(r18)).isPositive();
  }
}
