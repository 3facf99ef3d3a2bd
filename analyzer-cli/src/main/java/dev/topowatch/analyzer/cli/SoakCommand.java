package dev.topowatch.analyzer.cli;

import dev.topowatch.harness.AnalyzerProcess;
import dev.topowatch.harness.KafkaCluster;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.config.SettingValues;
import dev.topowatch.analyzer.load.PacedPublisher;
import dev.topowatch.analyzer.load.SoakMonitor;
import dev.topowatch.analyzer.load.SyntheticRuns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code soak}: publishes {@code --runs} synthetic runs at {@code --rate} volumes/s for {@code
 * --duration} against an analyzer (its own, started as a child JVM on an embedded broker, or the one
 * at {@code --analyzer} with {@code --bootstrap}), scrapes its {@code /metrics} every {@code
 * --sample-every}, and ends with throughput, drops, consumer lag, heap and series count. Exit code 1
 * when anything was dropped or the analyzer did not catch up. With {@code --kafka-nodes 3} its own
 * analyzer runs on a Kafka cluster of Apache Kafka's own server (child JVMs, {@link KafkaCluster}),
 * and {@code --restart-broker-every 2m} stops one node (SIGTERM) and starts it again in turn, each
 * restart reported with the time until the consumer lag was back to 0.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
    description = {"Publish synthetic runs at a set rate for a long time against an analyzer and report throughput, drops,",
        "consumer lag, heap and series count. Without --analyzer it starts its own (a child JVM with an embedded broker)."})
public final class SoakCommand implements Callable<Integer> {

  /** {@code serve}'s line once it serves HTTP: its base URL and its Kafka bootstrap. */
  private static final Pattern SERVING = Pattern.compile("topowatch analyzer: .*?(http://[^/ ]+)/.*kafka ([^) ]+)\\)");

  @Spec CommandSpec spec;

  @Option(names = "--duration", defaultValue = "10m", description = "how long to publish, warm-up included (default ${DEFAULT-VALUE})")
  String duration;

  @Option(names = "--warmup", defaultValue = "30s", description = "left out of the throughput and of the start figures (default ${DEFAULT-VALUE})")
  String warmup;

  @Option(names = "--rate", defaultValue = "100", description = "volumes per second over all runs (default ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--runs", defaultValue = "4", description = "concurrent runs (default ${DEFAULT-VALUE})")
  int runs;

  @Mixin SyntheticRunOptions workload;

  @Mixin SettingOptions analyzerSettings;

  @Option(names = "--analyzer", description = "base URL of the analyzer to soak, e.g. http://127.0.0.1:8080 (needs --bootstrap)")
  String analyzer;

  @Option(names = "--bootstrap", description = "the Kafka bootstrap of that analyzer")
  String bootstrap;

  @Option(names = "--analyzer-heap", defaultValue = "1g", description = "-Xmx of its own analyzer (default ${DEFAULT-VALUE})")
  String analyzerHeap;

  @Option(names = "--kafka-nodes", defaultValue = "0", description = "its own analyzer on a Kafka cluster of this many nodes "
      + "(Apache Kafka's server, child JVMs, broker and controller each) instead of its embedded broker (default ${DEFAULT-VALUE}: embedded)")
  int kafkaNodes;

  @Option(names = "--restart-broker-every", description = "with --kafka-nodes: stop one node (SIGTERM) and start it again this often, "
      + "each node in turn, e.g. 2m")
  String restartBrokerEvery;

  @Option(names = "--sample-every", defaultValue = "5s", description = "scrape period (default ${DEFAULT-VALUE})")
  String sampleEvery;

  @Option(names = "--report-every", defaultValue = "1m", description = "progress line period (default ${DEFAULT-VALUE})")
  String reportEvery;

  @Option(names = "--drain-timeout", defaultValue = "2m", description = "how long to wait for the analyzer to catch up (default ${DEFAULT-VALUE})")
  String drainTimeout;

