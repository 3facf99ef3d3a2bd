package dev.topowatch.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.topowatch.experiment.data.Csv;
import dev.topowatch.experiment.data.RunData;
import dev.topowatch.experiment.grid.Budget;
import dev.topowatch.experiment.grid.RunSpec;
import dev.topowatch.experiment.grid.SoundGridPlan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run --set sound} end to end on the tiny budget in one threshold mode: five real jobs (plain
 * and batch-norm CNN, healthy and over-fitting, the demo model) through agent, broker and analyzer.
 */
class SoundGridCommandTest {

  @TempDir
  Path dir;

  @Test
  @Timeout(600) // 35 s at load 33 on 2026-12-07 (five jobs of 4 to 12 steps)
  void tinySoundGridRecordsTheTrainingSubsetTheStepsTrainedAndEveryLayersBettiNumbers() throws Exception {
    Path out = dir.resolve("sound");
    assertThat(new CommandLine(new Experiment()).execute("run", "--set", "sound", "--budget", "tiny", "--threshold-mode", "quantile",
        "--out", out.toString())).isZero();
    for (RunSpec spec : SoundGridPlan.plan(Budget.TINY)) {
      Path runDir = out.resolve("runs").resolve(spec.id());
      RunData run = RunData.read(runDir);
      Csv summary = Csv.read(runDir.resolve("run.csv"));
      long trained = run.steps().size();
      assertThat(summary.num(0, "total_steps")).as(spec.id()).isEqualTo(trained);
      assertThat(summary.num(0, "max_steps")).isEqualTo(spec.totalSteps());
      assertThat(summary.text(0, "model")).isEqualTo(spec.model());
      assertThat(run.epochs().size()).isEqualTo(summary.integer(0, "epochs"));
      if (spec.stopWhenFlat() == 0) {
        assertThat(trained).isEqualTo(spec.totalSteps());
      }
      for (int e = 0; e < run.epochs().size(); e++) {
        double accuracy = run.epochs().num(e, "train_eval_accuracy");
        assertThat(accuracy).isBetween(0.0, 1.0);
        // A whole number of the subset's images.
        assertThat(accuracy * spec.trainEvalImages()).isCloseTo(Math.rint(accuracy * spec.trainEvalImages()), within(1e-3));
      }
      // deep: 16 blocks, 12 spatial; deep-bn: 21 blocks, 17 spatial; small: 10 blocks, 6 spatial. With quantile thresholds
      // a ReLU is no duplicate of the layer it reads (clamping moves the quantiles), so every spatial layer enters θ.
      int layerCount = switch (spec.model()) {
        case "deep" -> 16;
        case "deep-bn" -> 21;
        default -> 10;
      };
      int inTheta = switch (spec.model()) {
        case "deep" -> 12;
        case "deep-bn" -> 17;
        default -> 6;
      };
      List<RunData.Layer> layers = run.layerList();
      assertThat(layers).as(spec.id()).hasSize(layerCount);
      assertThat(layers.stream().filter(RunData.Layer::inTheta).count()).as(spec.id()).isEqualTo(inTheta);
      assertThat(summary.num(0, "samples_processed") + summary.num(0, "samples_rejected"))
          .as("every sample of the steps trained was analysed").isEqualTo((double) spec.sampledSteps(trained) * spec.sampleSize() * layerCount);
      assertThat(run.topologyThresholds()).containsExactly("q0.10", "q0.20", "q0.30", "q0.40", "q0.50", "q0.60", "q0.70", "q0.90");
      Csv betti = Csv.read(runDir.resolve("betti.csv"));
      assertThat(betti.size()).isEqualTo(spec.sampledSteps(trained) * layerCount * 8);
      for (int r = 0; r < betti.size(); r++) {
        double sum = betti.num(r, "b0") + (Double.isNaN(betti.num(r, "b1")) ? 0 : betti.num(r, "b1"))
            + (Double.isNaN(betti.num(r, "b2")) ? 0 : betti.num(r, "b2"));
        assertThat(sum).isCloseTo(betti.num(r, "omega"), within(1e-6));
        assertThat(betti.num(r, "dead_fraction")).isBetween(0.0, 1.0);
      }
    }
  }
}
