package dev.topowatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ValidationPlateauTest {

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void stopsAfterPatienceEpochsWithoutAOnePercentFall() {
    ValidationPlateau rule = new ValidationPlateau(2);
    List<Boolean> stops = new ArrayList<>();
    // 1.0 best; 0.995 is under 1 % better (flat 1); 0.9 better (reset); 0.895, 0.899 flat 1, 2 -> stop.
    for (double loss : new double[] {1.0, 0.995, 0.9, 0.895, 0.899}) {
      stops.add(rule.flatAfter(loss));
    }
    assertThat(stops).containsExactly(false, false, false, false, true);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aLossThatIsNotFiniteIsNoImprovement() {
    ValidationPlateau rule = new ValidationPlateau(1);
    assertThat(rule.flatAfter(Double.NaN)).isTrue();
  }

  /** The trainer with frozen weights (rate 0): the loss is flat from epoch 1, so patience 2 stops after epoch 3 of 10. */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theTrainerStopsWhenTheValidationLossIsFlat(@TempDir Path dir) throws Exception {
    ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), FashionMnistTrainer.class.getName(),
        "--synthetic", "--model", "small", "--optimizer", "sgd", "--learning-rate", "0", "--validation", "--validation-images", "16",
        "--train-images", "16", "--batch-size", "8", "--epochs", "10", "--stop-when-flat", "2", "--metrics-dir", dir.toString());
    command.environment().put("DJL_OFFLINE", "true");
    Process trainer = command.redirectErrorStream(true).start();
    String output = new String(trainer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(trainer.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(trainer.exitValue()).as(output).isZero();
    assertThat(output).contains("stopped: validation loss flat for 2 epochs after epoch 3 of 10");
    assertThat(Files.readAllLines(dir.resolve("epochs.csv"))).hasSize(1 + 3);
    assertThat(Files.readAllLines(dir.resolve("steps.csv"))).hasSize(1 + 3 * 2);
  }
}
