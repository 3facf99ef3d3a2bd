package dev.topowatch.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import java.util.function.Consumer;

/**
 * One pass over a fixed set of images (the held-out test set after training, or a training subset at
 * each epoch end) in inference mode ({@link Trainer#evaluate}: no gradient, batch
 * norm on its running statistics), as validation is measured. Used at each epoch end on a fixed
 * subset of the training images, so that training and validation accuracy are measured alike and
 * their difference is the generalisation gap, not the lag of a running mean over the epoch.
 */
final class FixedSetEvaluation {

  private final Dataset images;

  FixedSetEvaluation(Dataset images) {
    this.images = images;
  }

  /** Mean cross-entropy, accuracy and the image count of the set under the trainer's current parameters. */
  double[] lossAccuracyCount(Trainer trainer) throws Exception {
    return lossAccuracyCount(trainer, logits -> {});
  }

  /** As {@link #lossAccuracyCount(Trainer)}, showing each batch's logits to {@code eachLogits} before they are freed. */
  double[] lossAccuracyCount(Trainer trainer, Consumer<NDArray> eachLogits) throws Exception {
    double loss = 0;
    double correct = 0;
    long n = 0;
    for (Batch batch : trainer.iterateDataset(images)) {
      try (batch) {
        NDList predictions = trainer.evaluate(batch.getData());
        double[] lc = MetricsFiles.lossAndCorrect(batch.getLabels().head(), predictions.head());
        loss += lc[0];
        correct += lc[1];
        n += (long) lc[2];
        eachLogits.accept(predictions.head());
        predictions.close();
      }
    }
    return new double[] {loss / n, correct / n, n};
  }
}
