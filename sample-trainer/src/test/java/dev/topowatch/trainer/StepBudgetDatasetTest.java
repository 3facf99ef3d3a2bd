package dev.topowatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class StepBudgetDatasetTest {

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void theStepsAreSplitOverTheEpochsWithoutOneTooMany() {
    assertThat(LongStream.range(0, 3).map(e -> StepBudgetDataset.share(200, 3, (int) e))).containsExactly(67L, 67L, 66L);
    for (long total = 1; total <= 60; total++) {
      for (int epochs = 1; epochs <= total && epochs <= 7; epochs++) {
        long t = total;
        int n = epochs;
        long sum = LongStream.range(0, n).map(e -> StepBudgetDataset.share(t, n, (int) e)).sum();
        assertThat(sum).as("%d steps in %d epochs", total, epochs).isEqualTo(total);
        assertThat(StepBudgetDataset.longestEpoch(total, epochs)).isEqualTo((total + epochs - 1) / epochs);
      }
    }
  }

  /** The real trainer (a child JVM, no agent): --total-steps 10 in 3 epochs trains 10 steps, 4 + 3 + 3. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theTrainerTrainsExactlyTheTotalSteps() throws Exception {
    ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), FashionMnistTrainer.class.getName(),
        "--synthetic", "--total-steps", "10", "--epochs", "3", "--batch-size", "4", "--log-every", "1");
    command.environment().put("DJL_OFFLINE", "true");
    Process trainer = command.redirectErrorStream(true).start();
    String output = new String(trainer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(trainer.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(trainer.exitValue()).as(output).isZero();
    Matcher summary = Pattern.compile("summary: .*steps=(\\d+) epochs=3").matcher(output);
    assertThat(summary.find()).as(output).isTrue();
    assertThat(summary.group(1)).isEqualTo("10");
    assertThat(output.lines().filter(l -> l.startsWith("step ")).count()).isEqualTo(10);
  }
}