  @Override
  public Integer call() throws Exception {
    if ((analyzer == null) != (bootstrap == null)) {
      throw new ParameterException(spec.commandLine(), "--analyzer and --bootstrap go together (or neither: soak its own analyzer)");
    }
    if (rate <= 0 || runs < 1 || workload.layers < 1 || workload.samples < 1) {
      throw new ParameterException(spec.commandLine(), "--rate, --runs, --layers and --samples must be positive");
    }
    if (restartBrokerEvery != null && (kafkaNodes < 2 || analyzer != null)) {
      throw new ParameterException(spec.commandLine(), "--restart-broker-every needs --kafka-nodes 2 or more (and no --analyzer)");
    }
    if (analyzer != null) {
      return soak(null);
    }
    Path work = Files.createTempDirectory("topowatch-soak");
    KafkaCluster cluster = null;
    AnalyzerProcess own = null;
    try {
      if (kafkaNodes > 0) {
        cluster = new KafkaCluster(work.resolve("kafka"), kafkaNodes).start();
        System.out.println("soak: started a Kafka cluster of " + kafkaNodes + " nodes at " + cluster.bootstrap()
            + "; logs in " + work.resolve("kafka"));
      }
      own = startOwnAnalyzer(work, cluster == null ? null : cluster.bootstrap());
      return soak(cluster);
    } finally {
      if (own != null) {
        own.close();
      }
      if (cluster != null) {
        cluster.close();
      }
      deleteRecursively(work);
    }
  }

