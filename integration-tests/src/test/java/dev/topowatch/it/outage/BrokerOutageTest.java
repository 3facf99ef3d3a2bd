package dev.topowatch.it.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.harness.LocalCluster;
import dev.topowatch.harness.LocalCluster.Analyzer;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.harness.TrainerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for 30 s while a real training job (the sample DJL trainer with the agent)
 * runs: a {@code broker} process, an analyzer process, and the trainer. Training must finish, at
 * about the speed of a run without the outage (the ratio of step times is printed, not asserted
 * tightly: two shared cores are noisy); the agent counts what it dropped and sends again once the
 * broker is back; the analyzer's {@code /health} goes 200 → 503 → 200 by itself; nothing crashes,
 * and every sample the agent had acknowledged is counted once.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class BrokerOutageTest {

  private static final Duration OUTAGE = Duration.ofSeconds(30);
  /**
   * The outage run is sized to last about this long at the baseline's median step time, so that it
   * spans the outage and what follows even when the machine gets quieter (the mean is inflated by
   * stalls on a busy machine, the median much less)...
   */
  private static final Duration OUTAGE_RUN = Duration.ofSeconds(75);
  /** ...but no longer than this at the baseline's mean step time, so a busy machine stays within the timeout. */
  private static final Duration OUTAGE_RUN_CAP = Duration.ofSeconds(420);
  private static final int BASELINE_STEPS = 1_500;
  private static final Pattern SUMMARY = Pattern.compile("summary: .* mean_step_ms=([0-9.]+) median_step_ms=([0-9.]+)");
  private static final Pattern AGENT_COUNTERS = Pattern.compile(
      "\\[topowatch] run \\S+: samples sent (\\d+), samples dropped (\\d+) \\(queue_full (\\d+), send_failed (\\d+), too_large (\\d+), disabled (\\d+)\\)");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir; // a failure keeps the processes' logs

  private record Finished(double meanStepMs, double medianStepMs, long sent, long dropped, long queueFull, long sendFailed,
      String log) {}

  @Test
  void trainingFinishesTheAgentCountsDropsAndResumesAndTheAnalyzerRecovers() throws Exception {
    Path agentJar = RepoLayout.find().agentJar();
    try (LocalCluster cluster = new LocalCluster(dir)) {
      cluster.startBroker(0);
      Analyzer analyzer = cluster.startAnalyzer("analyzer", Map.of(AnalyzerConfig.ENGINE_LAYER_WAIT, "5s"));
      await("analyzer ready").atMost(Duration.ofSeconds(90)).until(() -> analyzer.client().health() == 200);

      // The same job without an outage, for the step time.
      Finished baseline = train(agentJar, cluster, "outage-baseline", BASELINE_STEPS, null, analyzer);
      int steps = (int) Math.max(BASELINE_STEPS,
          Math.min(OUTAGE_RUN.toMillis() / baseline.medianStepMs(), OUTAGE_RUN_CAP.toMillis() / baseline.meanStepMs()));

      Finished outage = train(agentJar, cluster, "outage-run", steps, trainer -> {
        await("samples flowing").atMost(Duration.ofSeconds(120)).until(() -> analyzer.client().processed("outage-run") > 0);
        long stoppedAt = System.nanoTime();
        assertThat(cluster.broker().stop()).as("broker exit after SIGTERM").isEqualTo(143);
        await("/health 503 while the broker is down").atMost(Duration.ofSeconds(25)).until(() -> analyzer.client().health() == 503);
        long processedDuringOutage = analyzer.client().processed("outage-run");
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - stoppedAt) / 1_000_000));
        assertThat(trainer.isAlive()).as("training still running when the broker comes back (raise OUTAGE_RUN)").isTrue();
        cluster.startBroker(cluster.brokerPort());
        long stepAtRestart = trainer.lastReportedStep();
        await("/health 200 once the broker is back").atMost(Duration.ofSeconds(90)).until(() -> analyzer.client().health() == 200);
        await("samples sent after the restart arrive").atMost(Duration.ofSeconds(90))
            .until(() -> latestAnalysedStep(analyzer, "outage-run") > stepAtRestart);
        System.out.printf(Locale.ROOT, "BrokerOutageTest: broker down %.1f s at training step ~%d; the analyzer had %d samples "
            + "then, and analyses steps after %d again%n", OUTAGE.toMillis() / 1e3, stepAtRestart, processedDuringOutage,
            stepAtRestart);
        return null;
      }, analyzer);

      await("analyzer caught up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> !analyzer.client().run("outage-run").path("active").asBoolean()
              && analyzer.client().processed("outage-run") >= outage.sent());
      long processed = analyzer.client().processed("outage-run");
      System.out.printf(Locale.ROOT, "BrokerOutageTest: step time with a %d s outage / without: mean %.2f / %.2f ms = %.2f, "
              + "median %.2f / %.2f ms = %.2f (%d and %d steps)%n", OUTAGE.toSeconds(), outage.meanStepMs(), baseline.meanStepMs(),
          outage.meanStepMs() / baseline.meanStepMs(), outage.medianStepMs(), baseline.medianStepMs(),
          outage.medianStepMs() / baseline.medianStepMs(), steps, BASELINE_STEPS);
      System.out.printf(Locale.ROOT, "BrokerOutageTest: agent sent %d samples and dropped %d (queue_full %d, send_failed %d); "
          + "the analyzer processed %d%n", outage.sent(), outage.dropped(), outage.queueFull(), outage.sendFailed(), processed);

      assertThat(outage.dropped()).as("samples the agent dropped while the broker was down").isPositive();
      assertThat(processed).as("every acknowledged sample counted once (a batch written but timed out may add to it)")
          .isBetween(outage.sent(), outage.sent() + outage.sendFailed());
      assertThat(outage.medianStepMs() / baseline.medianStepMs()).as("median step time ratio").isLessThan(3.0);
      assertThat(analyzer.process().isAlive()).as("analyzer alive").isTrue();
      assertThat(cluster.broker().isAlive()).as("broker alive").isTrue();
    }
  }

  /** What happens while a run trains; returns nothing. */
  private interface DuringTraining {
    Void run(TrainerProcess trainer) throws Exception;
  }

  /** Trains {@code steps} steps with the agent on the cluster's broker, runs {@code during} meanwhile, and reads the outcome. */
  private Finished train(Path agentJar, LocalCluster cluster, String runId, int steps, DuringTraining during, Analyzer analyzer)
      throws Exception {
    int agentMetricsPort = freePort();
    Map<String, String> agent = new LinkedHashMap<>();
    agent.put("kafka.bootstrap", cluster.bootstrap());
    agent.put("run.id", runId);
    agent.put("job.name", "broker-outage");
    agent.put("sample.every", "20");
    agent.put("sample.size", "2");
    agent.put("metrics.every", "10");
    agent.put("metrics.port", String.valueOf(agentMetricsPort));
    Path log = dir.resolve(runId + ".log");
    TrainerProcess trainer = TrainerProcess.start(agentJar, agent,
        List.of("--synthetic", "--steps", String.valueOf(steps), "--epochs", "1", "--batch-size", "16", "--log-every", "10",
            "--seed", "7"), log);
    try {
      if (during != null) {
        during.run(trainer);
        String scrape = scrape(agentMetricsPort);
        assertThat(dropped(scrape, "queue_full") + dropped(scrape, "send_failed"))
            .as("the agent's dropped-samples counter while it still trains").isPositive();
      }
      int exit = trainer.waitFor(Duration.ofMinutes(8));
      String text = Files.readString(log);
      assertThat(exit).as("trainer exit; its log ends with:%n%s", tail(text)).isZero();
      Matcher summary = SUMMARY.matcher(text);
      Matcher counters = AGENT_COUNTERS.matcher(text);
      assertThat(summary.find()).as("trainer summary in%n%s", tail(text)).isTrue();
      assertThat(counters.find()).as("agent counters in%n%s", tail(text)).isTrue();
      return new Finished(Double.parseDouble(summary.group(1)), Double.parseDouble(summary.group(2)),
          Long.parseLong(counters.group(1)), Long.parseLong(counters.group(2)), Long.parseLong(counters.group(3)),
          Long.parseLong(counters.group(4)), text);
    } finally {
      trainer.stop();
    }
  }

  /** The latest step any layer of the run was published for, -1 before any. */
  private static long latestAnalysedStep(Analyzer analyzer, String runId) {
    JsonNode run = analyzer.client().run(runId);
    if (run == null) {
      return -1;
    }
    long latest = -1;
    for (JsonNode layer : run.path("layers")) {
      latest = Math.max(latest, layer.path("step").asLong());
    }
    return latest;
  }

  private static String scrape(int port) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static double dropped(String scrape, String reason) {
    Matcher m = Pattern.compile("(?m)^topowatch_agent_samples_dropped_total\\{reason=\"" + reason + "\"} (\\S+)").matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private static String tail(String text) {
    return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    }
  }
}
