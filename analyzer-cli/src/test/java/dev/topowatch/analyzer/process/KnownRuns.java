package dev.topowatch.analyzer.process;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.kafka.RunPartitions;
import dev.topowatch.proto.SampleData;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.TrainingEvent;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngines;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Runs whose numbers are known: one run id per partition, {@code layers} layers of activation-like
 * volumes (seeded, each layer its own shape), {@code samples} samples per layer and step, sent the
 * way the agent sends them (partition chosen from the run id), and the engine's Betti numbers of
 * every volume sent, computed here, at the analyzer's default thresholds.
 */
public final class KnownRuns implements AutoCloseable {

  public static final double[] THRESHOLDS = Arrays.stream(AnalyzerConfig.DEFAULTS.get(AnalyzerConfig.ENGINE_THRESHOLDS).split(","))
      .mapToDouble(Double::parseDouble).toArray();

  private final List<String> ids;
  private final int partitions;
  private final int layers;
  private final int samples;
  private final BettiEngine engine = BettiEngines.open("cpu").engine();

  /** One run per partition; ids {@code prefix-k} with the smallest k landing in each partition. */
  public KnownRuns(String prefix, int partitions, int layers, int samples) {
    this.partitions = partitions;
    this.layers = layers;
    this.samples = samples;
    TreeMap<Integer, String> byPartition = new TreeMap<>();
    for (int k = 0; byPartition.size() < partitions; k++) {
      String id = prefix + "-" + k;
      byPartition.putIfAbsent(RunPartitions.of(id, partitions), id);
    }
    this.ids = List.copyOf(byPartition.values());
  }

  public List<String> ids() {
    return ids;
  }

  public int samplesPerStep() {
    return layers * samples;
  }

  public ProducerRecord<String, byte[]> runStarted(String eventsTopic, String run) {
    RunStarted.Builder rs = RunStarted.newBuilder().setRunId(run).setJobName("known-" + run)
        .setSampling(SamplingSettings.newBuilder().setEvery(1).setSize(samples).setDtype(DType.FLOAT32));
    for (int l = 0; l < layers; l++) {
      LayerInfo.Builder layer = LayerInfo.newBuilder().setIndex(l).setName(layerName(l)).setBlockType("Conv2d");
      Arrays.stream(shape(l)).forEach(layer::addOutputShape);
      rs.addLayers(layer);
    }
    TrainingEvent e = TrainingEvent.newBuilder().setRunId(run).setTimeUnixMs(System.currentTimeMillis()).setRunStarted(rs).build();
    return new ProducerRecord<>(eventsTopic, RunPartitions.of(run, partitions), run, e.toByteArray());
  }

  /** Every sample of one step of a run. */
  public List<ProducerRecord<String, byte[]>> step(String activationsTopic, String run, long step) {
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (int i = 0; i < samples; i++) {
        ActivationSample.Builder s = ActivationSample.newBuilder().setRunId(run).setStep(step).setLayerIndex(l)
            .setLayerName(layerName(l)).setSampleIndex(i).setLabel(i).setDtype(DType.FLOAT32)
            .setData(SampleData.float32(volume(run, step, l, i).data())).setTimeUnixMs(System.currentTimeMillis());
        Arrays.stream(shape(l)).forEach(s::addShape);
        out.add(new ProducerRecord<>(activationsTopic, RunPartitions.of(run, partitions), run + "/" + l, s.build().toByteArray()));
      }
    }
    return out;
  }

  /** {@code [t][d]}: the mean over the step's samples of the engine's Betti numbers of layer {@code l}. */
  public double[][] meanBetti(String run, long step, int l) {
    double[][] mean = null;
    for (int i = 0; i < samples; i++) {
      long[][] b = engine.betti(List.of(volume(run, step, l, i)), Construction.V, THRESHOLDS)[0];
      if (mean == null) {
        mean = new double[b.length][b[0].length];
      }
      for (int t = 0; t < b.length; t++) {
        for (int d = 0; d < b[t].length; d++) {
          mean[t][d] += b[t][d];
        }
      }
    }
    for (double[] row : mean) {
      for (int d = 0; d < row.length; d++) {
        row[d] /= samples;
      }
    }
    return mean;
  }

  public static String layerName(int l) {
    return String.format("%02d_conv", l);
  }

  private Volume volume(String run, long step, int l, int i) {
    long seed = ((ids.indexOf(run) * 100_000L + step) * 16 + l) * 64 + i;
    return ActivationVolumes.one(seed, shape(l));
  }

  /** Layer l: 2 + l channels of (10 - 2l)², like a convolution stack that narrows as it deepens. */
  private static int[] shape(int l) {
    return new int[] {2 + l, 10 - 2 * l, 10 - 2 * l};
  }

  @Override
  public void close() {
    engine.close();
  }
}
