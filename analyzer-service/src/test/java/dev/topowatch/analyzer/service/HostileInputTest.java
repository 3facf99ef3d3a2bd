package dev.topowatch.analyzer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.broker.SharedBroker;
import dev.topowatch.analyzer.stream.InputLimits;
import dev.topowatch.analyzer.stream.RejectReason;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.BettiEngines;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structure-aware fuzzing of a real analyzer on a real broker: mutated TrainingEvents, more than
 * ten thousand activation records each with one known defect, a million records under a million
 * distinct run ids, and then good records (every dtype, partly non-finite, out of order, some sent
 * twice). Afterwards the service is up, heap and metric series stay within bounds, every bad record
 * is counted under its reason exactly, and every good one is processed with Betti means equal to
 * the engine's. Seeded: {@code -Dtopowatch.fuzz.seed=N} replays a run.
 */
class HostileInputTest {

  private static final long SEED = Long.getLong("topowatch.fuzz.seed", 20261124L);
  private static final int PER_CATEGORY = 500;
  private static final int FLOOD = 1_000_000;
  private static final int MAX_LIVE = 16;
  private static final double[] THRESHOLDS = {0, 0.5, 1};
  private static final InputLimits LIMITS = new InputLimits(2 << 20, 4096, 128, 8);
  private static final Duration PHASE = Duration.ofSeconds(Long.getLong("topowatch.fuzz.phase-seconds", 150));
  /** A Prometheus text-format sample line with correctly escaped label values. */
  private static final Pattern SERIES_LINE = Pattern.compile(
      "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\"\\\\n])*\",?)*})? \\S+");

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @TempDir Path dataDir;

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void hostileRecordsAreCountedByReasonAndGoodOnesStillComeOutExact() throws Exception {
    System.out.println("HostileInputTest seed " + SEED + " (replay with -Dtopowatch.fuzz.seed=" + SEED + ")");
    Random random = new Random(SEED);
    long started = System.nanoTime();
    try (ServiceHarness h = new ServiceHarness(KAFKA.bootstrapServers(), dataDir)
            .set(AnalyzerConfig.ENGINE_THRESHOLDS, "0,0.5,1")
            .set(AnalyzerConfig.MAX_MESSAGE_BYTES, String.valueOf(LIMITS.maxMessageBytes()))
            .set(AnalyzerConfig.MAX_VOLUME_VALUES, String.valueOf(LIMITS.maxVolumeValues()))
            .set(AnalyzerConfig.MAX_ID_LENGTH, String.valueOf(LIMITS.maxIdLength()))
            .set(AnalyzerConfig.MAX_LAYERS, String.valueOf(LIMITS.maxLayers()))
            .set(AnalyzerConfig.RUNS_MAX_LIVE, String.valueOf(MAX_LIVE))
            .set(AnalyzerConfig.MAX_IN_FLIGHT, "4096")
            .start();
        KafkaProducer<byte[], byte[]> producer = batchingProducer()) {
      Map<RejectReason, Long> expected = new EnumMap<>(RejectReason.class);
      int fixedSeries = series(h).size();
      HostileRecords hostile = new HostileRecords(random, LIMITS);
      GoodRuns good = new GoodRuns(random, List.of("good-a", "good-b", "good-c"), 6, 4);

      // The good runs, a run with the most layers allowed, and a victim of absurd events, announced first.
      good.announcements().forEach(e -> send(producer, h.events, e.toByteArray()));
      send(producer, h.events, HostileRecords.runStarted("wide", LIMITS.maxLayers(), "layer").toByteArray());
      hostile.absurdButValidEvents("victim", 300).forEach(v -> send(producer, h.events, v));
      producer.flush();
      await("runs announced").atMost(PHASE).until(() -> h.run("wide") != null && h.run("victim") != null
          && good.runs.stream().allMatch(r -> h.run(r) != null));

      // 1. Mutated TrainingEvents.
      List<HostileRecords.Category> events = hostile.events(PER_CATEGORY);
      sendShuffled(producer, h.events, events, random);
      awaitRejections(h, add(expected, events), "mutated events");

      // 2. Activation records with one known defect each, shuffled.
      List<HostileRecords.Category> activations = hostile.activations(PER_CATEGORY, "wide", LIMITS.maxLayers());
      sendShuffled(producer, h.activations, activations, random);
      awaitRejections(h, add(expected, activations), "mutated activations");
      int structured = count(events) + count(activations);
      printCategories(events, activations);

      // 3. A million distinct run ids: half valid one-value samples (new runs, refused at the
      //    live-run cap), half all-NaN (rejected, never a run).
      System.gc();
      long heapBefore = usedHeap();
      long active = activeRuns(h);
      long freeSlots = MAX_LIVE - active;
      long floodStart = System.nanoTime();
      byte[] valid = HostileRecords.encode(new float[] {0.5f}, DType.FLOAT32).toByteArray();
      byte[] nan = HostileRecords.encode(new float[] {Float.NaN}, DType.FLOAT32).toByteArray();
      ActivationSample.Builder tiny = ActivationSample.newBuilder().addShape(1).setDtype(DType.FLOAT32);
      for (int i = 0; i < FLOOD; i++) {
        boolean ok = (i & 1) == 0;
        producer.send(new ProducerRecord<>(h.activations, tiny.setRunId((ok ? "f" : "n") + i)
            .setData(com.google.protobuf.ByteString.copyFrom(ok ? valid : nan)).build().toByteArray()));
      }
      producer.flush();
      double sendSeconds = (System.nanoTime() - floodStart) / 1e9;
      expected.merge(RejectReason.TOO_MANY_RUNS, FLOOD / 2 - freeSlots, Long::sum);
      expected.merge(RejectReason.NON_FINITE, (long) FLOOD / 2, Long::sum);
      awaitRejections(h, expected, "the run-id flood");
      double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
      System.gc();
      long heapAfter = usedHeap();
      List<String> seriesAfterFlood = series(h);
      JsonArray runs = runList(h);
      System.out.printf("flood: %,d records (%,d distinct run ids) sent in %.1f s, all counted after %.1f s (%.0f records/s)%n",
          FLOOD, FLOOD, sendSeconds, floodSeconds, FLOOD / floodSeconds);
      System.out.printf("heap after GC: %d MiB before the flood, %d MiB after; metric series: %d with no run, %d after; live runs %d%n",
          heapBefore >> 20, heapAfter >> 20, fixedSeries, seriesAfterFlood.size(), runs.size());
      assertThat(runs.size()).as("live runs").isEqualTo(MAX_LIVE);
      assertThat(heapAfter - heapBefore).as("heap growth over a million run ids").isLessThan(256L << 20);
      // Per run: 11 run gauges + 2 per threshold; per layer: Ω and up to 3 Betti dims per threshold.
      int perRun = 11 + 2 * THRESHOLDS.length + LIMITS.maxLayers() * THRESHOLDS.length * 4;
      assertThat(seriesAfterFlood.size()).as("metric series").isLessThanOrEqualTo(fixedSeries + 200 + MAX_LIVE * perRun);
      assertThat(seriesAfterFlood).as("every series line is valid exposition text").allMatch(l -> SERIES_LINE.matcher(l).matches());

      // 4. Good records: every one processed, Betti means exact.
      double nonFiniteBefore = h.metric("topowatch_samples_nonfinite_total");
      double duplicatesBefore = h.metric("topowatch_samples_duplicate_total");
      good.records(LIMITS.maxIdLength() - 1).forEach(v -> send(producer, h.activations, v));
      producer.flush();
      for (String run : good.runs) {
        await("all samples of " + run).atMost(PHASE).until(() -> h.processed(run) == good.distinctSamples());
      }
      await("duplicates counted").atMost(PHASE)
          .until(() -> h.metric("topowatch_samples_duplicate_total") - duplicatesBefore == good.duplicates);
      assertThat(h.metric("topowatch_samples_nonfinite_total") - nonFiniteBefore).isEqualTo(good.partlyNonFinite);
      try (BettiEngine engine = BettiEngines.open("cpu").engine()) {
        for (String run : good.runs) {
          JsonObject json = h.run(run);
          assertThat(json.getLong("samples_processed")).isEqualTo(good.distinctSamples());
          assertThat(json.getLong("samples_rejected")).isZero();
          JsonArray layers = json.getJsonArray("layers");
          assertThat(layers).hasSize(GoodRuns.SHAPES.length);
          for (int l = 0; l < layers.size(); l++) {
            JsonObject layer = layers.getJsonObject(l);
            assertThat(layer.getLong("step")).isEqualTo(good.steps - 1);
            double[][] want = good.expectedMeans(run, layer.getInteger("index"), engine, THRESHOLDS);
            JsonArray labels = json.getJsonArray("thresholds");
            for (int t = 0; t < THRESHOLDS.length; t++) {
              JsonArray betti = layer.getJsonObject("thresholds").getJsonObject(labels.getString(t)).getJsonArray("betti");
              for (int d = 0; d < want[t].length; d++) {
                assertThat(betti.getDouble(d)).as("%s layer %d threshold %s dim %d", run, l, labels.getString(t), d)
                    .isEqualTo(want[t][d]);
              }
            }
          }
        }
      }

      // Nothing more was rejected than expected, by any reason, and the service is healthy.
      assertThat(rejections(h)).isEqualTo(expected);
      assertThat(h.get("/health").statusCode()).isEqualTo(200);
      assertThat(h.run("wide").getLong("samples_rejected")).as("layers beyond the bound are counted by reason only").isZero();
      System.out.printf("hostile input: %,d structured bad records + %,d flood records, %,d good (%d duplicates); %.1f s in all%n",
          structured, FLOOD, good.records(0).size(), good.duplicates, (System.nanoTime() - started) / 1e9);
    }
  }

