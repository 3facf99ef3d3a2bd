package dev.topowatch.analyzer.stream;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The samples of one training step of one run, per layer, kept compact: per layer the exact sums of
 * the Betti numbers, the number of samples, and which sample indices were seen (for idempotency).
 * Creation times are kept only until the step is published. Not thread-safe (guarded by {@link RunState}).
 */
final class StepAccumulator {

  final long step;
  final long openedAtMs;
  boolean closed;
  boolean complete;
  private final TreeMap<Integer, Layer> layers = new TreeMap<>();

  StepAccumulator(long step, long openedAtMs) {
    this.step = step;
    this.openedAtMs = openedAtMs;
  }

  static final class Layer {
    final int index;
    String name;
    int[] shape;
    long[][] sums = new long[0][0];
    int analysed;
    int rejected;
    /** Sum of the dead fractions of the samples that carried one, and how many did. */
    double deadSum;
    int deadSamples;
    private final BitSet seen = new BitSet();
    private Set<Integer> seenOutsideBitSet;
    List<Long> times = new ArrayList<>();

    Layer(int index) {
      this.index = index;
    }

    int received() {
      return analysed + rejected;
    }

    boolean seen(int sampleIndex) {
      return sampleIndex >= 0 && sampleIndex < 1 << 16
          ? seen.get(sampleIndex)
          : seenOutsideBitSet != null && seenOutsideBitSet.contains(sampleIndex);
    }

    void markSeen(int sampleIndex) {
      if (sampleIndex >= 0 && sampleIndex < 1 << 16) {
        seen.set(sampleIndex);
      } else {
        if (seenOutsideBitSet == null) {
          seenOutsideBitSet = new HashSet<>();
        }
        seenOutsideBitSet.add(sampleIndex);
      }
    }

    void add(long[][] betti) {
      int dims = 0;
      for (long[] row : betti) {
        dims = Math.max(dims, row.length);
      }
      if (sums.length < betti.length || (sums.length > 0 && sums[0].length < dims)) {
        long[][] grown = new long[Math.max(sums.length, betti.length)][Math.max(sums.length == 0 ? 0 : sums[0].length, dims)];
        for (int t = 0; t < sums.length; t++) {
          System.arraycopy(sums[t], 0, grown[t], 0, sums[t].length);
        }
        sums = grown;
      }
      for (int t = 0; t < betti.length; t++) {
        for (int d = 0; d < betti[t].length; d++) {
          sums[t][d] += betti[t][d];
        }
      }
      analysed++;
    }
  }

  /** This step as part of a run checkpoint; {@link #restore} reads it back. */
  RunCheckpoint.Step checkpoint() {
    List<RunCheckpoint.Layer> out = new ArrayList<>(layers.size());
    for (Layer l : layers.values()) {
      int[] outside = l.seenOutsideBitSet == null ? new int[0] : l.seenOutsideBitSet.stream().mapToInt(i -> i).sorted().toArray();
      long[][] sums = new long[l.sums.length][];
      for (int t = 0; t < sums.length; t++) {
        sums[t] = l.sums[t].clone(); // the sums grow in place after this checkpoint is taken
      }
      out.add(new RunCheckpoint.Layer(l.index, l.name, l.shape, sums, l.analysed, l.rejected, l.seen.toLongArray(), outside,
          l.deadSum, l.deadSamples));
    }
    return new RunCheckpoint.Step(step, openedAtMs, closed, complete, out);
  }

  static StepAccumulator restore(RunCheckpoint.Step saved) {
    StepAccumulator acc = new StepAccumulator(saved.step(), saved.openedAtMs());
    acc.closed = saved.closed();
    acc.complete = saved.complete();
    for (RunCheckpoint.Layer layer : saved.layers()) {
      Layer l = new Layer(layer.index());
      l.name = layer.name();
      l.shape = layer.shape();
      l.sums = layer.sums();
      l.analysed = layer.analysed();
      l.rejected = layer.rejected();
      l.deadSum = layer.deadSum();
      l.deadSamples = layer.deadSamples();
      l.seen.or(BitSet.valueOf(layer.seen()));
      for (int i : layer.seenOutside()) {
        l.markSeen(i);
      }
      acc.layers.put(l.index, l);
    }
    return acc;
  }

  boolean contains(SampleKey key) {
    Layer layer = layers.get(key.layerIndex());
    return layer != null && layer.seen(key.sampleIndex());
  }

  void add(RunEvent.SampleApplied s) {
    Layer layer = layers.computeIfAbsent(s.layerIndex(), Layer::new);
    layer.name = s.layerName();
    layer.shape = s.shape();
    layer.markSeen(s.sampleIndex());
    layer.add(s.betti());
    if (!Double.isNaN(s.deadFraction())) {
      layer.deadSum += s.deadFraction();
      layer.deadSamples++;
    }
    if (!closed) {
      layer.times.add(s.timeUnixMs());
    }
  }

  void reject(RunEvent.SampleRejected r) {
    Layer layer = layers.computeIfAbsent(r.layerIndex(), Layer::new);
    layer.markSeen(r.sampleIndex());
    layer.rejected++;
  }

  /** True when {@code expectedLayers} layers each have {@code expectedSamples} samples (processed or rejected). */
  boolean isComplete(int expectedLayers, int expectedSamples) {
    if (expectedLayers <= 0) {
      return false;
    }
    int need = Math.max(1, expectedSamples);
    long full = layers.values().stream().filter(l -> l.received() >= need).count();
    return full >= expectedLayers;
  }

  /** Layers with at least one analysed sample, by layer index. */
  /** Indices of the layers this step has seen (analysed or rejected). */
  Set<Integer> layerIndices() {
    return layers.keySet();
  }

  List<Layer> analysedLayers() {
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers.values()) {
      if (l.analysed > 0) {
        out.add(l);
      }
    }
    return out;
  }

  /** Creation times of the samples held for publication; forgets them (each is reported once). */
  List<Long> takeSampleTimes() {
    List<Long> out = new ArrayList<>();
    layers.values().forEach(l -> {
      out.addAll(l.times);
      l.times = new ArrayList<>(0);
    });
    return out;
  }

  /** {@code [t][d]} mean Betti numbers over the layer's analysed samples. */
  static double[][] meanBetti(Layer layer, int thresholds) {
    int dims = layer.sums.length == 0 ? 0 : layer.sums[0].length;
    double[][] mean = new double[thresholds][dims];
    for (int t = 0; t < Math.min(thresholds, layer.sums.length); t++) {
      for (int d = 0; d < dims; d++) {
        mean[t][d] = (double) layer.sums[t][d] / layer.analysed;
      }
    }
    return mean;
  }

  /** Mean dead fraction over the layer's samples that carried one; NaN if none did. */
  static double meanDeadFraction(Layer layer) {
    return layer.deadSamples == 0 ? Double.NaN : layer.deadSum / layer.deadSamples;
  }

  /** Ω per threshold: the mean over samples of β0 + β1 + β2 (the sum of the mean Betti numbers). */
  static double[] omega(double[][] meanBetti) {
    double[] omega = new double[meanBetti.length];
    for (int t = 0; t < meanBetti.length; t++) {
      for (double b : meanBetti[t]) {
        omega[t] += b;
      }
    }
    return omega;
  }
}
