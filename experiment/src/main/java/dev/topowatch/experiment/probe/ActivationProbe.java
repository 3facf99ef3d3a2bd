package dev.topowatch.experiment.probe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.translate.TranslateException;
import dev.topowatch.experiment.data.Csv;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import dev.topowatch.trainer.CnnModel;
import dev.topowatch.trainer.ImageData;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Re-measures the paper's claims on one trained network: the mean Betti numbers of every layer's
 * activation volume over held-out test images, for the network as trained and as initialised (the
 * same seed's initial parameters), on several disjoint random subsets of the test images, and at the
 * input's own resolution (28) and upsampled (56). The numbers come from the same engine and
 * construction (V) as the analyzer's; the activations from the same layers the agent samples (every
 * child block of the flat {@code deep} CNN, in forward order).
 */
public final class ActivationProbe {

  /** What to measure: {@code subsets} disjoint random subsets of {@code perSubset} test images. */
  public record Plan(int subsets, int perSubset, long seed) {}

  private final BettiEngine engine;
  private final double[] thresholds;
  private final List<String> thresholdLabels;

  public ActivationProbe(BettiEngine engine, double[] thresholds, List<String> thresholdLabels) {
    this.engine = engine;
    this.thresholds = thresholds.clone();
    this.thresholdLabels = List.copyOf(thresholdLabels);
  }

  /** The header of the probe's table: one row per (state, resolution, subset, layer, threshold). */
  public static List<String> header() {
    return List.of("state", "resolution", "subset", "layer", "rank", "threshold", "b0", "b1", "b2", "omega");
  }

  /**
   * Measures the network whose parameters are in {@code paramsDir} ({@code init.params}, {@code
   * final.params}) on {@code test} and adds the rows to {@code out}: trained at 28 on every subset,
   * initial at 28 on subset 0, trained at 56 on subset 0.
   */
  public void measure(Path paramsDir, ImageData test, Plan plan, Csv out) throws IOException, TranslateException, ai.djl.MalformedModelException {
    List<int[]> subsets = subsets(test.count(), plan);
    for (int s = 0; s < subsets.size(); s++) {
      measure(paramsDir.resolve("final.params"), "trained", test, subsets.get(s), s, 1, out);
    }
    measure(paramsDir.resolve("init.params"), "init", test, subsets.get(0), 0, 1, out);
    measure(paramsDir.resolve("final.params"), "trained", test, subsets.get(0), 0, 2, out);
  }

  /** Disjoint subsets drawn from one seeded permutation of the image indices. */
  static List<int[]> subsets(int images, Plan plan) {
    if ((long) plan.subsets() * plan.perSubset() > images) {
      throw new IllegalArgumentException(plan.subsets() + " subsets of " + plan.perSubset() + " need more than " + images + " images");
    }
    int[] order = new int[images];
    for (int i = 0; i < images; i++) {
      order[i] = i;
    }
    Random random = new Random(plan.seed());
    for (int i = images - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    List<int[]> out = new ArrayList<>();
    for (int s = 0; s < plan.subsets(); s++) {
      int[] subset = new int[plan.perSubset()];
      System.arraycopy(order, s * plan.perSubset(), subset, 0, plan.perSubset());
      out.add(subset);
    }
    return out;
  }

  private void measure(Path params, String state, ImageData test, int[] subset, int subsetIndex, int factor, Csv out)
      throws IOException, TranslateException, ai.djl.MalformedModelException {
    int side = 28 * factor;
    float[] pixels = new float[subset.length * 28 * 28];
    for (int i = 0; i < subset.length; i++) {
      System.arraycopy(test.pixels(), subset[i] * 28 * 28, pixels, i * 28 * 28, 28 * 28);
    }
    if (factor > 1) {
      pixels = Upsample.bilinear(pixels, subset.length, 28, factor);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      SequentialBlock model = CnnModel.deep();
      model.initialize(manager, DataType.FLOAT32, new Shape(1).addAll(CnnModel.IMAGE));
      try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(params)))) {
        model.loadParameters(manager, in);
      }
      ParameterStore store = new ParameterStore(manager, false);
      NDList current = new NDList(manager.create(pixels, new Shape(subset.length, 1, side, side)));
      List<Block> layers = model.getChildren().values();
      for (int layer = 0; layer < layers.size(); layer++) {
        current = layers.get(layer).forward(store, current, false);
        addLayer(current.head(), state, factor, subsetIndex, layer, out);
      }
    }
  }

  /** Mean Betti numbers over the batch's samples of one layer output, per threshold. */
  private void addLayer(NDArray output, String state, int factor, int subset, int layer, Csv out) {
    Shape shape = output.getShape();
    int n = (int) shape.get(0);
    int[] sample = new int[shape.dimension() - 1];
    for (int d = 1; d < shape.dimension(); d++) {
      sample[d - 1] = (int) shape.get(d);
    }
    float[] all = output.toType(DataType.FLOAT32, false).toFloatArray();
    int size = all.length / n;
    List<Volume> volumes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      float[] v = new float[size];
      System.arraycopy(all, i * size, v, 0, size);
      volumes.add(Volume.of(v, sample));
    }
    long[][][] betti = engine.betti(volumes, Construction.V, thresholds);
    for (int t = 0; t < thresholds.length; t++) {
      double[] mean = new double[3];
      for (long[][] perVolume : betti) {
        for (int k = 0; k < perVolume[t].length; k++) {
          mean[k] += (double) perVolume[t][k] / n;
        }
      }
      out.add(state, 28 * factor, subset, layer, sample.length, thresholdLabels.get(t), mean[0], mean[1], mean[2],
          mean[0] + mean[1] + mean[2]);
    }
  }
}
