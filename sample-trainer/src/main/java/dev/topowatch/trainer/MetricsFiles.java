package dev.topowatch.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The job's own learning curves, written as it trains: {@code steps.csv} (every step's batch loss and
 * accuracy), {@code epochs.csv} (per epoch: the mean of the epoch's batch values, and the validation
 * set's loss and accuracy when there is one). Loss and accuracy are computed here from the logits
 * with plain array operations (log-softmax cross-entropy, arg-max), never through the trainer's
 * {@code Loss}, so a monitoring agent that hooks {@code Loss.evaluate} sees no extra call.
 */
final class MetricsFiles extends TrainingListenerAdapter implements AutoCloseable {

  private static final CsvMapper CODEC = new CsvMapper();

  private final SequenceWriter steps;
  private final SequenceWriter epochs;
  private long step;
  private int epoch;
  private double trainLossSum;
  private double trainCorrect;
  private long trainCount;
  private double validationLossSum;
  private double validationCorrect;
  private long validationCount;

  MetricsFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    steps = open(dir.resolve("steps.csv"), "step", "epoch", "loss", "accuracy");
    epochs = open(dir.resolve("epochs.csv"), "epoch", "step", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy");
  }

  /** A CSV file with its header written (Jackson's CSV codec, as every CSV of the project). */
  static SequenceWriter open(Path file, String... header) throws IOException {
    SequenceWriter w = CODEC.writerFor(Object[].class).with(CsvSchema.emptySchema())
        .writeValues(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    w.write(header);
    return w;
  }

  private static void write(SequenceWriter file, Object... row) {
    try {
      file.write(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onTrainingBatch(Trainer trainer, BatchData batchData) {
    double[] lossAndCorrect = lossAndCorrect(batchData);
    long n = (long) lossAndCorrect[2];
    trainLossSum += lossAndCorrect[0];
    trainCorrect += lossAndCorrect[1];
    trainCount += n;
    write(steps, step, epoch, num(lossAndCorrect[0] / n), num(lossAndCorrect[1] / n));
    step++;
  }

  @Override
  public void onValidationBatch(Trainer trainer, BatchData batchData) {
    double[] lossAndCorrect = lossAndCorrect(batchData);
    validationLossSum += lossAndCorrect[0];
    validationCorrect += lossAndCorrect[1];
    validationCount += (long) lossAndCorrect[2];
  }

  @Override
  public void onEpoch(Trainer trainer) {
    boolean validated = validationCount > 0;
    write(epochs, epoch, step - 1,
        num(trainLossSum / trainCount), num(trainCorrect / trainCount),
        validated ? num(validationLossSum / validationCount) : "", validated ? num(validationCorrect / validationCount) : "");
    try {
      epochs.flush();
      steps.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    epoch++;
    trainLossSum = trainCorrect = validationLossSum = validationCorrect = 0;
    trainCount = validationCount = 0;
  }

  /** Summed cross-entropy, number of correct predictions and the batch size, over every device's part. */
  private static double[] lossAndCorrect(BatchData batchData) {
    double loss = 0;
    double correct = 0;
    long n = 0;
    for (var entry : batchData.getPredictions().entrySet()) {
      NDList labels = batchData.getLabels().get(entry.getKey());
      double[] part = lossAndCorrect(labels.head(), entry.getValue().head());
      loss += part[0];
      correct += part[1];
      n += (long) part[2];
    }
    return new double[] {loss, correct, n};
  }

  /** Summed softmax cross-entropy and correct count of one batch of logits against class labels. */
  static double[] lossAndCorrect(NDArray labels, NDArray logits) {
    // Every array made here lives in a sub-manager closed at the end: nothing outlives the call.
    try (NDManager scope = logits.getManager().newSubManager()) {
      NDArray z = logits.stopGradient();
      z.attach(scope);
      NDArray y = labels.toType(DataType.INT64, true);
      y.attach(scope);
      double loss = z.logSoftmax(1).neg().gather(y.reshape(-1, 1), 1).toType(DataType.FLOAT64, false).sum().getDouble();
      double correct = z.argMax(1).eq(y).toType(DataType.FLOAT64, false).sum().getDouble();
      return new double[] {loss, correct, y.size()};
    }
  }

  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : (Double.isNaN(v) ? "NaN" : v > 0 ? "Inf" : "-Inf");
  }

  @Override
  public void close() {
    try (steps; epochs) {
      // both closed, the second even if the first fails
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
