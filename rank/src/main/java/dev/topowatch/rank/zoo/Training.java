package dev.topowatch.rank.zoo;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.topowatch.rank.Images;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The zoo's one training recipe, for pretraining and fine-tuning alike: Adam at a fixed learning
 * rate, softmax cross-entropy, mini-batches drawn with a seeded random generator, all parameters
 * trained; and test accuracy in inference mode (batch norm on its running statistics).
 */
public final class Training {

  /** Steps, batch size, learning rate and seed of one run. */
  public record Recipe(int steps, int batch, float learningRate, long seed) {}

  private Training() {}

  /**
   * Trains {@code model}'s block on {@code data}; parameters already initialised (a fine-tuning
   * body) are kept, the others are initialised from {@code recipe.seed()}.
   */
  public static void fit(Model model, Images data, Recipe recipe) {
    Engine.getInstance().setRandomSeed((int) recipe.seed());
    DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
        .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(recipe.learningRate())).build());
    Random random = new Random(recipe.seed());
    int size = data.imageSize();
    try (Trainer trainer = model.newTrainer(config)) {
      trainer.initialize(new Shape(recipe.batch()).addAll(new Shape(toLongs(data.shape()))));
      float[] x = new float[recipe.batch() * size];
      float[] y = new float[recipe.batch()];
      for (int step = 0; step < recipe.steps(); step++) {
        for (int b = 0; b < recipe.batch(); b++) {
          int i = random.nextInt(data.count());
          System.arraycopy(data.pixels(), i * size, x, b * size, size);
          y[b] = data.labels()[i];
        }
        try (NDManager batch = trainer.getManager().newSubManager()) {
          NDArray input = batch.create(x, new Shape(recipe.batch()).addAll(new Shape(toLongs(data.shape()))));
          NDArray labels = batch.create(y);
          try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList prediction = trainer.forward(new NDList(input));
            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), prediction);
            collector.backward(loss);
          }
          trainer.step();
        }
      }
    }
  }

  /** Share of {@code data} that the block classifies right, in inference mode. */
  public static double accuracy(Model model, Images data) {
    Block block = model.getBlock();
    int size = data.imageSize();
    int correct = 0;
    int chunk = 256;
    try (NDManager manager = model.getNDManager().newSubManager()) {
      ParameterStore store = new ParameterStore(manager, false);
      for (int start = 0; start < data.count(); start += chunk) {
        int n = Math.min(chunk, data.count() - start);
        float[] x = new float[n * size];
        System.arraycopy(data.pixels(), start * size, x, 0, n * size);
        try (NDManager batch = manager.newSubManager()) {
          NDArray input = batch.create(x, new Shape(n).addAll(new Shape(toLongs(data.shape()))));
          long[] predicted = block.forward(store, new NDList(input), false).singletonOrThrow().argMax(1).toLongArray();
          for (int i = 0; i < n; i++) {
            if (predicted[i] == data.labels()[start + i]) {
              correct++;
            }
          }
        }
      }
    }
    return (double) correct / data.count();
  }

  /**
   * Copies every parameter of {@code source} into the block of the same architecture {@code target}
   * (both initialised), except those of the target's last child (the classifier head, which
   * keeps its fresh initialisation): the fine-tuning start.
   */
  public static void copyBody(SequentialBlock source, SequentialBlock target) {
    List<Block> children = target.getChildren().values();
    Map<Parameter, Boolean> head = new IdentityHashMap<>();
    children.get(children.size() - 1).getParameters().values().forEach(p -> head.put(p, Boolean.TRUE));
    Map<String, Parameter> from = new java.util.HashMap<>();
    for (Pair<String, Parameter> p : source.getParameters()) {
      from.put(p.getKey(), p.getValue());
    }
    for (Pair<String, Parameter> p : target.getParameters()) {
      if (head.containsKey(p.getValue())) {
        continue;
      }
      Parameter src = from.get(p.getKey());
      if (src == null || !src.getArray().getShape().equals(p.getValue().getArray().getShape())) {
        throw new IllegalArgumentException("source and target differ at parameter " + p.getKey());
      }
      p.getValue().getArray().set(src.getArray().toByteBuffer());
    }
  }

  static long[] toLongs(int[] shape) {
    long[] out = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }
}
