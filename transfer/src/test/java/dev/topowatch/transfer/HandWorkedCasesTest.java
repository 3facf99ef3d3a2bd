package dev.topowatch.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Small cases worked by hand (LEEP, NCE) or with numpy running the authors' reference code (LogME's
 * {@code each_evidence} of the ICML 2021 release; H-score as {@code np.trace(np.linalg.pinv(cov(f))
 * @ cov(g))}). The numpy lines are in each test's comment.
 */
class HandWorkedCasesTest {
  private static final double[][] F = {{1, 0}, {0, 1}, {1, 1}, {2, 1}, {0, 2}};
  private static final int[] Y = {0, 1, 1, 0, 1};
  private static final double[][] F3 = {{1, 2, 0}, {2, 1, 1}, {0, 1, 3}, {1, 0, 2}, {3, 1, 1}, {2, 2, 2}};
  private static final int[] Y3 = {0, 0, 1, 1, 2, 2};
  private static final double[][] P = {{0.9, 0.1}, {0.8, 0.2}, {0.3, 0.7}, {0.2, 0.8}};
  private static final int[] YP = {0, 0, 1, 0};

  /** numpy: logme(F, y) with F, y as above and the authors' each_evidence → -0.8970154350662075. */
  @Test
  void logMeOfFiveSamples() {
    assertThat(LogMe.score(F, Y)).isCloseTo(-0.8970154350662075, within(1e-12));
  }

  /** numpy: logme(F3, y3) → -0.781315371683094. */
  @Test
  void logMeOfThreeClasses() {
    assertThat(LogMe.score(F3, Y3)).isCloseTo(-0.781315371683094, within(1e-12));
  }

  /**
   * By hand: mean (0.8, 1); class means (1.5, 0.5) (2 samples) and (1/3, 4/3) (3 samples); cov(f) =
   * [[0.7, −0.25], [−0.25, 0.5]], cov(g) = [[49/120, −7/24], [−7/24, 5/24]]; tr(cov(f)⁻¹ cov(g)) = 49/69
   * (numpy: 0.7101449275362317).
   */
  @Test
  void hScoreOfFiveSamples() {
    assertThat(HScore.score(F, Y)).isCloseTo(49.0 / 69.0, within(1e-12));
  }

  /** numpy: hscore(F3, y3) → 1.6781609195402307 (= 146/87). */
  @Test
  void hScoreOfThreeClasses() {
    assertThat(HScore.score(F3, Y3)).isCloseTo(146.0 / 87.0, within(1e-12));
  }

  /**
   * By hand: P̂(y,z) = [[0.475, 0.275], [0.075, 0.175]], P̂(z) = (0.55, 0.45); EEP of the four
   * samples 0.838384, 0.813131, 0.313131, 0.661616; LEEP = mean log = −0.4893360652977229.
   */
  @Test
  void leepOfFourSamples() {
    assertThat(Leep.score(P, YP)).isCloseTo(-0.4893360652977229, within(1e-12));
  }

  /** By hand: z = (0, 0, 1, 1); given z = 0 the label is sure, given z = 1 it is a coin: −½ ln 2. */
  @Test
  void nceOfFourSamples() {
    assertThat(Nce.score(P, YP)).isCloseTo(-0.5 * Math.log(2), within(1e-15));
  }

  /** A source label that determines the target label: NCE 0, LEEP log 1 = 0 for one-hot outputs. */
  @Test
  void perfectSourceLabelsScoreZero() {
    double[][] oneHot = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}};
    int[] y = {1, 0, 0, 1};
    assertThat(Nce.score(oneHot, y)).isZero();
    assertThat(Leep.score(oneHot, y)).isCloseTo(0, within(1e-15));
  }

  /** A constant (dead) feature adds nothing to H-score: the pseudo-inverse drops it. */
  @Test
  void deadFeatureDoesNotChangeHScore() {
    double[][] withDead = new double[F.length][];
    for (int i = 0; i < F.length; i++) {
      withDead[i] = new double[] {F[i][0], 0, F[i][1]};
    }
    assertThat(HScore.score(withDead, Y)).isCloseTo(49.0 / 69.0, within(1e-12));
  }

  @Test
  void clearErrors() {
    assertThatThrownBy(() -> LogMe.score(F, new int[] {0, 1}))
        .hasMessage("features has 5 rows but there are 2 labels");
    assertThatThrownBy(() -> HScore.score(F, new int[] {0, 2, 2, 0, 2}))
        .hasMessage("labels must be 0..2 with every class present; class 1 has no sample");
    assertThatThrownBy(() -> Leep.score(new double[][] {{2, -1}, {0.5, 0.5}}, new int[] {0, 1}))
        .hasMessageContaining("negative probability");
    assertThatThrownBy(() -> Nce.score(new double[][] {{3, 1}, {0.5, 0.5}}, new int[] {0, 1}))
        .hasMessageContaining("sums to 4.0, not 1 (pass softmax outputs, not logits)");
  }
}
