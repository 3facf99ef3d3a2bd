package dev.topowatch.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
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
    double loss = 0;
    double correct = 0;
    double norms = 0;
    long n = 0;
    for (Batch batch : trainer.iterateDataset(test)) {
      try (batch) {
        NDList predictions = trainer.evaluate(batch.getData());
        NDArray logits = predictions.head();
        double[] lc = MetricsFiles.lossAndCorrect(batch.getLabels().head(), logits);
        loss += lc[0];
        correct += lc[1];
        n += (long) lc[2];
        norms += normSum(logits);
        predictions.close();
      }
    }
    System.out.printf(Locale.ROOT, "test: images=%d loss=%.4f accuracy=%.4f logit_norm=%.3f (batch %d, of %d requested)%n",
        n, loss / n, correct / n, norms / n, batchSize, images);
    if (metricsDir != null) {
      try (var csv = MetricsFiles.open(metricsDir.resolve("test.csv"), "images", "test_loss", "test_accuracy", "test_logit_norm")) {
        csv.write(new Object[] {n, MetricsFiles.num(loss / n), MetricsFiles.num(correct / n), MetricsFiles.num(norms / n)});
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
