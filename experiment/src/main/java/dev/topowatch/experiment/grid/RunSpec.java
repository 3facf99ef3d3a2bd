package dev.topowatch.experiment.grid;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training job of the grid: what the trainer is told (model, data, epochs, optimizer) and how the
 * agent samples it. Every job has shuffled batches, a validation set (the first images of the test
 * file) and a held-out test set (the images after them).
 *
 * @param alpha PowerGrad α, or null for ordinary training without PowerGradLoss
 * @param probe whether the paper's claims are re-measured on this run's saved parameters
 * @param model the sample trainer's {@code --model} ({@code deep} for the grid, {@code small} for the demo's network)
 * @param optimizer the sample trainer's {@code --optimizer}
 * @param lrWarmup steps of linear learning-rate warm-up from 0 (0: none)
 */
public record RunSpec(
    String id, Kind kind, int seed, Double alpha, int trainImages, int epochs, int batchSize, double learningRate,
    int sampleEvery, int sampleSize, int validationImages, int testImages, boolean probe, String model, String optimizer,
    int lrWarmup) {

  /** A job of the grid proper: the deep CNN with Adam. */
  public RunSpec(String id, Kind kind, int seed, Double alpha, int trainImages, int epochs, int batchSize, double learningRate,
      int sampleEvery, int sampleSize, int validationImages, int testImages, boolean probe) {
    this(id, kind, seed, alpha, trainImages, epochs, batchSize, learningRate, sampleEvery, sampleSize, validationImages,
        testImages, probe, "deep", "adam");
  }

  public RunSpec(String id, Kind kind, int seed, Double alpha, int trainImages, int epochs, int batchSize, double learningRate,
      int sampleEvery, int sampleSize, int validationImages, int testImages, boolean probe, String model, String optimizer) {
    this(id, kind, seed, alpha, trainImages, epochs, batchSize, learningRate, sampleEvery, sampleSize, validationImages,
        testImages, probe, model, optimizer, 0);
  }

  /** Batches per epoch (the last one may be partial). */
  public int stepsPerEpoch() {
    return (trainImages + batchSize - 1) / batchSize;
  }

  public int totalSteps() {
    return stepsPerEpoch() * epochs;
  }

  /** Steps the agent samples: 0, every, 2·every, … below the total. */
  public int sampledSteps() {
    return (totalSteps() - 1) / sampleEvery + 1;
  }

  /** The step the agent samples last. */
  public long lastSampledStep() {
    return (long) (sampledSteps() - 1) * sampleEvery;
  }

  /** The sample trainer's command line for this job: Fashion-MNIST from {@code dataDir}, its files written under {@code dir}. */
  public List<String> trainerArgs(Path dataDir, Path dir) {
    List<String> args = new ArrayList<>(List.of(
        "--data-dir", dataDir.toString(),
        "--model", model, "--optimizer", optimizer, "--shuffle", "--validation",
        "--seed", String.valueOf(seed),
        "--train-images", String.valueOf(trainImages),
        "--epochs", String.valueOf(epochs),
        "--batch-size", String.valueOf(batchSize),
        "--learning-rate", String.format(Locale.ROOT, "%s", learningRate),
        "--validation-images", String.valueOf(validationImages),
        "--test-images", String.valueOf(testImages),
        "--log-every", "100",
        "--metrics-dir", dir.toString()));
    if (lrWarmup > 0) {
      args.addAll(List.of("--lr-warmup", String.valueOf(lrWarmup)));
    }
    if (probe) {
      args.addAll(List.of("--save-params", dir.resolve("params").toString()));
    }
    return args;
  }

  /** The agent's options: the run id, sampling, and PowerGrad where the job asks for it. */
  public Map<String, String> agentOptions(String bootstrap) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("kafka.bootstrap", bootstrap);
    options.put("run.id", id);
    options.put("job.name", kind.label());
    options.put("sample.every", String.valueOf(sampleEvery));
    options.put("sample.size", String.valueOf(sampleSize));
    options.put("metrics.every", "10");
    // The grid runs on a shared 2-core machine: let the agent's sender thread (never the training
    // thread) wait longer for the broker than its defaults, so a busy moment drops nothing.
    options.put("kafka.max.block.ms", "30000");
    options.put("kafka.request.timeout.ms", "30000");
    options.put("kafka.delivery.timeout.ms", "120000");
    if (alpha != null) {
      options.put("powergrad.alpha", String.valueOf(alpha));
    }
    return options;
  }
}
