package dev.topowatch.analyzer.service;

import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.TrainingEvent;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Good records for a few runs, built to be awkward but valid: every dtype, some NaN and ±Inf values
 * (never all), absurd values in the fields nobody validates (label, epoch, creation time, hostile
 * layer names), steps sent out of order, and a share of records sent twice. Keeps what each sample
 * decodes to, so the expected Betti means can be computed with the engine itself.
 */
final class GoodRuns {

  /** Layer shapes of every good run: 2-D, 3-D and 1-D. */
  static final long[][] SHAPES = {{6, 6}, {3, 4, 3}, {12}};

  private static final float[] LEVELS = {-1f, 0f, 0.25f, 0.5f, 0.75f, 1f, 1.5f, 2f};
  private static final float[] NON_FINITE = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};

  final List<String> runs;
  final int steps;
  final int samplesPerLayer;
  private final Random random;
  private final HostileRecords names;
  /** run → step → layer → sample → the values the analyzer decodes. */
  private final Map<String, Map<Long, Map<Integer, Map<Integer, float[]>>>> volumes = new LinkedHashMap<>();
  private final List<byte[]> records = new ArrayList<>();
  int duplicates;
  int partlyNonFinite;

  GoodRuns(Random random, List<String> runs, int steps, int samplesPerLayer) {
    this.random = random;
    this.runs = List.copyOf(runs);
    this.steps = steps;
    this.samplesPerLayer = samplesPerLayer;
    this.names = new HostileRecords(random, dev.topowatch.analyzer.stream.InputLimits.DEFAULTS);
  }

  /** RunStarted of each run: its layers and samples per layer, so a step closes when complete. */
  List<TrainingEvent> announcements() {
    List<TrainingEvent> out = new ArrayList<>();
    for (String run : runs) {
      RunStarted.Builder rs = RunStarted.newBuilder().setRunId(run).setJobName("good-" + run)
          .setSampling(SamplingSettings.newBuilder().setEvery(1).setSize(samplesPerLayer).setDtype(DType.FLOAT32));
      for (int l = 0; l < SHAPES.length; l++) {
        LayerInfo.Builder li = LayerInfo.newBuilder().setIndex(l).setName("layer-" + l).setBlockType("Conv2d");
        for (long d : SHAPES[l]) {
          li.addOutputShape(d);
        }
        rs.addLayers(li);
      }
      out.add(TrainingEvent.newBuilder().setRunId(run).setTimeUnixMs(System.currentTimeMillis()).setRunStarted(rs).build());
    }
    return out;
  }

  /** Every sample once, shuffled across runs and steps, then about a fifth of them again. */
  List<byte[]> records(int maxLayerNameLength) {
    if (!records.isEmpty()) {
      return records;
    }
    long[] times = {0, -5, System.currentTimeMillis(), System.currentTimeMillis() + 1_000_000_000L, Long.MAX_VALUE};
    for (String run : runs) {
      for (long step = 0; step < steps; step++) {
        for (int layer = 0; layer < SHAPES.length; layer++) {
          for (int sample = 0; sample < samplesPerLayer; sample++) {
            DType dtype = DType.forNumber(1 + random.nextInt(3));
            float[] values = values(SHAPES[layer]);
            volumes.computeIfAbsent(run, r -> new LinkedHashMap<>()).computeIfAbsent(step, s -> new LinkedHashMap<>())
                .computeIfAbsent(layer, l -> new LinkedHashMap<>()).put(sample, values);
            ActivationSample.Builder b = ActivationSample.newBuilder().setRunId(run).setStep(step)
                .setEpoch(random.nextInt(1 << 20)).setLayerIndex(layer)
                .setLayerName(names.text(1 + random.nextInt(maxLayerNameLength)))
                .setSampleIndex(sample).setLabel(random.nextLong()).setDtype(dtype)
                .setData(HostileRecords.encode(values, dtype)).setTimeUnixMs(times[random.nextInt(times.length)]);
            for (long d : SHAPES[layer]) {
              b.addShape(d);
            }
            records.add(b.build().toByteArray());
          }
        }
      }
    }
    Collections.shuffle(records, random);
    int distinct = records.size();
    for (int i = 0; i < distinct; i++) {
      if (random.nextInt(5) == 0) {
        records.add(records.get(random.nextInt(distinct)));
        duplicates++;
      }
    }
    Collections.shuffle(records, random);
    return records;
  }

  /** Distinct samples of one run. */
  int distinctSamples() {
    return steps * SHAPES.length * samplesPerLayer;
  }

  /**
   * Mean Betti numbers {@code [threshold][dim]} of one layer at the run's last step, as the analyzer
   * computes them: exact integer sums over the samples, divided by their count.
   */
  double[][] expectedMeans(String run, int layer, BettiEngine engine, double[] thresholds) {
    Map<Integer, float[]> samples = volumes.get(run).get((long) steps - 1).get(layer);
    int[] shape = java.util.Arrays.stream(SHAPES[layer]).mapToInt(d -> (int) d).toArray();
    List<Volume> vs = samples.values().stream().map(v -> Volume.of(v, shape)).toList();
    long[][][] betti = engine.betti(vs, Construction.V, thresholds);
    double[][] mean = new double[thresholds.length][shape.length];
    for (int t = 0; t < thresholds.length; t++) {
      for (int d = 0; d < shape.length; d++) {
        long sum = 0;
        for (long[][] one : betti) {
          sum += one[t][d];
        }
        mean[t][d] = (double) sum / betti.length;
      }
    }
    return mean;
  }

  /** Values exact in every dtype; about one volume in four has a few NaN or ±Inf entries (never all). */
  private float[] values(long[] shape) {
    int count = (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = LEVELS[random.nextInt(LEVELS.length)];
    }
    if (random.nextInt(4) == 0) {
      partlyNonFinite++;
      for (int k = 1 + random.nextInt(count / 2); k > 0; k--) {
        v[random.nextInt(count)] = NON_FINITE[random.nextInt(NON_FINITE.length)];
      }
    }
    return v;
  }
}
