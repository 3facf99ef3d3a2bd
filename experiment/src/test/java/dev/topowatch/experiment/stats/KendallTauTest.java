package dev.topowatch.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class KendallTauTest {

  @Test
  void matchesScipyWithAndWithoutTies() {
    // scipy.stats.kendalltau: 0.6 and 0.6667 (tau-b), exact p 0.13611 for the first (no ties, n = 6).
    KendallTau.Result r = KendallTau.test(new double[] {1, 2, 3, 4, 5, 6}, new double[] {2, 1, 4, 3, 6, 5}, 0, 0);
    assertThat(r.tau()).isCloseTo(0.6, within(1e-12));
    assertThat(r.exact()).isTrue();
    assertThat(r.p()).isCloseTo(0.1361111, within(1e-6));
    assertThat(KendallTau.tau(new double[] {1, 2, 2, 3, 4}, new double[] {1, 3, 2, 2, 5})).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void theAuthorsSevenModelsGiveScipysExactPValue() {
    double[] theta = {0.203396, 0.194418, 0.146613, 0.008449, 0.055637, -0.031132, -0.028561};
    double[] accuracy = {94.74, 95.42, 95.78, 95.93, 95.17, 96.53, 96.39};
    KendallTau.Result r = KendallTau.test(theta, accuracy, 0, 0);
    assertThat(r.tau()).isCloseTo(-0.8095238, within(1e-6));
    assertThat(r.p()).isCloseTo(0.0107143, within(1e-6));
  }

  @Test
  void nonFinitePairsAreLeftOutAndASeededTestRepeats() {
    double[] x = new double[20];
    double[] y = new double[20];
    for (int i = 0; i < 20; i++) {
      x[i] = i;
      y[i] = (i * 7) % 20;
    }
    x[3] = Double.NaN;
    KendallTau.Result a = KendallTau.test(x, y, 2_000, 42);
    assertThat(a.n()).isEqualTo(19);
    assertThat(a.exact()).isFalse();
    assertThat(KendallTau.test(x, y, 2_000, 42)).isEqualTo(a);
    assertThat(a.p()).isGreaterThan(0).isLessThanOrEqualTo(1);
  }

  /** The permutation p of a perfect ranking is the smallest possible, 2/n! exactly. */
  @Property(tries = 20, seed = "11")
  void aPerfectRankingHasTheSmallestExactP(@ForAll @IntRange(min = 3, max = 7) int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    long factorial = 1;
    for (int i = 2; i <= n; i++) {
      factorial *= i;
    }
    KendallTau.Result r = KendallTau.test(x, x.clone(), 0, 0);
    assertThat(r.tau()).isEqualTo(1.0);
    assertThat(r.p()).isCloseTo(2.0 / factorial, within(1e-12));
  }

  /** τ-b is symmetric and flips sign when one variable is negated. */
  @Property(tries = 200, seed = "7")
  void symmetricAndAntisymmetric(@ForAll @Size(min = 3, max = 12) java.util.List<@IntRange(min = 0, max = 5) Integer> a,
      @ForAll @Size(min = 3, max = 12) java.util.List<@IntRange(min = 0, max = 5) Integer> b) {
    int n = Math.min(a.size(), b.size());
    double[] x = a.stream().limit(n).mapToDouble(Integer::doubleValue).toArray();
    double[] y = b.stream().limit(n).mapToDouble(Integer::doubleValue).toArray();
    double t = KendallTau.tau(x, y);
    if (Double.isNaN(t)) {
      return;
    }
    assertThat(KendallTau.tau(y, x)).isCloseTo(t, within(1e-12));
    assertThat(KendallTau.tau(x, java.util.Arrays.stream(y).map(v -> -v).toArray())).isCloseTo(-t, within(1e-12));
    assertThat(Math.abs(t)).isLessThanOrEqualTo(1.0 + 1e-12);
  }
}
