package dev.topowatch.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Each fast score against its slow reference ({@link SlowReferences}) on random small problems:
 * N samples, D features, C target classes (every class present), Z source classes.
 */
class BaselinesMatchReferenceTest {

  @Property(tries = 300, seed = "20261207")
  void logMeMatchesReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int d,
      @ForAll @IntRange(min = 2, max = 4) int c, @ForAll @IntRange(min = 0, max = 30) int extra) {
    Random random = new Random(seed);
    int n = c + d + 2 + extra;
    double[][] f = features(random, n, d);
    int[] y = labels(random, n, c);
    double expected = SlowReferences.logMe(f, y);
    assertThat(LogMe.score(f, y)).isCloseTo(expected, within(1e-8 * Math.max(1, Math.abs(expected))));
  }

  @Property(tries = 300, seed = "20261208")
  void hScoreMatchesReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 7) int d,
      @ForAll @IntRange(min = 2, max = 4) int c, @ForAll @IntRange(min = 0, max = 30) int extra) {
    Random random = new Random(seed);
    int n = c + d + 2 + extra;
    double[][] f = features(random, n, d);
    int[] y = labels(random, n, c);
    double expected = SlowReferences.hScore(f, y);
    assertThat(HScore.score(f, y)).isCloseTo(expected, within(1e-8 * Math.max(1, Math.abs(expected))));
  }

  @Property(tries = 300, seed = "20261209")
  void leepMatchesReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int z,
      @ForAll @IntRange(min = 2, max = 4) int c, @ForAll @IntRange(min = 0, max = 30) int extra) {
    Random random = new Random(seed);
    int n = c + extra;
    double[][] p = probabilities(random, n, z);
    int[] y = labels(random, n, c);
    assertThat(Leep.score(p, y)).isCloseTo(SlowReferences.leep(p, y), within(1e-10));
  }

  @Property(tries = 300, seed = "20261210")
  void nceMatchesReference(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int z,
      @ForAll @IntRange(min = 2, max = 4) int c, @ForAll @IntRange(min = 0, max = 30) int extra) {
    Random random = new Random(seed);
    int n = c + extra;
    double[][] p = probabilities(random, n, z);
    int[] y = labels(random, n, c);
    assertThat(Nce.score(p, y)).isCloseTo(SlowReferences.nce(p, y), within(1e-12));
  }

  /** Gaussian features with a class-free offset per column, so FᵀF is not near-diagonal. */
  static double[][] features(Random random, int n, int d) {
    double[][] f = new double[n][d];
    for (int a = 0; a < d; a++) {
      double offset = random.nextGaussian();
      double scale = 0.1 + 3 * random.nextDouble();
      for (int i = 0; i < n; i++) {
        f[i][a] = offset + scale * random.nextGaussian();
      }
    }
    return f;
  }

  /** Labels 0..c-1, every class present, in random order. */
  static int[] labels(Random random, int n, int c) {
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i < c ? i : random.nextInt(c);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = y[i];
      y[i] = y[j];
      y[j] = t;
    }
    return y;
  }

  /** Softmax rows of random logits; sometimes peaked, sometimes flat. */
  static double[][] probabilities(Random random, int n, int z) {
    double temperature = 0.2 + 3 * random.nextDouble();
    double[][] p = new double[n][z];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int k = 0; k < z; k++) {
        p[i][k] = Math.exp(random.nextGaussian() * temperature);
        sum += p[i][k];
      }
      for (int k = 0; k < z; k++) {
        p[i][k] /= sum;
      }
    }
    return p;
  }
}
