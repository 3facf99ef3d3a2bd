package dev.topowatch.experiment.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.experiment.data.Series;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class ChangePointTest {

  @Test
  void findsTheKneeOfAHingeInNoise() {
    Random random = new Random(3);
    double[] x = new double[100];
    double[] y = new double[100];
    for (int i = 0; i < 100; i++) {
      x[i] = i * 20;
      y[i] = (x[i] < 1200 ? -0.001 * x[i] : -1.2 + 0.002 * (x[i] - 1200)) + random.nextGaussian() * 0.05;
    }
    ChangePoint.Result r = ChangePoint.of(new Series(x, y));
    assertThat(r.step()).isBetween(1100.0, 1300.0);
    assertThat(r.slopeBefore()).isCloseTo(-0.001, within(3e-4));
    assertThat(r.slopeAfter()).isCloseTo(0.002, within(3e-4));
    assertThat(r.gain()).isGreaterThan(0.8);
  }

  @Test
  void aStraightLineHasNoGainAndTooFewPointsNoAnswer() {
    double[] x = new double[40];
    double[] y = new double[40];
    for (int i = 0; i < 40; i++) {
      x[i] = i;
      y[i] = 3 - 0.5 * i;
    }
    assertThat(ChangePoint.of(new Series(x, y)).gain()).isCloseTo(0, within(1e-6));
    assertThat(ChangePoint.of(new Series(new double[] {1, 2, 3}, new double[] {1, 2, Double.NaN})).step()).isNaN();
  }
}