  private AnalyzerProcess startOwnAnalyzer(Path work, String clusterBootstrap) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("serve", "--http-port", "0", "--data-dir", work.toString()));
    args.addAll(clusterBootstrap == null ? List.of("--kafka-port", "0") : List.of("--kafka-bootstrap", clusterBootstrap));
    args.addAll(List.of(
        "--set", AnalyzerConfig.ENGINE_LAYER_WAIT + "=5s", "--set", AnalyzerConfig.TOPIC_ACTIVATIONS + "=" + workload.topic,
        "--set", AnalyzerConfig.TOPIC_EVENTS + "=" + workload.eventsTopic));
    analyzerSettings.settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    AnalyzerProcess p = AnalyzerProcess.start(args, analyzerHeap, work.resolve("analyzer.log"), SERVING);
    MatchResult m;
    try {
      m = p.awaitLine(SERVING, Duration.ofMinutes(2));
    } catch (RuntimeException | InterruptedException e) {
      p.close();
      throw e;
    }
    analyzer = m.group(1);
    bootstrap = m.group(2);
    System.out.println("soak: started its own analyzer (pid " + p.pid() + ", -Xmx" + analyzerHeap + ") at " + analyzer
        + (clusterBootstrap == null ? " on its embedded broker " : " on the cluster ") + bootstrap + "; log " + work.resolve("analyzer.log"));
    return p;
  }

  private int soak(KafkaCluster cluster) throws Exception {
    long stamp = System.currentTimeMillis();
    List<String> ids = new ArrayList<>();
    for (int k = 0; k < runs; k++) {
      ids.add("soak-" + stamp + "-" + k);
    }
    SyntheticRuns synthetic = workload.runs(ids);
    Duration total = SettingValues.parseDuration(duration);
    long warmupNanos = SettingValues.parseDuration(warmup).toNanos();
    long reportNanos = SettingValues.parseDuration(reportEvery).toNanos();
    String loadAtStart = loadAverage();
    try (PacedPublisher publisher = new PacedPublisher(bootstrap); SoakMonitor monitor = new SoakMonitor(analyzer, ids)) {
      int partitions = publisher.partitions(workload.topic);
      int eventPartitions = publisher.partitions(workload.eventsTopic);
      for (String run : ids) {
        publisher.sendAndWait(synthetic.runStarted(run, eventPartitions));
      }
      monitor.start(SettingValues.parseDuration(sampleEvery).toMillis());
      System.out.printf(Locale.ROOT, "soak: %d runs x %d layers x %d samples of %s float32 per step, %.0f volumes/s for %s "
          + "(warm-up %s) against %s; load average %s%n", runs, workload.layers, workload.samples, SyntheticRuns.shape(), rate, duration, warmup,
          analyzer, loadAtStart);
      long[] nextReport = {reportNanos};
      long start = System.nanoTime();
      BrokerRestarts restarts = cluster == null || restartBrokerEvery == null ? null
          : BrokerRestarts.start(cluster, SettingValues.parseDuration(restartBrokerEvery), monitor, start);
      publisher.publish(n -> synthetic.sample(n, partitions), rate, total, elapsed -> {
        if (monitor.atWarmup() == null && elapsed >= warmupNanos) {
          markWarmup(monitor);
        }
        if (elapsed >= nextReport[0]) {
          nextReport[0] += reportNanos;
          progress(elapsed, publisher, monitor);
        }
      });
      double publishSeconds = (System.nanoTime() - start) / 1e9;
      if (restarts != null) {
        restarts.stop();
      }
      publisher.flush();
      SoakMonitor.Reading endOfPublishing = monitor.read();
      long steps = publisher.sent() / synthetic.recordsPerStep();
      for (String run : ids) {
        publisher.sendAndWait(synthetic.runFinished(run, steps, eventPartitions));
      }
      double drainSeconds = drain(monitor, publisher.acked());
      if (restarts != null) {
        restarts.report();
      }
      return report(publisher, monitor, endOfPublishing, publishSeconds, drainSeconds, loadAtStart);
    }
  }

  private static void markWarmup(SoakMonitor monitor) {
    try {
      monitor.markWarmupEnd();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the analyzer's /metrics at the end of the warm-up: " + e, e);
    }
  }

  private static void progress(long elapsedNanos, PacedPublisher publisher, SoakMonitor monitor) {
    SoakMonitor.Reading r = monitor.last();
    if (r != null) {
      System.out.printf(Locale.ROOT, "soak: %4.0f s: sent %d, processed %.0f, lag %.0f, heap %.0f MiB, series %d%n",
          elapsedNanos / 1e9, publisher.sent(), r.processed(), r.lag(), mib(r.heapBytes()), r.series());
    }
  }

  /** Waits until the analyzer has processed every acknowledged sample; the seconds it took. */
  private double drain(SoakMonitor monitor, long acked) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + SettingValues.parseDuration(drainTimeout).toNanos();
    while (monitor.read().processed() < acked && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private int report(PacedPublisher publisher, SoakMonitor monitor, SoakMonitor.Reading endOfPublishing, double publishSeconds,
      double drainSeconds, String loadAtStart) {
    SoakMonitor.Reading first = monitor.atWarmup();
    SoakMonitor.Reading end = monitor.last();
    double window = (endOfPublishing.atNanos() - first.atNanos()) / 1e9;
    long notProcessed = publisher.acked() - (long) end.processed();
    System.out.printf(Locale.ROOT, "soak: %.0f s of publishing, load average %s at the start, %s at the end%n",
        publishSeconds, loadAtStart, loadAverage());
    System.out.printf(Locale.ROOT, "throughput: %d volumes sent (%.1f/s offered), %d acknowledged; %.1f volumes/s processed over "
        + "the %.0f s after warm-up%n", publisher.sent(), publisher.sent() / publishSeconds, publisher.acked(),
        (endOfPublishing.processed() - first.processed()) / window, window);
    System.out.printf(Locale.ROOT, "drops: %d send failures, %d acknowledged but not processed %.1f s after publishing stopped, "
            + "%.0f rejected, %.0f stale, %.0f duplicates ignored, %d failed scrapes%n", publisher.failed(), notProcessed,
        drainSeconds, end.rejected(), end.stale(), end.duplicates(), monitor.failedScrapes());
    System.out.printf(Locale.ROOT, "consumer lag: %.0f records at the end of the warm-up, at most %.0f, %.0f at the end%n",
        first.lag(), monitor.maxLag(), end.lag());
    System.out.printf(Locale.ROOT, "heap: %.0f MiB used at the end of the warm-up, at most %.0f MiB, %.0f MiB at the end; "
        + "live data after the last major GC %.0f MiB, then %.0f MiB%n", mib(first.heapBytes()), mib(monitor.maxHeap()),
        mib(end.heapBytes()), mib(first.liveDataBytes()), mib(end.liveDataBytes()));
    System.out.printf(Locale.ROOT, "series: %d at the end of the warm-up, at most %d, %d at the end%n",
        first.series(), monitor.maxSeries(), end.series());
    System.out.printf(Locale.ROOT, "run state: %.1f KiB/s of checkpoints written (before compression)%n",
        (endOfPublishing.stateBytes() - first.stateBytes()) / 1024 / window);
    boolean clean = publisher.failed() == 0 && notProcessed == 0 && end.rejected() == 0;
    return clean ? 0 : 1;
  }

  private static double mib(double bytes) {
    return bytes / (1 << 20);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
