package dev.topowatch.it.web;

import dev.topowatch.proto.SampleData;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.StepMetrics;
import dev.topowatch.proto.v1.TrainingEvent;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A small run published straight to the analyzer's default topics, as the agent would: RunStarted,
 * then per step its metrics and every layer's samples ({@link ActivationVolumes}, 4×8×8 maps). For
 * tests that need data on the page in seconds rather than a real trainer's minutes.
 */
final class SyntheticRun implements AutoCloseable {

  private static final int[] SHAPE = {4, 8, 8};
  private static final int SAMPLES = 2;

  private final String runId;
  private final int layers;
  private final KafkaProducer<String, byte[]> producer;

  SyntheticRun(String bootstrap, String runId, int layers) {
    this.runId = runId;
    this.layers = layers;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
        new StringSerializer(), new ByteArraySerializer());
  }

  void started() {
    RunStarted.Builder rs = RunStarted.newBuilder().setRunId(runId).setJobName("synthetic").setPowergradEnabled(false)
        .setSampling(SamplingSettings.newBuilder().setEvery(1).setSize(SAMPLES).setDtype(DType.FLOAT32))
        .setTimeUnixMs(System.currentTimeMillis());
    for (int l = 0; l < layers; l++) {
      LayerInfo.Builder layer = LayerInfo.newBuilder().setIndex(l).setName(layerName(l)).setBlockType("Conv2d");
      for (int d : SHAPE) {
        layer.addOutputShape(d);
      }
      rs.addLayers(layer);
    }
    event(TrainingEvent.newBuilder().setRunId(runId).setTimeUnixMs(System.currentTimeMillis()).setRunStarted(rs).build());
  }

  /** The step's metrics (loss falling with the step) and every layer's samples; returns once the broker has them. */
  void step(long step) {
    event(TrainingEvent.newBuilder().setRunId(runId).setTimeUnixMs(System.currentTimeMillis())
        .setStepMetrics(StepMetrics.newBuilder().setStep(step).setEpoch(0).setLoss(2.0 / (1 + step)).setAccuracy(0.1 + 0.05 * step)
            .setLearningRate(0.01)).build());
    for (int l = 0; l < layers; l++) {
      for (int s = 0; s < SAMPLES; s++) {
        Volume v = ActivationVolumes.one(step * 1000 + l * 10 + s, SHAPE);
        ActivationSample.Builder sample = ActivationSample.newBuilder().setRunId(runId).setStep(step).setEpoch(0)
            .setLayerIndex(l).setLayerName(layerName(l)).setSampleIndex(s).setLabel(s).setDtype(DType.FLOAT32)
            .setData(SampleData.float32(v.data())).setTimeUnixMs(System.currentTimeMillis());
        for (int d : SHAPE) {
          sample.addShape(d);
        }
        send("topowatch.activations", runId + "/" + l, sample.build().toByteArray());
      }
    }
  }

  private void event(TrainingEvent e) {
    send("topowatch.events", runId, e.toByteArray());
  }

  private void send(String topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot publish to " + topic, e.getCause());
    }
  }

  private static String layerName(int l) {
    return String.format("%02d_conv2d", l);
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
