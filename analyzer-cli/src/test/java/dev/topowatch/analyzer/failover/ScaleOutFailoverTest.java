package dev.topowatch.analyzer.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.process.KnownRuns;
import dev.topowatch.harness.LocalCluster;
import dev.topowatch.harness.LocalCluster.Analyzer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out and fail-over with real processes: a {@code broker} JVM, two {@code serve} JVMs in one
 * consumer group with the analyzer's own group settings (static membership, 6 s session timeout: see
 * GroupMembership), six runs streaming (one per partition, sent as the agent sends them). One analyzer
 * is killed with SIGKILL mid-stream; the test prints how long the survivor took to serve the dead
 * one's runs with exact counts (the fail-over time), and every run's count and per-layer Betti means
 * must then equal the engine's numbers on what was sent, exactly. The killed analyzer is restarted,
 * partitions move back to it; then both are restarted one at a time (SIGTERM, start again) while
 * steps keep coming, and the totals are again exact on whichever replica holds each run, every run
 * listed by the replica that holds it. About 70 s.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class ScaleOutFailoverTest {

  private static final int PARTITIONS = 6;
  private static final int LAYERS = 3;
  private static final int SAMPLES = 4;
  private static final int STEPS_BEFORE_RESTART = 30;
  private static final int STEPS_AFTER_RESTART = 10;
  private static final int STEPS_DURING_ROLLING_RESTART = 30;
  private static final String GROUP = "failover";
  private static final Duration CATCH_UP = Duration.ofSeconds(120);
  /**
   * A guard, not the goal: the fail-over is printed (8.9 s here; 11.2 s with a three-node cluster soak
   * running beside it on the 2 shared cores; goal 10 s); with Kafka's default session timeout (45 s) it
   * took 46.6 s. The bound leaves room for a loaded machine.
   */
  private static final Duration FAILOVER_BOUND = Duration.ofSeconds(30);

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir; // a failure keeps the processes' logs

  @Test
  void theSurvivorServesInheritedRunsWithinSecondsAndTotalsStayExactThroughRestarts() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir);
        KnownRuns runs = new KnownRuns("failover-run", PARTITIONS, LAYERS, SAMPLES)) {
      cluster.startBroker(0);
      Map<String, String> settings = Map.of(
          AnalyzerConfig.KAFKA_GROUP_ID, GROUP,
          AnalyzerConfig.ACTIVATION_PARTITIONS, String.valueOf(PARTITIONS),
          AnalyzerConfig.ENGINE_WORKERS, "1",
          AnalyzerConfig.ENGINE_LAYER_WAIT, "5m", // steps close when complete, never early
          AnalyzerConfig.STATE_COMMIT_INTERVAL, "1s");
      Analyzer a = cluster.startAnalyzer("a", settings);
      Analyzer b = cluster.startAnalyzer("b", settings);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrap()));
          KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
              new StringSerializer(), new ByteArraySerializer())) {
        awaitMembersWithPartitions(admin, 2);
        for (String run : runs.ids()) {
          producer.send(runs.runStarted("topowatch.events", run)).get();
        }

        // Stream every run's steps from another thread; kill A once it has saved its runs' state at least
        // once and is part-way through them.
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> send(producer, runs, 0, STEPS_BEFORE_RESTART, 100));
        await("A processing, its state saved").atMost(CATCH_UP).pollInterval(Duration.ofMillis(100))
            .until(() -> a.client().metric("topowatch_state_checkpoints_total", null) > 0
                && heldBy(a, runs).values().stream().mapToLong(Long::longValue).sum() > 100);
        Map<String, Long> atKill = heldBy(a, runs);
        // A's runs: every run B does not hold (one A had no record of yet is A's all the same).
        Set<String> ofA = new TreeSet<>(runs.ids());
        ofA.removeAll(heldBy(b, runs).keySet());
        boolean sending = !stream.isDone();
        a.process().kill();
        long killedAt = System.nanoTime();
        System.out.printf("ScaleOutFailoverTest: killed A (SIGKILL) holding %s, the producer %s%n", atKill,
            sending ? "still sending" : "done, A still behind");
        stream.get(3, TimeUnit.MINUTES);

        long perRun = (long) STEPS_BEFORE_RESTART * runs.samplesPerStep();
        await("B to serve A's runs, exact").atMost(CATCH_UP).pollInterval(Duration.ofMillis(100))
            .until(() -> ofA.stream().allMatch(r -> b.client().processed(r) == perRun));
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("ScaleOutFailoverTest: fail-over %.1f s from SIGKILL of A until B served all %d of A's runs with "
            + "exact counts (%d samples each; the producer ended %s)%n", failover.toMillis() / 1000.0, ofA.size(), perRun,
            sending ? "after the kill" : "before the kill");
        assertThat(failover).as("fail-over time").isLessThan(FAILOVER_BOUND);
        await("B to hold every run, exact").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
            .until(() -> runs.ids().stream().allMatch(r -> b.client().processed(r) == perRun));
        assertExact(runs, List.of(b), STEPS_BEFORE_RESTART);
        double restoredByB = b.client().metric("topowatch_state_runs_restored_total", null);
        assertThat(restoredByB).as("runs B rebuilt from the run-state topic").isPositive();
        System.out.printf("ScaleOutFailoverTest: B holds all %d runs, %d samples each, exact; it restored %.0f runs and ignored "
            + "%.0f redelivered samples as duplicates%n", runs.ids().size(), perRun, restoredByB,
            b.client().metric("topowatch_samples_duplicate_total", null));

        // The killed replica comes back (same data directory): partitions move back, totals stay exact.
        Analyzer a2 = cluster.startAnalyzer("a", settings);
        awaitMembersWithPartitions(admin, 2);
        await("A to hold runs again").atMost(CATCH_UP).until(() -> !heldBy(a2, runs).isEmpty());
        int steps = STEPS_BEFORE_RESTART + STEPS_AFTER_RESTART;
        send(producer, runs, STEPS_BEFORE_RESTART, steps, 0);
        awaitExactOnOneReplica(runs, List.of(a2, b), steps);
        Map<String, Long> onA = heldBy(a2, runs);
        Map<String, Long> onB = heldBy(b, runs);
        assertThat(onA.keySet()).as("runs held by both replicas").doesNotContainAnyElementsOf(onB.keySet());
        assertThat(onA).isNotEmpty();
        assertThat(onB).isNotEmpty();
        assertExact(runs, List.of(a2, b), steps);
        assertThat(a2.client().metric("topowatch_state_runs_restored_total", null)).as("runs A rebuilt on its return")
            .isGreaterThanOrEqualTo(onA.size());
        System.out.printf("ScaleOutFailoverTest: after A's restart A holds %s and B %s, %d samples each, exact%n",
            onA.keySet(), onB.keySet(), (long) steps * runs.samplesPerStep());

        // Rolling restart, one replica at a time (SIGTERM: it commits and leaves the group), steps streaming throughout.
        int from = steps;
        steps += STEPS_DURING_ROLLING_RESTART;
        CompletableFuture<Void> rolling = CompletableFuture.runAsync(() -> send(producer, runs, from, from + STEPS_DURING_ROLLING_RESTART, 200));
        assertThat(b.process().stop()).as("B's exit code on SIGTERM (128 + 15: it ended through its shutdown hook)").isEqualTo(143);
        Analyzer b2 = cluster.startAnalyzer("b", settings);
        awaitMembersWithPartitions(admin, 2);
        assertThat(a2.process().stop()).as("A's exit code on SIGTERM").isEqualTo(143);
        Analyzer a3 = cluster.startAnalyzer("a", settings);
        awaitMembersWithPartitions(admin, 2);
        rolling.get(3, TimeUnit.MINUTES);
        awaitExactOnOneReplica(runs, List.of(a3, b2), steps);
        assertExact(runs, List.of(a3, b2), steps);
        for (String run : runs.ids()) {
          Analyzer holder = a3.client().run(run) != null ? a3 : b2;
          assertThat(holder.client().runIds()).as("%s listed by the replica holding it", run).contains(run);
        }
        System.out.printf("ScaleOutFailoverTest: after a rolling restart of both, A holds %s and B %s, %d samples each, exact%n",
            heldBy(a3, runs).keySet(), heldBy(b2, runs).keySet(), (long) steps * runs.samplesPerStep());
      }
    }
  }

  private static void awaitExactOnOneReplica(KnownRuns runs, List<Analyzer> replicas, int steps) {
    long total = (long) steps * runs.samplesPerStep();
    await("every run exact on one replica").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500))
        .until(() -> runs.ids().stream().allMatch(r -> replicas.stream().mapToLong(x -> x.client().processed(r)).max().orElse(-1) == total));
  }

  /** Sends steps [from, to) of every run, interleaved, pausing {@code pauseMs} between steps. */
  private static void send(KafkaProducer<String, byte[]> producer, KnownRuns runs, int from, int to, long pauseMs) {
    try {
      for (long step = from; step < to; step++) {
        for (String run : runs.ids()) {
          runs.step("topowatch.activations", run, step).forEach(producer::send);
        }
        producer.flush();
        Thread.sleep(pauseMs);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The known runs an analyzer holds, with their samples processed. */
  private static Map<String, Long> heldBy(Analyzer analyzer, KnownRuns runs) {
    Map<String, Long> out = new HashMap<>();
    for (String id : analyzer.client().runIds()) {
      if (runs.ids().contains(id)) {
        out.put(id, analyzer.client().processed(id));
      }
    }
    return out;
  }

  private static void awaitMembersWithPartitions(Admin admin, int members) {
    await(members + " members with partitions").atMost(CATCH_UP).pollInterval(Duration.ofMillis(500)).until(() -> {
      var group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
      List<MemberDescription> all = new ArrayList<>(group.members());
      return all.size() == members && all.stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
    });
  }

  /**
   * Every run on exactly one of {@code analyzers}: samples processed = steps × layers × samples, a
   * complete θ point for every step, and at the last step each layer's mean Betti numbers equal to
   * the engine's on the volumes sent.
   */
  private static void assertExact(KnownRuns runs, List<Analyzer> analyzers, int steps) {
    for (String run : runs.ids()) {
      List<JsonNode> views = analyzers.stream().map(a -> a.client().run(run)).filter(v -> v != null).toList();
      assertThat(views).as("replicas holding %s", run).hasSize(1);
      JsonNode view = views.get(0);
      assertThat(view.path("samples_processed").asLong()).as("%s samples_processed", run).isEqualTo((long) steps * runs.samplesPerStep());
      assertThat(view.path("samples_rejected").asLong()).isZero();
      Set<Long> thetaSteps = new TreeSet<>();
      for (JsonNode p : view.path("theta").path("0")) {
        assertThat(p.path("complete").asBoolean()).isTrue();
        thetaSteps.add(p.path("step").asLong());
      }
      assertThat(thetaSteps).as("%s θ steps", run).hasSize(Math.min(steps, 256)).contains((long) steps - 1);
      JsonNode layers = view.path("layers");
      assertThat(layers).hasSize(LAYERS);
      for (int l = 0; l < LAYERS; l++) {
        JsonNode layer = layers.get(l);
        assertThat(layer.path("step").asLong()).isEqualTo(steps - 1L);
        assertThat(layer.path("samples").asInt()).isEqualTo(SAMPLES);
        double[][] expected = runs.meanBetti(run, steps - 1L, l);
        JsonNode byThreshold = layer.path("thresholds");
        List<String> labels = new java.util.ArrayList<>();
        byThreshold.fieldNames().forEachRemaining(labels::add);
        labels.sort((x, y) -> Double.compare(Double.parseDouble(x), Double.parseDouble(y)));
        for (int t = 0; t < KnownRuns.THRESHOLDS.length; t++) {
          String label = labels.get(t);
          List<Double> betti = new java.util.ArrayList<>();
          byThreshold.path(label).path("betti").forEach(n -> betti.add(n.asDouble()));
          assertThat(betti).as("%s layer %d at %s", run, l, label)
              .containsExactly(java.util.Arrays.stream(expected[t]).boxed().toArray(Double[]::new));
        }
      }
    }
  }
}
