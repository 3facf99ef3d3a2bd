package dev.topowatch.analyzer.service;

import static dev.topowatch.analyzer.service.ServiceHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.topowatch.broker.SharedBroker;
import dev.topowatch.proto.v1.ActivationBatch;
import dev.topowatch.proto.v1.ActivationSample;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both kinds of activation record on one real broker: the per-sample {@code ActivationSample} that
 * agents before issue 22 send, and the {@code ActivationBatch} that packs a layer's samples of one
 * step. The same volumes give the same counts and numbers either way, each volume counted once (a
 * batch delivered twice too); a bad volume in a batch is rejected alone, a batch that cannot be split
 * as a whole.
 */
@Timeout(120)
class PackedRecordsTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @TempDir Path dataDir;

  /** Layer 0: two rings; layer 1: 3 and 5 blobs; layer 2: two hollow cubes (StreamingAnalyzerTest's volumes). */
  private static List<List<ActivationSample>> volumes(String run, long step) {
    return List.of(
        List.of(Samples.sample(run, step, 0, 0, Samples.ring(), 7, 7).build(),
            Samples.sample(run, step, 0, 1, Samples.ring(), 7, 7).build()),
        List.of(Samples.sample(run, step, 1, 0, Samples.blobs(3), 7, 7).build(),
            Samples.sample(run, step, 1, 1, Samples.blobs(5), 7, 7).build()),
        List.of(Samples.sample(run, step, 2, 0, Samples.hollowCube(), 5, 5, 5).build(),
            Samples.sample(run, step, 2, 1, Samples.hollowCube(), 5, 5, 5).build()));
  }

  /** One layer's samples as one ActivationBatch, as the agent packs them. */
  static ActivationBatch pack(List<ActivationSample> samples) {
    ActivationSample first = samples.get(0);
    ActivationBatch.Builder b = ActivationBatch.newBuilder().setRunId(first.getRunId()).setStep(first.getStep())
        .setEpoch(first.getEpoch()).setLayerIndex(first.getLayerIndex()).setLayerName(first.getLayerName())
        .addAllShape(first.getShapeList()).setDtype(first.getDtype()).setTimeUnixMs(first.getTimeUnixMs());
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (ActivationSample s : samples) {
      b.addSampleIndex(s.getSampleIndex()).addLabel(s.getLabel());
      data.writeBytes(s.getData().toByteArray());
    }
    return b.setData(ByteString.copyFrom(data.toByteArray())).build();
  }

  private static void sendPacked(ServiceHarness h, ActivationBatch b) {
    h.sendRaw(b.getRunId() + "/" + b.getLayerIndex(), b.toByteArray());
  }

  @Test
  void olderAgentsSamplesAndPackedBatchesGiveTheSameNumbers() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      h.send(Samples.runStarted("single", 3, 2, 1.0));
      h.send(Samples.runStarted("packed", 3, 2, 1.0));
      h.send(Samples.runStarted("mixed", 3, 2, 1.0));
      volumes("single", 10).forEach(layer -> layer.forEach(h::send));
      volumes("packed", 10).forEach(layer -> sendPacked(h, pack(layer)));
      List<List<ActivationSample>> mixed = volumes("mixed", 10);
      sendPacked(h, pack(mixed.get(0)));
      mixed.get(1).forEach(h::send);
      sendPacked(h, pack(mixed.get(2)));
      sendPacked(h, pack(mixed.get(0))); // delivered twice: counted once
      for (String run : List.of("single", "packed", "mixed")) {
        await(run + ": 6 samples, 3 layers", WAIT,
            () -> h.processed(run) == 6 && h.run(run).getJsonArray("layers").size() == 3);
      }
      JsonObject single = h.run("single");
      for (String run : List.of("packed", "mixed")) {
        JsonObject r = h.run(run);
        assertThat(r.getLong("samples_processed")).isEqualTo(6);
        assertThat(r.getLong("samples_rejected")).isZero();
        assertThat(r.getJsonArray("layers")).isEqualTo(single.getJsonArray("layers"));
        assertThat(r.getJsonObject("theta").getJsonArray("0").getJsonObject(0).getDouble("theta"))
            .isEqualTo(single.getJsonObject("theta").getJsonArray("0").getJsonObject(0).getDouble("theta"));
        for (String layer : List.of("00_layer", "01_layer", "02_layer")) {
          assertThat(h.metric("topowatch_topological_complexity", "run_id", run, "layer", layer, "threshold", "0"))
              .isEqualTo(h.metric("topowatch_topological_complexity", "run_id", "single", "layer", layer, "threshold", "0"));
        }
      }
      assertThat(h.metric("topowatch_betti_number", "run_id", "packed", "layer", "01_layer", "dim", "0", "threshold", "0"))
          .isEqualTo(4.0); // mean of 3 and 5 blobs
    }
  }

  @Test
  void aBadVolumeInABatchIsRejectedAloneAndAnUnsplittableBatchAsAWhole() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir).start()) {
      h.send(Samples.runStarted("bad", 2, 3, 1.0));
      float[] nan = new float[49];
      Arrays.fill(nan, Float.NaN);
      sendPacked(h, pack(List.of(Samples.sample("bad", 0, 0, 0, Samples.ring(), 7, 7).build(),
          Samples.sample("bad", 0, 0, 1, nan, 7, 7).build(),
          Samples.sample("bad", 0, 0, 2, Samples.blobs(2), 7, 7).build())));
      ActivationBatch unsplittable = pack(List.of(Samples.sample("bad", 0, 1, 0, Samples.ring(), 7, 7).build()))
          .toBuilder().addSampleIndex(1).build(); // two samples, one volume of data
      sendPacked(h, unsplittable);
      h.send(Samples.sample("bad", 0, 1, 0, Samples.blobs(1), 7, 7).build());
      await("2 applied and 1 rejected in the run, 1 undecodable record", WAIT,
          () -> h.processed("bad") == 3 && h.run("bad").getLong("samples_rejected") == 1
              && h.metric("topowatch_samples_rejected_total", "reason", "undecodable") == 1.0);
      assertThat(h.metric("topowatch_samples_rejected_total", "reason", "non_finite")).isEqualTo(1.0);
    }
  }
}
