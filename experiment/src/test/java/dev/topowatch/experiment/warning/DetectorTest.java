package dev.topowatch.experiment.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pre-registered outcome and detection rules on hand-made series. */
class DetectorTest {

  @Test
  void aRunThatLearnsThenReturnsToChanceDiedWhereItsL50StayedHigh() {
    double[] loss = new double[400];
    Arrays.fill(loss, 0, 200, 1.0);
    Arrays.fill(loss, 200, 400, 2.3);
    Outcome o = Outcome.of(loss);
    assertThat(o.kind()).isEqualTo(Outcome.Kind.DIED);
    // L50 ≥ 2.0 once k of the last 50 are 2.3 with 2.3k + (50 − k) ≥ 100, k ≥ 38.5: k = 39 at step 238
    assertThat(o.deathStep()).isEqualTo(238);
    double[] never = new double[100];
    Arrays.fill(never, 2.3);
    assertThat(Outcome.of(never).kind()).isEqualTo(Outcome.Kind.NEVER_LEARNED);
    double[] fine = new double[100];
    Arrays.fill(fine, 0.5);
    assertThat(Outcome.of(fine).kind()).isEqualTo(Outcome.Kind.SURVIVED);
  }

  @Test
  void aDetectorFiresOnTheThirdConsecutiveStepAndNotOnABlip() {
    Detector dead = Detector.preregistered().stream().filter(d -> d.id().equals("D-last")).findFirst().orElseThrow();
    double[] fractions = {0.5, 0.95, 0.95, 0.5, 0.91, 0.92, 0.93, 0.99};
    List<WarningRun.Point> points = new ArrayList<>();
    for (int i = 0; i < fractions.length; i++) {
      points.add(new WarningRun.Point(10L * i, 0, 5, 0, 0, fractions[i], fractions[i], 10, 1.0, 0.7));
    }
    assertThat(dead.detectionStep(points)).isEqualTo(60);
    Detector stall = Detector.preregistered().stream().filter(d -> d.id().equals("L-stall")).findFirst().orElseThrow();
    // never below 1.5 before: a run that never learned does not "stall back" to chance
    assertThat(stall.detectionStep(points.stream().map(p -> withLoss(p, 2.3)).toList())).isEqualTo(-1);
  }

  private static WarningRun.Point withLoss(WarningRun.Point p, double loss) {
    return new WarningRun.Point(p.step(), p.timeMs(), p.lastConvB0(), p.lastConvB1(), p.lastConvB2(), p.lastReluDead(),
        p.maxReluDead(), p.lateMax(), loss, p.accuracy50());
  }
}
