package dev.topowatch.analyzer.cli;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.config.SettingValues;
import dev.topowatch.analyzer.load.MetricsPage;
import dev.topowatch.analyzer.load.PacedPublisher;
import dev.topowatch.analyzer.load.SyntheticRuns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code loadgen}: a speed benchmark. Publishes activation-like 32×28×28 float32 samples ({@link
 * SyntheticRuns}, keyed and partitioned as the agent sends them) for a run of {@code --layers} layers
 * × {@code --samples} samples per step, at {@code --rate} volumes/s (0 = as fast as the producer
 * goes) for {@code --duration}. With {@code --analyzer URL} it reads the analyzer's {@code /metrics}
 * before and after the measured window (after {@code --warmup}): throughput is the growth of {@code
 * topowatch_samples_processed_total} for the run over the window; latency percentiles are
 * interpolated from the growth of the {@code topowatch_end_to_end_latency_seconds} histogram buckets
 * over the window (sample creation {@code time_unix_ms}, stamped here at send time, to the metric
 * update that includes it).
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "Publish synthetic 32x28x28 activation samples at a set rate and report the analyzer's throughput and latency.")
public final class LoadGenCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers (default ${DEFAULT-VALUE})")
  String bootstrap;

  @Mixin SyntheticRunOptions workload;

  @Option(names = "--rate", defaultValue = "0", description = "volumes per second; 0 = as fast as possible (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--duration", defaultValue = "30s", description = "how long to publish (default ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--warmup", defaultValue = "5s", description = "publishing time before the measured window (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(names = "--run-id", description = "run id (default loadgen-<time>)")
  String runId;

  @Option(names = "--analyzer", description = "analyzer base URL, e.g. http://127.0.0.1:8080, to report its throughput and latency")
  String analyzer;

  @Option(names = "--drain-timeout", defaultValue = "120s", description = "how long to wait for the analyzer to catch up (default ${DEFAULT-VALUE})")
  String drainTimeout;

  private Snapshot before;
  private long windowStart;

  @Override
  public Integer call() throws Exception {
    String run = runId != null ? runId : "loadgen-" + System.currentTimeMillis();
    long warmupNanos = SettingValues.parseDuration(warmup).toNanos();
    Duration total = SettingValues.parseDuration(warmup).plus(SettingValues.parseDuration(duration));
    SyntheticRuns runs = workload.runs(List.of(run));
    try (PacedPublisher publisher = new PacedPublisher(bootstrap)) {
      int partitions = publisher.partitions(workload.topic);
      publisher.sendAndWait(runs.runStarted(run, publisher.partitions(workload.eventsTopic)));
      long start = System.nanoTime();
      long sent = publisher.publish(n -> runs.sample(n, partitions), rate, total, elapsed -> {
        if (before == null && analyzer != null && elapsed >= warmupNanos) {
          before = scrape(run);
          windowStart = System.nanoTime();
        }
      });
      long publishNanos = System.nanoTime() - start;
      Snapshot after = analyzer != null ? scrape(run) : null;
      long windowNanos = System.nanoTime() - windowStart;
      publisher.flush();
      if (publisher.firstFailure() != null) {
        throw publisher.firstFailure();
      }
      System.out.printf(Locale.ROOT, "loadgen: run %s, %d volumes of %s float32 (%d layers x %d samples per step, %d steps) in %.1f s = %.0f volumes/s offered (target %s)%n",
          run, sent, SyntheticRuns.shape(), workload.layers, workload.samples, sent / runs.recordsPerStep(), publishNanos / 1e9, sent / (publishNanos / 1e9),
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
    long deadline = System.currentTimeMillis() + SettingValues.parseDuration(drainTimeout).toMillis();
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

  private Snapshot scrape(String run) {
    try {
      MetricsPage page = MetricsPage.scrape(analyzer);
      return new Snapshot(page.sum("topowatch_samples_processed_total", "run_id=\"" + run + "\""),
          page.buckets("topowatch_end_to_end_latency_seconds"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
