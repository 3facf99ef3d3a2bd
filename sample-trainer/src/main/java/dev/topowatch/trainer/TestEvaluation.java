package dev.topowatch.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The held-out test set, evaluated once after training: cross-entropy, accuracy and the mean L2 norm
 * of the logit vectors (the PowerGrad paper's side effect). Printed as one {@code test:} line and,
 * with a metrics directory, written to {@code test.csv}.
 */
final class TestEvaluation {

  private final int batchSize;

  TestEvaluation(int batchSize) {
    this.batchSize = batchSize;
  }

  void run(Trainer trainer, Dataset test, int images, Path metricsDir) throws Exception {
    double[] norms = {0};
    double[] lac = new FixedSetEvaluation(test).lossAccuracyCount(trainer, logits -> norms[0] += normSum(logits));
    double loss = lac[0];
    double accuracy = lac[1];
    long n = (long) lac[2];
    System.out.printf(Locale.ROOT, "test: images=%d loss=%.4f accuracy=%.4f logit_norm=%.3f (batch %d, of %d requested)%n",
        n, loss, accuracy, norms[0] / n, batchSize, images);
    if (metricsDir != null) {
      try (var csv = MetricsFiles.open(metricsDir.resolve("test.csv"), "images", "test_loss", "test_accuracy", "test_logit_norm")) {
        csv.write(new Object[] {n, MetricsFiles.num(loss), MetricsFiles.num(accuracy), MetricsFiles.num(norms[0] / n)});
      }
    }
  }

  /** Sum over the batch of each logit vector's L2 norm. */
  private static double normSum(NDArray logits) {
    try (NDManager scope = logits.getManager().newSubManager()) {
      NDArray z = logits.stopGradient();
      z.attach(scope);
      return z.toType(DataType.FLOAT64, false).square().sum(new int[] {1}).sqrt().sum().getDouble();
    }
  }
}