  private static KafkaProducer<byte[], byte[]> batchingProducer() {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.LINGER_MS_CONFIG, "10",
        ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20),
        ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 << 20),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20)),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value) {
    producer.send(new ProducerRecord<>(topic, value));
  }

  private static void sendShuffled(KafkaProducer<byte[], byte[]> producer, String topic,
      List<HostileRecords.Category> categories, Random random) {
    List<byte[]> all = new ArrayList<>();
    categories.forEach(c -> all.addAll(c.values()));
    Collections.shuffle(all, random);
    all.forEach(v -> send(producer, topic, v));
    producer.flush();
  }

  private static Map<RejectReason, Long> add(Map<RejectReason, Long> expected, List<HostileRecords.Category> categories) {
    categories.forEach(c -> expected.merge(c.reason(), (long) c.values().size(), Long::sum));
    return expected;
  }

  private static int count(List<HostileRecords.Category> categories) {
    return categories.stream().mapToInt(c -> c.values().size()).sum();
  }

  private static void awaitRejections(ServiceHarness h, Map<RejectReason, Long> expected, String what) {
    await(what + " counted by reason").atMost(PHASE).pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(rejections(h)).isEqualTo(expected));
  }

  /** {@code topowatch_samples_rejected_total} by reason, reasons at zero left out. */
  private static Map<RejectReason, Long> rejections(ServiceHarness h) {
    Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
    String prefix = "topowatch_samples_rejected_total{reason=\"";
    for (String line : series(h)) {
      if (line.startsWith(prefix)) {
        long value = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        if (value > 0) {
          out.put(RejectReason.fromLabel(line.substring(prefix.length(), line.indexOf('"', prefix.length()))), value);
        }
      }
    }
    return out;
  }

  private static List<String> series(ServiceHarness h) {
    return h.get("/metrics").body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
  }

  private static long activeRuns(ServiceHarness h) {
    JsonArray runs = runList(h);
    long active = 0;
    for (int i = 0; i < runs.size(); i++) {
      active += runs.getJsonObject(i).getBoolean("active") ? 1 : 0;
    }
    return active;
  }

  /** The runs in the analyzer's memory (/api/runs also lists recorded ones). */
  private static JsonArray runList(ServiceHarness h) {
    JsonArray live = new JsonArray();
    new JsonObject(h.get("/api/runs").body()).getJsonArray("runs").stream().map(JsonObject.class::cast)
        .filter(r -> r.getBoolean("live")).forEach(live::add);
    return live;
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static void printCategories(List<HostileRecords.Category> events, List<HostileRecords.Category> activations) {
    List<HostileRecords.Category> all = new ArrayList<>(events);
    all.addAll(activations);
    for (HostileRecords.Category c : all) {
      System.out.printf("  %-8s %-45s %6d -> %s%n", c.events() ? "events" : "samples", c.name(), c.values().size(), c.reason().label());
    }
  }
}
