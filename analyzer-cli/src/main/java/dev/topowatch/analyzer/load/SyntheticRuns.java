package dev.topowatch.analyzer.load;

import com.google.protobuf.ByteString;
import dev.topowatch.analyzer.kafka.RunPartitions;
import dev.topowatch.proto.SampleData;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunFinished;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.RunStatus;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.TrainingEvent;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Training runs made up for load: {@code layers} layers × {@code samples} samples per step of
 * 32×28×28 float32 activation-like volumes ({@link ActivationVolumes}, a pool of 64 seeded volumes
 * reused in turn), keyed and partitioned as the agent sends them (the partition from the run id, so a
 * run's activations and events share a partition number).
 */
public final class SyntheticRuns {

  private static final int POOL = 64;
  /** The volumes of the topology benchmarks (seeds 1000, 1001, …), so stream and engine figures compare. */
  private static final long SEED = 1000;
  private static final int[] SHAPE = ActivationVolumes.SHAPE;

  private final List<String> runIds;
  private final int layers;
  private final int samples;
  private final String activationsTopic;
  private final String eventsTopic;
  private final ByteString[] pool = new ByteString[POOL];

  public SyntheticRuns(List<String> runIds, int layers, int samples, String activationsTopic, String eventsTopic) {
    this.runIds = List.copyOf(runIds);
    this.layers = layers;
    this.samples = samples;
    this.activationsTopic = activationsTopic;
    this.eventsTopic = eventsTopic;
    for (int i = 0; i < POOL; i++) {
      pool[i] = SampleData.float32(ActivationVolumes.one(SEED + i).data());
    }
  }

  public List<String> runIds() {
    return runIds;
  }

  /** Records per step over all runs. */
  public int recordsPerStep() {
    return runIds.size() * layers * samples;
  }

  /** The {@code n}-th sample record: steps in order, within a step each run, layer and sample in turn. */
  public ProducerRecord<String, byte[]> sample(long n, int partitions) {
    long step = n / recordsPerStep();
    int inStep = (int) (n % recordsPerStep());
    String run = runIds.get(inStep / (layers * samples));
    int l = inStep / samples % layers;
    int s = inStep % samples;
    ActivationSample.Builder sample = ActivationSample.newBuilder()
        .setRunId(run).setStep(step).setLayerIndex(l).setLayerName(layerName(l)).setSampleIndex(s).setLabel(s % 10)
        .setDtype(DType.FLOAT32).setData(pool[(int) ((step * 31 + l * 7 + s) % POOL)]).setTimeUnixMs(System.currentTimeMillis());
    for (int d : SHAPE) {
      sample.addShape(d);
    }
    return new ProducerRecord<>(activationsTopic, RunPartitions.of(run, partitions), run + "/" + l, sample.build().toByteArray());
  }

  public ProducerRecord<String, byte[]> runStarted(String run, int partitions) {
    RunStarted.Builder rs = RunStarted.newBuilder().setRunId(run).setJobName("loadgen").setPowergradEnabled(false)
        .setSampling(SamplingSettings.newBuilder().setEvery(1).setSize(samples).setDtype(DType.FLOAT32))
        .setTrainer("loadgen").setTimeUnixMs(System.currentTimeMillis());
    for (int l = 0; l < layers; l++) {
      LayerInfo.Builder layer = LayerInfo.newBuilder().setIndex(l).setName(layerName(l)).setBlockType("Conv2d");
      for (int d : SHAPE) {
        layer.addOutputShape(d);
      }
      rs.addLayers(layer);
    }
    return event(run, partitions, TrainingEvent.newBuilder().setRunStarted(rs));
  }

  public ProducerRecord<String, byte[]> runFinished(String run, long steps, int partitions) {
    return event(run, partitions, TrainingEvent.newBuilder().setRunFinished(
        RunFinished.newBuilder().setRunId(run).setStepCount(steps).setStatus(RunStatus.COMPLETED).setTimeUnixMs(System.currentTimeMillis())));
  }

  private ProducerRecord<String, byte[]> event(String run, int partitions, TrainingEvent.Builder event) {
    TrainingEvent e = event.setRunId(run).setTimeUnixMs(System.currentTimeMillis()).build();
    return new ProducerRecord<>(eventsTopic, RunPartitions.of(run, partitions), run, e.toByteArray());
  }

  /** Volume shape, e.g. {@code 32x28x28}. */
  public static String shape() {
    return SHAPE[0] + "x" + SHAPE[1] + "x" + SHAPE[2];
  }

  private static String layerName(int l) {
    return String.format("%02d_conv", l);
  }
}
