package dev.topowatch.analyzer.cli;

import com.google.protobuf.ByteString;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.DType;
import dev.topowatch.proto.v1.LayerInfo;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.SamplingSettings;
import dev.topowatch.proto.v1.TrainingEvent;
import dev.topowatch.topology.Volume;
import dev.topowatch.topology.workload.ActivationVolumes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loadgen}: a speed benchmark. Publishes activation-like 32×28×28 float32 samples
 * ({@link ActivationVolumes}, as the engine's benchmarks use) for a run of {@code --layers} layers × {@code --samples} samples per step,
 * at {@code --rate} volumes/s (0 = as fast as the producer goes) for {@code --duration}. With {@code
 * --analyzer URL} it reads the analyzer's {@code /metrics} before and after the measured window (after
 * {@code --warmup}): throughput is the growth of {@code topowatch_samples_processed_total} for the run
 * over the window; latency percentiles are interpolated from the growth of the {@code
 * topowatch_end_to_end_latency_seconds} histogram buckets over the window (sample creation
 * {@code time_unix_ms}, stamped here at send time, to the metric update that includes it).
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "Publish synthetic 32x28x28 activation samples at a set rate and report the analyzer's throughput and latency.")
public final class LoadGenCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (default ${DEFAULT-VALUE})")
  String bootstrap;

  @Option(names = "--topic", defaultValue = "topowatch.activations", description = "activations topic (default ${DEFAULT-VALUE})")
  String topic;

  @Option(names = "--events-topic", defaultValue = "topowatch.events", description = "events topic (default ${DEFAULT-VALUE})")
  String eventsTopic;

  @Option(names = "--rate", defaultValue = "0", description = "volumes per second; 0 = as fast as possible (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--duration", defaultValue = "30s", description = "how long to publish (default ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--warmup", defaultValue = "5s", description = "publishing time before the measured window (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(names = "--layers", defaultValue = "4", description = "layers per step (default ${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--samples", defaultValue = "8", description = "samples per layer per step (default ${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--run-id", description = "run id (default loadgen-<time>)")
  String runId;

  @Option(names = "--analyzer", description = "analyzer base URL, e.g. http://127.0.0.1:8080, to report its throughput and latency")
  String analyzer;

  @Option(names = "--drain-timeout", defaultValue = "120s", description = "how long to wait for the analyzer to catch up (default ${DEFAULT-VALUE})")
  String drainTimeout;

  private static final int C = 32;
  private static final int H = 28;
  private static final int W = 28;
  private final HttpClient http = HttpClient.newHttpClient();

  @Override
  public Integer call() throws Exception {
    String run = runId != null ? runId : "loadgen-" + System.currentTimeMillis();
    long warmupMs = AnalyzerConfig.parseDuration(warmup).toMillis();
    long durationMs = AnalyzerConfig.parseDuration(duration).toMillis();
    ByteString[] pool = new ByteString[64];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = activationLike(1000 + i); // the volumes of the topology benchmarks (seeds 1000, 1001, ...)
    }
    Map<String, Object> props = Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "1",
        ProducerConfig.LINGER_MS_CONFIG, "2",
        ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
    AtomicLong acked = new AtomicLong();
    AtomicReference<Exception> failure = new AtomicReference<>();
    long sent = 0;
    Snapshot before = null;
    long windowStart = 0;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(eventsTopic, run, runStarted(run).toByteArray())).get();
      long start = System.nanoTime();
      long end = start + (warmupMs + durationMs) * 1_000_000;
      long step = 0;
      outer:
      while (true) {
        for (int l = 0; l < layers; l++) {
          for (int s = 0; s < samples; s++) {
            long now = System.nanoTime();
            if (now >= end) {
              break outer;
            }
            if (before == null && analyzer != null && now - start >= warmupMs * 1_000_000) {
              before = scrape(run);
              windowStart = System.nanoTime();
            }
            if (rate > 0) {
              long due = start + (long) (sent * 1e9 / rate);
              while (System.nanoTime() < due) {
                Thread.onSpinWait();
                if (due - System.nanoTime() > 2_000_000) {
                  Thread.sleep(1);
                }
              }
            }
            ActivationSample sample = ActivationSample.newBuilder()
                .setRunId(run).setStep(step).setLayerIndex(l).setLayerName(String.format("%02d_conv", l)).setSampleIndex(s)
                .setLabel(s % 10).addShape(C).addShape(H).addShape(W).setDtype(DType.FLOAT32)
                .setData(pool[(int) ((step * 31 + l * 7 + s) % pool.length)]).setTimeUnixMs(System.currentTimeMillis())
                .build();
            producer.send(new ProducerRecord<>(topic, run + "/" + l, sample.toByteArray()), (m, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              } else {
                acked.incrementAndGet();
              }
            });
            sent++;
          }
        }
        step++;
      }
      long publishNanos = System.nanoTime() - start;
      Snapshot after = analyzer != null ? scrape(run) : null;
      long windowNanos = System.nanoTime() - windowStart;
      producer.flush();
      if (failure.get() != null) {
        throw failure.get();
      }
      System.out.printf(Locale.ROOT, "loadgen: run %s, %d volumes of %dx%dx%d float32 (%d layers x %d samples per step, %d steps) in %.1f s = %.0f volumes/s offered (target %s)%n",
          run, sent, C, H, W, layers, samples, step, publishNanos / 1e9, sent / (publishNanos / 1e9),
          rate > 0 ? String.format(Locale.ROOT, "%.0f/s", rate) : "max");
      if (analyzer != null && before != null) {
        report(run, before, after, windowNanos, sent);
      }
    }
    return 0;
  }

  private void report(String run, Snapshot before, Snapshot after, long windowNanos, long sent) throws Exception {
    double windowS = windowNanos / 1e9;
    double processed = after.processed - before.processed;
    Map<Double, Double> buckets = new TreeMap<>();
    after.latencyBuckets.forEach((le, count) -> buckets.put(le, count - before.latencyBuckets.getOrDefault(le, 0.0)));
    System.out.printf(Locale.ROOT, "analyzer: %.0f volumes processed in the %.1f s window = %.1f volumes/s sustained; end-to-end latency p50 %.0f ms, p99 %.0f ms (%.0f samples in the window)%n",
        processed, windowS, processed / windowS, quantile(buckets, 0.50) * 1000, quantile(buckets, 0.99) * 1000,
        buckets.values().stream().mapToDouble(Double::doubleValue).max().orElse(0));
    long deadline = System.currentTimeMillis() + AnalyzerConfig.parseDuration(drainTimeout).toMillis();
    long t0 = System.nanoTime();
    double done = after.processed;
    while (done < sent && System.currentTimeMillis() < deadline) {
      Thread.sleep(200);
      done = scrape(run).processed;
    }
    double drainS = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "analyzer: %s %d of %d volumes %.1f s after publishing stopped%s%n",
        done >= sent ? "caught up:" : "still behind:", (long) done, sent, drainS,
        done - after.processed > 0 && drainS > 1
            ? String.format(Locale.ROOT, " (backlog of %.0f drained at %.1f volumes/s with the machine to itself)",
                done - after.processed, (done - after.processed) / drainS)
            : "");
  }

  /** Interpolated quantile from cumulative bucket counts keyed by upper bound ({@code +Inf} last). */
  static double quantile(Map<Double, Double> cumulative, double q) {
    double total = cumulative.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double prevLe = 0;
    double prevCount = 0;
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return prevLe;
        }
        double inBucket = e.getValue() - prevCount;
        return inBucket == 0 ? e.getKey() : prevLe + (e.getKey() - prevLe) * (rank - prevCount) / inBucket;
      }
      prevLe = e.getKey();
      prevCount = e.getValue();
    }
    return prevLe;
  }

  private record Snapshot(double processed, Map<Double, Double> latencyBuckets) {}

  private Snapshot scrape(String run) throws Exception {
    String body = http.send(HttpRequest.newBuilder(URI.create(analyzer + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double processed = 0;
    Map<Double, Double> buckets = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("topowatch_samples_processed_total{") && line.contains("run_id=\"" + run + "\"")) {
        processed = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("topowatch_end_to_end_latency_seconds_bucket{")) {
        int i = line.indexOf("le=\"") + 4;
        String le = line.substring(i, line.indexOf('"', i));
        buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
            Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return new Snapshot(processed, buckets);
  }

  private TrainingEvent runStarted(String run) {
    RunStarted.Builder rs = RunStarted.newBuilder().setRunId(run).setJobName("loadgen").setPowergradEnabled(false)
        .setSampling(SamplingSettings.newBuilder().setEvery(1).setSize(samples).setDtype(DType.FLOAT32))
        .setTrainer("loadgen").setTimeUnixMs(System.currentTimeMillis());
    for (int l = 0; l < layers; l++) {
      rs.addLayers(LayerInfo.newBuilder().setIndex(l).setName(String.format("%02d_conv", l)).setBlockType("Conv2d")
          .addOutputShape(C).addOutputShape(H).addOutputShape(W));
    }
    return TrainingEvent.newBuilder().setRunId(run).setTimeUnixMs(System.currentTimeMillis()).setRunStarted(rs).build();
  }

  /** One volume of {@link ActivationVolumes}, the generator behind every benchmark, as float32 little-endian bytes. */
  static ByteString activationLike(long seed) {
    Volume v = ActivationVolumes.one(seed, C, H, W);
    ByteBuffer b = ByteBuffer.allocate(v.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v.data());
    return ByteString.copyFrom(b.array());
  }
}
