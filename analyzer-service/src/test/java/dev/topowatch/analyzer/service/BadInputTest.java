package dev.topowatch.analyzer.service;

import static dev.topowatch.analyzer.service.ServiceHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.proto.v1.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import dev.topowatch.broker.SharedBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad record is rejected, counted by reason, copied to the dead-letter topic, and the next good record is processed. */
class BadInputTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @TempDir Path dataDir;

  @Test
  void eachMalformedKindIsRejectedAndTheNextGoodRecordIsProcessed() {
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
        .set(AnalyzerConfig.MAX_VOLUME_VALUES, "1000")
        .set(AnalyzerConfig.RUNS_MAX_LIVE, "2")
        .set(AnalyzerConfig.DEAD_LETTER_TOPIC, "bad.dlt")
        .start()) {
      float[] ring = Samples.ring();
      int good = 0;
      Map<String, Runnable> bad = new java.util.LinkedHashMap<>();
      bad.put("undecodable", () -> h.sendRaw("bad/0", new byte[] {0x0A, (byte) 0xFF, 0x01}));
      bad.put("unknown_dtype", () -> h.send(Samples.sample("bad", 0, 0, 100, ring, 7, 7).setDtype(DType.DTYPE_UNSPECIFIED).build()));
      bad.put("unknown_dtype#2", () -> h.send(Samples.sample("bad", 0, 0, 101, ring, 7, 7).setDtypeValue(7).build()));
      bad.put("length_mismatch", () -> h.send(Samples.sample("bad", 0, 0, 102, ring, 7, 6).build()));
      bad.put("bad_shape", () -> h.send(Samples.sample("bad", 0, 0, 103, ring).build()));
      bad.put("bad_shape#2", () -> h.send(Samples.sample("bad", 0, 0, 104, ring, -7, -7).build()));
      bad.put("too_many_dimensions", () -> h.send(Samples.sample("bad", 0, 0, 105, ring, 1, 1, 7, 7).build()));
      bad.put("too_large", () -> h.send(Samples.sample("bad", 0, 0, 106, new float[1089], 33, 33).build()));
      float[] nan = new float[49];
      Arrays.fill(nan, Float.NaN);
      nan[3] = Float.POSITIVE_INFINITY;
      bad.put("non_finite", () -> h.send(Samples.sample("bad", 0, 0, 107, nan, 7, 7).build()));
      bad.put("unknown_run", () -> h.send(Samples.sample("", 0, 0, 108, ring, 7, 7).build()));
      for (Map.Entry<String, Runnable> e : bad.entrySet()) {
        e.getValue().run();
        h.send(Samples.sample("bad", 0, 0, good++, ring, 7, 7).build());
        int expected = good;
        await("good record after " + e.getKey(), WAIT, () -> h.processed("bad") == expected);
      }
      for (String reason : List.of("undecodable", "length_mismatch", "too_many_dimensions", "too_large", "non_finite", "unknown_run")) {
        assertThat(h.metric("topowatch_samples_rejected_total", "reason", reason)).as(reason).isEqualTo(1.0);
      }
      assertThat(h.metric("topowatch_samples_rejected_total", "reason", "unknown_dtype")).isEqualTo(2.0);
      assertThat(h.metric("topowatch_samples_rejected_total", "reason", "bad_shape")).isEqualTo(2.0);
      // Rejections with a run id count in that run (undecodable and unknown_run have none).
      assertThat(h.run("bad").getLong("samples_rejected")).isEqualTo(8);

      int goodCount = good;
      // Partly non-finite: analysed (NaN never in a sublevel set) and counted apart.
      float[] ringWithNan = Samples.ring();
      ringWithNan[0] = Float.NaN;
      ringWithNan[48] = Float.NEGATIVE_INFINITY;
      h.send(Samples.sample("bad", 0, 1, 0, ringWithNan, 7, 7).build());
      await("the partly non-finite sample", WAIT, () -> h.processed("bad") == goodCount + 1);
      assertThat(h.metric("topowatch_samples_nonfinite_total")).isEqualTo(1.0);

      // FLOAT16 and BFLOAT16 of the ring decode to the same volume.
      h.send(Samples.sample("bad", 0, 2, 0, ring, 7, 7).setDtype(DType.FLOAT16).setData(halves(ring, false)).build());
      h.send(Samples.sample("bad", 0, 2, 1, ring, 7, 7).setDtype(DType.BFLOAT16).setData(halves(ring, true)).build());
      await("the half-precision samples", WAIT, () -> h.processed("bad") == goodCount + 3);

      // The live-run cap: "bad" plus one more run fit, a third is refused.
      h.send(Samples.sample("second", 0, 0, 0, ring, 7, 7).build());
      h.send(Samples.sample("third", 0, 0, 0, ring, 7, 7).build());
      h.send(Samples.sample("second", 0, 0, 1, ring, 7, 7).build());
      await("second run", WAIT, () -> h.processed("second") == 2);
      await("too_many_runs", WAIT, () -> h.metric("topowatch_samples_rejected_total", "reason", "too_many_runs") == 1.0);
      assertThat(h.get("/api/runs/third").statusCode()).isEqualTo(404);

      List<ConsumerRecord<byte[], byte[]>> dead = readAll("bad.dlt", 11);
      assertThat(dead).extracting(r -> new String(r.headers().lastHeader("topowatch.reason").value()))
          .containsExactly("undecodable", "unknown_dtype", "unknown_dtype", "length_mismatch", "bad_shape", "bad_shape",
              "too_many_dimensions", "too_large", "non_finite", "unknown_run", "too_many_runs");
      assertThat(dead.get(0).value()).containsExactly(0x0A, (byte) 0xFF, 0x01);
    }
  }

  private static ByteString halves(float[] values, boolean bfloat) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : values) {
      // 0 and 1 are exact in both formats.
      short bits = bfloat ? (short) (Float.floatToIntBits(f) >>> 16) : (short) (f == 0 ? 0 : 0x3C00);
      b.putShort(bits);
    }
    return ByteString.copyFrom(b.array());
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> out = new java.util.ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 20_000;
      while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }
}
