package dev.topowatch.experiment.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SoundGridPlanTest {

  private static final List<RunSpec> FULL = SoundGridPlan.plan(Budget.FULL);

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void everyKindOnBothNetworksSeedBySeedThenTheDemoModel() {
    assertThat(FULL).extracting(RunSpec::id).containsExactly(
        "healthy-s1", "overfitting-s1", "healthy-bn-s1", "overfitting-bn-s1", "demo-model-s1",
        "healthy-s2", "overfitting-s2", "healthy-bn-s2", "overfitting-bn-s2", "demo-model-s2",
        "healthy-s3", "overfitting-s3", "healthy-bn-s3", "overfitting-bn-s3", "demo-model-s3");
    assertThat(FULL.stream().filter(r -> r.model().equals("deep-bn")).count()).isEqualTo(6);
    assertThat(SoundGridPlan.plan(Budget.TINY)).hasSize(5);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void healthyRunsStopWhenFlatAndOverFittingRunsGoOnPastTheirMinimum() {
    for (RunSpec r : FULL) {
      assertThat(r.trainEvalImages()).as(r.id()).isPositive().isLessThanOrEqualTo(r.trainImages());
      List<String> args = r.trainerArgs(Path.of("/data"), Path.of("/out"));
      assertThat(args).as(r.id()).containsSequence("--model", r.model()).containsSequence("--train-eval-images", String.valueOf(r.trainEvalImages()));
      switch (r.kind()) {
        case HEALTHY -> {
          assertThat(r.trainImages()).isEqualTo(60_000);
          assertThat(args).containsSequence("--stop-when-flat", String.valueOf(SoundGridPlan.PATIENCE));
        }
        case OVERFITTING -> {
          assertThat(r.trainImages()).isEqualTo(1_000);
          assertThat(r.epochs()).isEqualTo(80);
          assertThat(args).doesNotContain("--stop-when-flat");
        }
        case DEMO_MODEL -> assertThat(r.model()).isEqualTo("small");
        default -> throw new AssertionError("unexpected kind in " + r.id());
      }
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aJobThatStoppedEarlyIsAwaitedAtItsOwnLastSampledStep() {
    RunSpec healthy = FULL.get(0);
    assertThat(healthy.lastSampledStep()).isEqualTo((15L * 1_875 - 1) / 125 * 125);
    assertThat(healthy.sampledSteps(3 * 1_875)).isEqualTo(45);
    assertThat(healthy.lastSampledStep(3 * 1_875)).isEqualTo(5_500);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void allModesRunInAFixedOrder() {
    assertThat(ThresholdModes.MODES).containsExactly("absolute", "quantile", "standardised");
    ThresholdModes.MODES.forEach(ThresholdModes::settings);
    assertThat(Collections.frequency(ThresholdModes.MODES, "absolute")).isOne();
  }
}
