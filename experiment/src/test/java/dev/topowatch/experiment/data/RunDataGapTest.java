package dev.topowatch.experiment.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.experiment.grid.Kind;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RunDataGapTest {

  private static RunData withEpochs(Csv epochs) {
    Csv empty = new Csv(List.of("x"));
    return new RunData("r", Kind.HEALTHY, 1, null, 10, 1, 1, "", "", empty, epochs, empty, empty, empty, Optional.empty());
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void theGapUsesTheEpochEndTrainingSubsetWhenRecorded() {
    Csv epochs = new Csv(List.of("epoch", "step", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy",
        "train_eval_loss", "train_eval_accuracy"))
        .add(0, 99, 0.9, 0.70, 0.6, 0.80, 0.5, 0.82)
        .add(1, 199, 0.5, 0.84, 0.5, 0.85, 0.3, 0.90);
    RunData run = withEpochs(epochs);
    assertThat(run.trainAccuracyColumn()).isEqualTo("train_eval_accuracy");
    assertThat(run.finalGap()).isCloseTo(0.05, within(1e-12));
    assertThat(run.gap().y()).containsExactly(new double[] {0.02, 0.05}, within(1e-12));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void olderRecordingsKeepTheRunningMean() {
    Csv old = new Csv(List.of("epoch", "step", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy"))
        .add(0, 99, 0.5, 0.84, 0.5, 0.85);
    assertThat(withEpochs(old).trainAccuracyColumn()).isEqualTo("train_accuracy");
    assertThat(withEpochs(old).finalGap()).isCloseTo(-0.01, within(1e-12));
    Csv notEvaluated = new Csv(List.of("epoch", "step", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy",
        "train_eval_loss", "train_eval_accuracy")).add(0, 99, 0.5, 0.84, 0.5, 0.85, "", "");
    assertThat(withEpochs(notEvaluated).trainAccuracyColumn()).isEqualTo("train_accuracy");
  }
}
