package dev.topowatch.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.convolutional.Conv2d;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** epochs.csv's training accuracy measured at the epoch end (--train-eval-images) and the batch-norm model (--model deep-bn). */
class EpochEndTrainingAccuracyTest {

  @TempDir
  Path dir;

  /**
   * With a learning rate of 0 the weights never change, so on a model without batch norm the running
   * mean over the epoch's batches and the epoch-end evaluation of the same images must agree.
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void withFrozenWeightsTheEpochEndEvaluationEqualsTheRunningMean() throws Exception {
    Path metrics = dir.resolve("frozen");
    train("--synthetic", "--model", "small", "--optimizer", "sgd", "--learning-rate", "0", "--seed", "3",
        "--train-images", "48", "--train-eval-images", "48", "--batch-size", "8", "--epochs", "1", "--metrics-dir", metrics.toString());
    Map<String, String> epoch = rows(metrics.resolve("epochs.csv")).get(0);
    assertThat(Double.parseDouble(epoch.get("train_eval_accuracy"))).isCloseTo(Double.parseDouble(epoch.get("train_accuracy")), within(1e-9));
    assertThat(Double.parseDouble(epoch.get("train_eval_loss"))).isCloseTo(Double.parseDouble(epoch.get("train_loss")), within(1e-4));
  }

  /**
   * The batch-norm network trains, each epoch holds the subset's loss and accuracy beside the running
   * mean, and the test set after training goes through the same pass (with the logit norm).
   */
  @Test
  @Timeout(value = 2, unit = TimeUnit.MINUTES)
  void theBatchNormNetworkRecordsTheTrainingSubsetEveryEpoch() throws Exception {
    Path metrics = dir.resolve("bn");
    train("--synthetic", "--model", "deep-bn", "--optimizer", "adam", "--learning-rate", "0.001", "--seed", "5", "--shuffle",
        "--validation", "--validation-images", "16", "--train-images", "64", "--train-eval-images", "16", "--batch-size", "8",
        "--epochs", "2", "--test-images", "24", "--metrics-dir", metrics.toString());
    Map<String, String> test = rows(metrics.resolve("test.csv")).get(0);
    assertThat(test.get("images")).isEqualTo("24");
    assertThat(Double.parseDouble(test.get("test_accuracy")) * 24).isCloseTo(Math.rint(Double.parseDouble(test.get("test_accuracy")) * 24), within(1e-4));
    assertThat(Double.parseDouble(test.get("test_loss"))).isPositive().isFinite();
    assertThat(Double.parseDouble(test.get("test_logit_norm"))).isPositive().isFinite();
    List<Map<String, String>> epochs = rows(metrics.resolve("epochs.csv"));
    assertThat(epochs).hasSize(2);
    for (Map<String, String> e : epochs) {
      assertThat(Double.parseDouble(e.get("train_eval_accuracy"))).isBetween(0.0, 1.0);
      // Accuracy over 16 images is a whole number of sixteenths.
      assertThat(Double.parseDouble(e.get("train_eval_accuracy")) * 16).isCloseTo(Math.rint(Double.parseDouble(e.get("train_eval_accuracy")) * 16), within(1e-4));
      assertThat(Double.parseDouble(e.get("train_eval_loss"))).isPositive().isFinite();
      assertThat(e.get("validation_accuracy")).isNotEmpty();
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void theBatchNormNetworkIsTheDeepOneWithBatchNormBetweenEachConvolutionAndItsRelu() {
    List<Block> plain = CnnModel.deep().getChildren().values();
    List<Block> bn = CnnModel.deepBatchNorm().getChildren().values();
    assertThat(bn).hasSize(plain.size() + 5);
    List<Block> withoutBn = new ArrayList<>();
    for (int i = 0; i < bn.size(); i++) {
      if (bn.get(i) instanceof BatchNorm) {
        assertThat(bn.get(i - 1)).isInstanceOf(Conv2d.class);
      } else {
        withoutBn.add(bn.get(i));
      }
    }
    assertThat(withoutBn.stream().map(b -> b.getClass().getName()).toList())
        .containsExactlyElementsOf(plain.stream().map(b -> b.getClass().getName()).toList());
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void anUnknownModelIsRefusedWithTheNames() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CnnModel.named("resnet"))
        .hasMessageContaining("small, deep or deep-bn");
  }

  private static void train(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), FashionMnistTrainer.class.getName(), "--log-every", "100"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DJL_OFFLINE", "true");
    Process trainer = builder.redirectErrorStream(true).start();
    String output = new String(trainer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(trainer.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(trainer.exitValue()).as(output).isZero();
  }

  private static List<Map<String, String>> rows(Path csv) throws Exception {
    try (MappingIterator<Map<String, String>> it = new CsvMapper().readerForMapOf(String.class)
        .with(CsvSchema.emptySchema().withHeader()).readValues(csv.toFile())) {
      return it.readAll();
    }
  }
}
