package dev.topowatch.rank;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.DecayRate;
import dev.topowatch.topology.DepthTrend;
import dev.topowatch.topology.Quantiles;
import dev.topowatch.topology.TopologicalComplexity;
import dev.topowatch.topology.Volume;
import dev.topowatch.transfer.HScore;
import dev.topowatch.transfer.Leep;
import dev.topowatch.transfer.LogMe;
import dev.topowatch.transfer.Nce;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Scores one candidate on a target sample, before any fine-tuning: every layer's output on the
 * sample (as the agent names layers), the Betti numbers of each sample's volume at every threshold
 * (V-construction, the analyzer's engine), Ω per layer (mean within each class, then over classes),
 * θ and the depth trend per threshold over the chosen layers; and the four transferability
 * baselines, LogME and H-score on the penultimate layer's output, LEEP and NCE on the softmax of
 * the last layer's output.
 */
public final class ModelRanker {
  private final BettiEngine engine;
  private final RankOptions options;

  public ModelRanker(BettiEngine engine, RankOptions options) {
    this.engine = engine;
    this.options = options;
  }

  /**
   * @param sample class by class, equal counts ({@link TargetSample#perClass})
   * @throws IllegalArgumentException if the sample does not fit the model, or the model's layers
   *     do not give features and class scores
   */
  public CandidateScores score(Candidate candidate, Images sample, RankProgress progress, int index, int total) {
    int[] want = candidate.inputShape();
    if (want != null && !Arrays.equals(want, sample.shape())) {
      throw new IllegalArgumentException("candidate " + candidate.name() + ": the target images are shaped "
          + Arrays.toString(sample.shape()) + ", the model takes " + Arrays.toString(want));
    }
    progress.update(index, total, candidate.name(), "forward", 0);
    List<LayerOutputs.Output> outputs;
    try (NDManager manager = candidate.model().getNDManager().newSubManager()) {
      NDArray input = manager.create(sample.pixels(), new Shape(sample.count()).addAll(new Shape(longs(sample.shape()))));
      try {
        outputs = LayerOutputs.of(candidate.model().getBlock(), input, new ParameterStore(manager, false));
      } catch (ai.djl.engine.EngineException | IllegalStateException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("candidate " + candidate.name() + ": the target images, shaped "
            + Arrays.toString(sample.shape()) + ", do not fit the model: " + CandidateLoader.firstLine(e), e);
      }
    }
    if (outputs.size() < 2) {
      throw new IllegalArgumentException("candidate " + candidate.name() + " has " + outputs.size()
          + " layer; rank needs a penultimate layer (features) and a last layer (class scores)");
    }
    Pattern filter = options.layers() != null ? options.layers() : Pattern.compile(candidate.defaultLayers());
    List<LayerOutputs.Output> chosen = outputs.stream().filter(o -> filter.matcher(o.layer().name()).find()).toList();
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("candidate " + candidate.name() + ": no layer matches " + filter.pattern());
    }
    int classes = sample.classes();
    int perClass = sample.count() / classes;
    int rows = options.thresholds().length + options.quantiles().length;
    long[][][][][] betti = new long[rows][classes][perClass][chosen.size()][];
    for (int l = 0; l < chosen.size(); l++) {
      progress.update(index, total, candidate.name(), "betti " + chosen.get(l).layer().name(), (double) l / chosen.size());
      bettiOfLayer(chosen.get(l), l, sample, perClass, betti);
    }
    double[][] omega = new double[rows][];
    double[] theta = new double[rows];
    double[] trend = new double[rows];
    for (int r = 0; r < rows; r++) {
      omega[r] = TopologicalComplexity.perLayerByClass(betti[r]);
      theta[r] = DecayRate.theta(omega[r]);
      trend[r] = DepthTrend.spearman(omega[r]);
    }
    progress.update(index, total, candidate.name(), "baselines", 1);
    LayerOutputs.Output penultimate = outputs.get(outputs.size() - 2);
    LayerOutputs.Output last = outputs.get(outputs.size() - 1);
    double[][] features = rowsOf(penultimate, sample.count());
    if (last.sampleShape().length != 1) {
      throw new IllegalArgumentException("candidate " + candidate.name() + ": the last layer " + last.layer().name()
          + " gives " + Arrays.toString(last.sampleShape()) + " per sample, not a vector of class scores");
    }
    double[][] probs = softmax(rowsOf(last, sample.count()));
    return new CandidateScores(candidate.name(), chosen.stream().map(o -> o.layer().name()).toList(), omega, theta, trend,
        penultimate.layer().name(), LogMe.score(features, sample.labels()), HScore.score(features, sample.labels()),
        Leep.score(probs, sample.labels()), Nce.score(probs, sample.labels()));
  }

  private void bettiOfLayer(LayerOutputs.Output out, int layer, Images sample, int perClass, long[][][][][] betti) {
    int[] shape = out.sampleShape();
    if (shape.length > Volume.MAX_RANK) {
      throw new IllegalArgumentException("layer " + out.layer().name() + " gives " + Arrays.toString(shape)
          + " per sample: volumes of more than " + Volume.MAX_RANK + " dimensions are not supported");
    }
    int[] volumeShape = shape.length == 0 ? new int[] {1} : shape;
    int size = out.sampleSize();
    List<Volume> volumes = new ArrayList<>(sample.count());
    List<double[]> quantileThresholds = new ArrayList<>(sample.count());
    for (int i = 0; i < sample.count(); i++) {
      volumes.add(Volume.of(Arrays.copyOfRange(out.values(), i * size, (i + 1) * size), volumeShape));
      if (options.quantiles().length > 0) {
        quantileThresholds.add(Quantiles.of(out.values(), i * size, size, options.quantiles()));
      }
    }
    int absolute = options.thresholds().length;
    long[][][] abs = absolute == 0 ? null : engine.betti(volumes, Construction.V, options.thresholds());
    long[][][] q = options.quantiles().length == 0 ? null : engine.betti(volumes, Construction.V, quantileThresholds);
    for (int i = 0; i < sample.count(); i++) {
      int c = sample.labels()[i];
      int s = i - c * perClass;
      for (int r = 0; r < absolute; r++) {
        betti[r][c][s][layer] = abs[i][r];
      }
      for (int r = 0; r < options.quantiles().length; r++) {
        betti[absolute + r][c][s][layer] = q[i][r];
      }
    }
  }

  private static double[][] rowsOf(LayerOutputs.Output out, int n) {
    int size = out.sampleSize();
    double[][] rows = new double[n][size];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < size; j++) {
        rows[i][j] = out.values()[i * size + j];
      }
    }
    return rows;
  }

  static double[][] softmax(double[][] logits) {
    double[][] p = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits[i]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      p[i] = new double[logits[i].length];
      for (int k = 0; k < p[i].length; k++) {
        p[i][k] = Math.exp(logits[i][k] - max);
        sum += p[i][k];
      }
      for (int k = 0; k < p[i].length; k++) {
        p[i][k] /= sum;
      }
    }
    return p;
  }

  private static long[] longs(int[] shape) {
    long[] out = new long[shape.length];
    for (int i = 0; i < shape.length; i++) {
      out[i] = shape[i];
    }
    return out;
  }
}
