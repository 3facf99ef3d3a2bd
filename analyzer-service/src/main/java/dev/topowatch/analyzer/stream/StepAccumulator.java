package dev.topowatch.analyzer.stream;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The samples of one training step of one run, per layer; not thread-safe (guarded by {@link RunState}). */
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
    final Map<Integer, long[][]> betti = new HashMap<>();
    final Map<Integer, Long> times = new HashMap<>();
    final Set<Integer> rejected = new HashSet<>();

    Layer(int index) {
      this.index = index;
    }

    int received() {
      return betti.size() + rejected.size();
    }
  }

  boolean contains(SampleKey key) {
    Layer layer = layers.get(key.layerIndex());
    return layer != null && (layer.betti.containsKey(key.sampleIndex()) || layer.rejected.contains(key.sampleIndex()));
  }

  void add(RunEvent.SampleApplied s) {
    Layer layer = layers.computeIfAbsent(s.layerIndex(), Layer::new);
    layer.name = s.layerName();
    layer.shape = s.shape();
    layer.betti.put(s.sampleIndex(), s.betti());
    layer.times.put(s.sampleIndex(), s.timeUnixMs());
  }

  void reject(RunEvent.SampleRejected r) {
    layers.computeIfAbsent(r.layerIndex(), Layer::new).rejected.add(r.sampleIndex());
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
  List<Layer> analysedLayers() {
    List<Layer> out = new ArrayList<>();
    for (Layer l : layers.values()) {
      if (!l.betti.isEmpty()) {
        out.add(l);
      }
    }
    return out;
  }

  List<Long> sampleTimes() {
    List<Long> out = new ArrayList<>();
    layers.values().forEach(l -> out.addAll(l.times.values()));
    return out;
  }

  /** {@code [t][d]} mean Betti numbers over the layer's samples; d up to the largest rank seen. */
  static double[][] meanBetti(Layer layer, int thresholds) {
    int dims = 0;
    for (long[][] b : layer.betti.values()) {
      dims = Math.max(dims, b.length == 0 ? 0 : b[0].length);
    }
    double[][] mean = new double[thresholds][dims];
    for (long[][] b : layer.betti.values()) {
      for (int t = 0; t < thresholds; t++) {
        for (int d = 0; d < b[t].length; d++) {
          mean[t][d] += b[t][d];
        }
      }
    }
    int n = layer.betti.size();
    for (double[] row : mean) {
      for (int d = 0; d < row.length; d++) {
        row[d] /= n;
      }
    }
    return mean;
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
