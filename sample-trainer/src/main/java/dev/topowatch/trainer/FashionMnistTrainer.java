package dev.topowatch.trainer;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingResult;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.evaluator.Accuracy;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.training.tracker.WarmUpTracker;
import ai.djl.nn.SequentialBlock;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A plain DJL training program: a small CNN on Fashion-MNIST (or seeded synthetic images when the
 * data set is absent), trained with {@link EasyTrain#fit} or a hand-written loop. It knows nothing of
 * topowatch; the demo and the tests attach the agent with {@code -javaagent}.
 */
@Command(
    name = "fashion-mnist-trainer",
    mixinStandardHelpOptions = true,
    description = "Trains a small CNN on Fashion-MNIST with DJL.")
public final class FashionMnistTrainer implements Callable<Integer> {
  /** Where {@code apt-get install dataset-fashion-mnist} puts the IDX files. */
  public static final Path DEFAULT_DATA_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  public static final float DEFAULT_LEARNING_RATE = 0.05f;

  @Option(names = "--steps", description = "Training steps (batches) per epoch: the training set is steps × batch size"
      + " images unless --train-images is given (default ${DEFAULT-VALUE}).")
  int steps = 200;

  @Option(names = "--total-steps", description = "Training steps in all, split over the epochs (the first ones one longer"
      + " when it does not divide); replaces --steps.")
  Long totalSteps;

  @Option(names = "--train-images", description = "Training set size in images (the first N of the training file);"
      + " overrides --steps (steps per epoch = N / batch size, rounded up).")
  Integer trainImages;

  @Option(names = "--model", description = "small (2 conv + 2 dense) or deep (5 conv + 2 dense, global average pooling);"
      + " default ${DEFAULT-VALUE}.")
  String modelName = "small";

  @Option(names = "--shuffle", description = "Visit the training set in a new seeded random order every epoch.")
  boolean shuffle;

  @Option(names = "--batch-size", description = "Batch size (default ${DEFAULT-VALUE}).")
  int batchSize = 32;

  @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs = 1;

  @Option(names = "--seed", description = "Random seed for DJL, initialisation and data (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--loop", description = "easytrain (EasyTrain.fit) or manual (hand-written loop); default ${DEFAULT-VALUE}.")
  String loop = "easytrain";

  @Option(names = "--optimizer", description = "sgd or adam (default ${DEFAULT-VALUE}).")
  String optimizer = "sgd";

  @Option(names = "--learning-rate", description = "Learning rate (default ${DEFAULT-VALUE}).")
  float learningRate = DEFAULT_LEARNING_RATE;

  @Option(names = "--lr-warmup", description = "Raise the learning rate linearly from 0 to --learning-rate over this many"
      + " steps, then hold it (default ${DEFAULT-VALUE}: no warm-up).")
  int lrWarmup;

  @Option(names = "--validation", description = "Evaluate a held-out set at each epoch end.")
  boolean validation;

  @Option(names = "--validation-batches", description = "Validation batches (default ${DEFAULT-VALUE}).")
  int validationBatches = 8;

  @Option(names = "--validation-images", description = "Validation set size in images (the first N of the test file);"
      + " overrides --validation-batches.")
  Integer validationImages;

  @Option(names = "--test-images", description = "After training, evaluate this many images of the test file that follow"
      + " the validation images: loss, accuracy and mean logit norm (default ${DEFAULT-VALUE}: none).")
  int testImages;

  @Option(names = "--metrics-dir", description = "Write steps.csv, epochs.csv (and test.csv with --test-images) here.")
  Path metricsDir;

  @Option(names = "--save-params", description = "Write the parameters at initialisation (init.params) and after"
      + " training (final.params) here, in DJL's Block.saveParameters format.")
  Path saveParams;

  @Option(names = "--synthetic", description = "Use synthetic images even when Fashion-MNIST is present.")
  boolean synthetic;

  @Option(names = "--data-dir", description = "Fashion-MNIST IDX files (default ${DEFAULT-VALUE}).")
  Path dataDir = DEFAULT_DATA_DIR;

  @Option(names = "--log-every", description = "Print a progress line every N steps (default ${DEFAULT-VALUE}).")
  int logEvery = 10;

  @Option(names = "--warmup-steps", description = "Steps left out of the step-time figures (default ${DEFAULT-VALUE}).")
  int warmupSteps = 10;

  @Option(names = "--fail-at-step", description = "For tests: the hand-written loop throws before this step (0 = never).")
  long failAtStep;

  @Option(names = "--fine-tune-steps", description = "After training, fine-tune with a second Trainer for this many steps (default ${DEFAULT-VALUE}).")
  int fineTuneSteps;

  @Option(names = "--dump-dir", description = "For tests: write the batch and parameters of --dump-steps here.")
  Path dumpDir;

  @Option(names = "--dump-steps", split = ",", description = "Global steps to dump (default 0).")
  List<Long> dumpSteps = List.of(0L);

  public static void main(String[] args) {
    System.exit(new CommandLine(new FashionMnistTrainer()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (!loop.equals("easytrain") && !loop.equals("manual")) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--loop must be easytrain or manual");
    }
    if (failAtStep > 0 && !loop.equals("manual")) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--fail-at-step needs --loop manual");
    }
    Engine.getInstance().setRandomSeed((int) seed);
    int validationCount = validationImages != null ? validationImages : validationBatches * batchSize;
    try (NDManager manager = NDManager.newBaseManager();
        Model model = Model.newInstance("fashion-mnist-cnn");
        MetricsFiles metrics = metricsDir == null ? null : new MetricsFiles(metricsDir)) {
      model.setBlock(model());
      if (totalSteps != null && (totalSteps < epochs || epochs < 1)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "--total-steps must be at least --epochs");
      }
      int batches = totalSteps == null ? steps : Math.toIntExact(StepBudgetDataset.longestEpoch(totalSteps, epochs));
      Dataset train =
          dataset(manager, load(trainImages != null ? trainImages : batches * batchSize, "train", 0, seed), shuffle);
      if (totalSteps != null) {
        train = new StepBudgetDataset(train, totalSteps, epochs);
      }
      Dataset validate = validation ? dataset(manager, load(validationCount, "t10k", 0, seed + 1), false) : null;
      if (dumpDir != null) {
        train = new DumpingDataset(train, model.getBlock(), dumpDir, new HashSet<>(dumpSteps));
      }
      StepPrinter printer = new StepPrinter(logEvery, warmupSteps);
      DefaultTrainingConfig config = trainingConfig(optimizer()).addTrainingListeners(printer);
      if (metrics != null) {
        config.addTrainingListeners(metrics);
      }
      try (Trainer trainer = model.newTrainer(config)) {
        trainer.initialize(new Shape(batchSize).addAll(CnnModel.IMAGE));
        saveParameters(model, "init.params");
        long start = System.nanoTime();
        if (loop.equals("easytrain")) {
          EasyTrain.fit(trainer, epochs, train, validate);
        } else {
          manualFit(trainer, train, validate, epochs, Long.MAX_VALUE);
        }
        summary(trainer.getTrainingResult(), printer, (System.nanoTime() - start) / 1e9);
        saveParameters(model, "final.params");
        if (testImages > 0) {
          ImageData test = load(testImages, "t10k", validation ? validationCount : 0, seed + 2);
          new TestEvaluation(batchSize).run(trainer, dataset(manager, test, false), test.count(), metricsDir);
        }
      }
      if (fineTuneSteps > 0) {
        // A second Trainer on the trained model, as a fine-tuning script builds one: a slower rate,
        // the parameters kept (no initialize).
        try (Trainer fineTune = model.newTrainer(trainingConfig(sgd(learningRate / 10)))) {
          manualFit(fineTune, train, null, 1, fineTuneSteps);
          System.out.println("fine-tuned: " + fineTuneSteps + " steps");
        }
      }
    }
    return 0;
  }

  /**
   * The job's training configuration: softmax cross-entropy, Xavier weights, accuracy, one CPU and
   * DJL's basic listeners. Shared with the agent overhead benchmark so both run the same job.
   */
  public static DefaultTrainingConfig trainingConfig(Optimizer optimizer) {
    return new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optInitializer(new XavierInitializer(), "weight")
        .optOptimizer(optimizer)
        .addEvaluator(new Accuracy())
        .optDevices(new Device[] {Device.cpu()})
        .addTrainingListeners(TrainingListener.Defaults.basic());
  }

  /** SGD at a fixed rate: the job's default optimizer. */
  public static Optimizer sgd(float learningRate) {
    return Optimizer.sgd().setLearningRateTracker(Tracker.fixed(learningRate)).build();
  }

  private Optimizer optimizer() {
    Tracker rate = lrWarmup > 0
        ? WarmUpTracker.builder().setMainTracker(Tracker.fixed(learningRate)).optWarmUpSteps(lrWarmup).optWarmUpBeginValue(0f).build()
        : Tracker.fixed(learningRate);
    return switch (optimizer) {
      case "sgd" -> Optimizer.sgd().setLearningRateTracker(rate).build();
      case "adam" -> Optimizer.adam().optLearningRateTracker(rate).build();
      default -> throw new CommandLine.ParameterException(new CommandLine(this), "--optimizer must be sgd or adam");
    };
  }

  private SequentialBlock model() {
    try {
      return CnnModel.named(modelName);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--model: " + e.getMessage());
    }
  }

  private void saveParameters(Model model, String file) throws java.io.IOException {
    if (saveParams == null) {
      return;
    }
    java.nio.file.Files.createDirectories(saveParams);
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(
        new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(saveParams.resolve(file))))) {
      model.getBlock().saveParameters(out);
    }
  }

  private ImageData load(int count, String split, int offset, long dataSeed) throws Exception {
    if (!synthetic) {
      ImageData real = ImageData.readIdx(dataDir, split, offset, count);
      if (real != null) {
        System.out.println("data: " + real.source() + ", " + real.count() + " images");
        return real;
      }
      System.out.println("data: Fashion-MNIST not found in " + dataDir + "; using synthetic images");
    }
    ImageData data = ImageData.synthetic(count, dataSeed);
    System.out.println("data: " + data.source() + ", " + data.count() + " images");
    return data;
  }

  private Dataset dataset(NDManager manager, ImageData data, boolean random) {
    NDArray x = manager.create(data.pixels(), new Shape(data.count()).addAll(CnnModel.IMAGE));
    NDArray y = manager.create(data.labels(), new Shape(data.count()));
    return new ArrayDataset.Builder().setData(x).optLabels(y).setSampling(batchSize, random).build();
  }

  /** The loop EasyTrain runs, written out: forward, loss, backward, listeners, step; at most {@code maxSteps} steps. */
  private void manualFit(Trainer trainer, Dataset train, Dataset validate, int epochCount, long maxSteps) throws Exception {
    long done = 0;
    for (int epoch = 0; epoch < epochCount; epoch++) {
      for (Batch batch : trainer.iterateDataset(train)) {
        if (done == maxSteps) {
          batch.close();
          break;
        }
        if (failAtStep > 0 && done == failAtStep) {
          throw new IllegalStateException("injected failure before step " + done + " (--fail-at-step)");
        }
        done++;
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList predictions = trainer.forward(batch.getData());
          NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), predictions);
          collector.backward(loss);
          Map<Device, NDList> labels = Map.of(Device.cpu(), batch.getLabels());
          Map<Device, NDList> preds = Map.of(Device.cpu(), predictions);
          trainer.notifyListeners(l -> l.onTrainingBatch(trainer, new TrainingListener.BatchData(batch, labels, preds)));
        }
        trainer.step();
        batch.close();
      }
      if (validate != null) {
        for (Batch batch : trainer.iterateDataset(validate)) {
          NDList predictions = trainer.evaluate(batch.getData());
          Map<Device, NDList> labels = Map.of(Device.cpu(), batch.getLabels());
          Map<Device, NDList> preds = Map.of(Device.cpu(), predictions);
          trainer.notifyListeners(l -> l.onValidationBatch(trainer, new TrainingListener.BatchData(batch, labels, preds)));
          batch.close();
        }
      }
      trainer.notifyListeners(l -> l.onEpoch(trainer));
    }
  }

  private void summary(TrainingResult result, StepPrinter printer, double seconds) {
    Float valLoss = result.getValidateLoss();
    Float valAcc = result.getValidateEvaluation("Accuracy");
    System.out.printf(
        Locale.ROOT,
        "summary: loop=%s steps=%d epochs=%d train_loss=%.4f train_accuracy=%.4f validation_loss=%s"
            + " validation_accuracy=%s seconds=%.2f mean_step_ms=%.3f median_step_ms=%.3f cpu_ms_per_step=%.3f thread_cpu_ms_per_step=%.3f%n",
        loop, printer.steps(), epochs, nan(result.getTrainLoss()), nan(result.getTrainEvaluation("Accuracy")),
        valLoss == null ? "none" : String.format(Locale.ROOT, "%.4f", valLoss),
        valAcc == null ? "none" : String.format(Locale.ROOT, "%.4f", valAcc),
        seconds, printer.meanStepMillis(), printer.medianStepMillis(), printer.cpuMillisPerStep(),
        printer.trainingThreadCpuMillisPerStep());
  }

  private static float nan(Float f) {
    return f == null ? Float.NaN : f;
  }
}
