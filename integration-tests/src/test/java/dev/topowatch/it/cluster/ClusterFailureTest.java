package dev.topowatch.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import dev.topowatch.harness.KafkaCluster;
import dev.topowatch.harness.LocalCluster;
import dev.topowatch.harness.LocalCluster.Analyzer;
import dev.topowatch.harness.RepoLayout;
import dev.topowatch.harness.TrainerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node of a three-node Kafka cluster (Apache Kafka's own server, combined broker and controller,
 * three voters; {@link KafkaCluster}) is killed with SIGKILL while a real training job streams to
 * it: the sample DJL trainer with the agent (acks=all, idempotent producer), two analyzers in one
 * group. One test kills the leader of the busiest activations partition, the other the active
 * controller; the node comes back {@link #OUTAGE} later. Then:
 *
 * <ul>
 *   <li>every sample the agent had acknowledged is counted exactly once (the analyzers' total for the
 *       run equals the agent's count of acknowledged samples);
 *   <li>the run-state topic is intact: with both analyzers stopped, a third, started afterwards alone,
 *       restores the run exactly (counts, latest step, every layer's numbers) from it;
 *   <li>the training step time during the outage is printed beside the time before it, and must stay
 *       within 3× (the agent's overhead budget, 1.03×, is measured by AgentOverheadBench on an idle
 *       machine; here three brokers, two analyzers and the trainer share two cores);
 *   <li>{@code /health} reports the topics under-replicated or leaderless while the node is down, and
 *       OK again after it is back.
 * </ul>
 *
 * The brokers keep Kafka's stock topic defaults (one replica, one in sync): the analyzer's topics come
 * out with three replicas and {@code min.insync.replicas} 2 because the analyzer chose so (checked).
 *
 * About 2 to 3 minutes each on the 2-core machine.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterFailureTest {

  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final Duration BEFORE = Duration.ofSeconds(10);
  private static final Duration AFTER = Duration.ofSeconds(10);
  private static final String ACTIVATIONS = "topowatch.activations";
  private static final Pattern AGENT_COUNTERS = Pattern.compile(
      "\\[topowatch] run \\S+: samples sent (\\d+), samples dropped (\\d+) \\(queue_full (\\d+), send_failed (\\d+)");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir; // a failure keeps the processes' logs

  private enum Victim { LEADER_OF_BUSIEST_ACTIVATIONS_PARTITION, ACTIVE_CONTROLLER }

  @Test
  void theLeaderOfTheBusiestActivationsPartitionKilledMidTrainingLosesNothingAcknowledged() throws Exception {
    killDuringTraining(Victim.LEADER_OF_BUSIEST_ACTIVATIONS_PARTITION, "cluster-leader-kill");
  }

  @Test
  void theActiveControllerKilledMidTrainingLosesNothingAcknowledged() throws Exception {
    killDuringTraining(Victim.ACTIVE_CONTROLLER, "cluster-controller-kill");
  }

  private void killDuringTraining(Victim victim, String runId) throws Exception {
    String label = "ClusterFailureTest[" + victim + "]";
    try (KafkaCluster kafka = new KafkaCluster(dir, 3).start();
        LocalCluster analyzers = new LocalCluster(dir);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
      analyzers.useBrokers(kafka.bootstrap());
      Map<String, String> settings = Map.of(
          AnalyzerConfig.KAFKA_GROUP_ID, "cluster",
          AnalyzerConfig.ENGINE_WORKERS, "1",
          AnalyzerConfig.ENGINE_LAYER_WAIT, "5s",
          AnalyzerConfig.STATE_COMMIT_INTERVAL, "2s");
      Analyzer a = analyzers.startAnalyzer("a", settings);
      Analyzer b = analyzers.startAnalyzer("b", settings);
      await("both analyzers ready").atMost(Duration.ofSeconds(90))
          .until(() -> a.client().health() == 200 && b.client().health() == 200);
      assertReplicatedByTheAnalyzersChoice(admin);

      TrainerProcess trainer = TrainerProcess.start(RepoLayout.find().agentJar(), agentOptions(kafka.bootstrap(), runId),
          List.of("--synthetic", "--steps", "1000", "--epochs", "200", "--batch-size", "16", "--log-every", "10", "--seed", "7"),
          dir.resolve(runId + ".log"));
      try {
        await("samples flowing").atMost(Duration.ofSeconds(120)).until(() -> processed(runId, a, b) > 0);
        StepClock clock = new StepClock(trainer);
        Thread.sleep(BEFORE.toMillis());
        clock.mark();

        int node = victim == Victim.ACTIVE_CONTROLLER ? activeController(admin) : busiestPartitionLeader(admin).getValue();
        String what = victim == Victim.ACTIVE_CONTROLLER ? "the active controller"
            : "the leader of " + busiestPartitionLeader(admin).getKey();
        long killedAt = System.nanoTime();
        kafka.kill(node);
        Set<String> seen = new TreeSet<>();
        await("/health to report the lost replicas").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> {
              String state = a.client().replicationState();
              seen.add(String.valueOf(state));
              return "UNDER_REPLICATED".equals(state) || "LEADERLESS".equals(state);
            });
        double reportedAfter = (System.nanoTime() - killedAt) / 1e9;
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - killedAt) / 1_000_000));
        assertThat(trainer.isAlive()).as("training runs through the outage").isTrue();
        clock.mark();
        kafka.restart(node);
        await("/health OK again").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> "OK".equals(a.client().replicationState()) && "OK".equals(b.client().replicationState()));
        double recoveredAfter = (System.nanoTime() - killedAt) / 1e9;
        Thread.sleep(AFTER.toMillis());
        clock.mark();
        System.out.printf(Locale.ROOT, "%s: killed node %d (%s) at training step %d; /health said %s after %.1f s and OK again "
                + "%.1f s after the kill (restart at %.0f s)%n", label, node, what, clock.steps.get(1), seen, reportedAfter,
            recoveredAfter, OUTAGE.toSeconds() * 1.0);
        System.out.printf(Locale.ROOT, "%s: training %.2f ms/step before the kill, %.2f during the outage (%.2f×), %.2f after%n",
            label, clock.msPerStep(0), clock.msPerStep(1), clock.msPerStep(1) / clock.msPerStep(0), clock.msPerStep(2));
        trainer.stop(Duration.ofSeconds(60)); // SIGTERM: the agent sends RunFinished and prints its counters
        Path trainerLog = dir.resolve(runId + ".log");
        await("the agent's counters in the trainer's log").atMost(Duration.ofSeconds(30))
            .until(() -> AGENT_COUNTERS.matcher(Files.readString(trainerLog)).find());
        Matcher counters = AGENT_COUNTERS.matcher(Files.readString(trainerLog));
        assertThat(counters.find()).isTrue();
        long acknowledged = Long.parseLong(counters.group(1));
        long sendFailed = Long.parseLong(counters.group(4));

        await("the analyzers caught up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
            .until(() -> processed(runId, a, b) >= acknowledged);
        // Quiet for longer than the layer wait and the commit interval: every step closed, its state committed,
        // and a late duplicate would have shown.
        Thread.sleep(8_000);
        long processed = processed(runId, a, b);
        System.out.printf(Locale.ROOT, "%s: the agent acknowledged %d samples (send_failed %d, dropped %s); the analyzers counted %d%n",
            label, acknowledged, sendFailed, counters.group(2), processed);
        assertThat(sendFailed).as("samples the idempotent acks=all producer gave up on").isZero();
        assertThat(processed).as("every acknowledged sample counted exactly once").isEqualTo(acknowledged);
        assertThat(clock.msPerStep(1) / clock.msPerStep(0)).as("step time during the outage / before").isLessThan(3.0);

        // The run-state topic is intact: both analyzers stop, a third restores the run from it alone.
        Analyzer holder = holder(runId, a, b);
        JsonNode expected = holder.client().run(runId);
        assertThat(a.process().stop()).isEqualTo(143);
        assertThat(b.process().stop()).isEqualTo(143);
        Analyzer c = analyzers.startAnalyzer("c", settings);
        await("the third analyzer restored the run").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
            .until(() -> c.client().run(runId) != null);
        JsonNode restored = c.client().run(runId);
        assertThat(c.client().metric("topowatch_state_runs_restored_total", null)).as("runs c restored").isEqualTo(1.0);
        for (String field : List.of("samples_processed", "samples_rejected", "latest_step", "status", "layers", "theta")) {
          assertThat(restored.get(field)).as("restored %s", field).isEqualTo(expected.get(field));
        }
        System.out.printf(Locale.ROOT, "%s: a third analyzer restored the run from the run-state topic: %d samples, step %d, "
            + "%d layers, exact%n", label, restored.get("samples_processed").asLong(), restored.get("latest_step").asLong(),
            restored.get("layers").size());
      } finally {
        trainer.stop();
      }
    }
  }

  /**
   * The brokers keep Kafka's stock topic defaults (one replica): the analyzer created its topics with
   * three replicas, two in sync, and said so at start.
   */
  private void assertReplicatedByTheAnalyzersChoice(Admin admin) throws Exception {
    assertThat(Files.readString(dir.resolve("a-0.log"))).as("the analyzer's start-up log")
        .contains("topics the analyzer creates get replication factor 3, min.insync.replicas 2 (3 brokers;");
    List<String> topics = List.of(ACTIVATIONS, "topowatch.events", "cluster.run-state");
    Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
    for (String t : topics) {
      assertThat(described.get(t).partitions()).as(t).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
      ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t);
      assertThat(admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r).get("min.insync.replicas").value())
          .as(t).isEqualTo("2");
    }
  }

  private static Map<String, String> agentOptions(String bootstrap, String runId) {
    Map<String, String> agent = new LinkedHashMap<>();
    agent.put("kafka.bootstrap", bootstrap);
    agent.put("run.id", runId);
    agent.put("job.name", "cluster-failure");
    agent.put("sample.every", "10");
    agent.put("sample.size", "2");
    agent.put("metrics.every", "10");
    // The production settings on a replicated cluster (deploy/README.md): acknowledged by every in-sync
    // replica, no duplicates from retries, and retried for longer than a leader election takes.
    agent.put("kafka.acks", "all");
    agent.put("kafka.enable.idempotence", "true");
    agent.put("kafka.delivery.timeout.ms", "120000");
    return agent;
  }

  /** The run's samples processed, on whichever analyzer holds it (-1 before any does). */
  private static long processed(String runId, Analyzer... analyzers) {
    long max = -1;
    for (Analyzer an : analyzers) {
      max = Math.max(max, an.client().processed(runId));
    }
    return max;
  }

  private static Analyzer holder(String runId, Analyzer... analyzers) {
    for (Analyzer an : analyzers) {
      if (an.client().run(runId) != null) {
        return an;
      }
    }
    throw new AssertionError("no analyzer holds " + runId);
  }

  /** The node that leads the KRaft quorum: the active controller. */
  private static int activeController(Admin admin) throws Exception {
    return admin.describeMetadataQuorum().quorumInfo().get(30, TimeUnit.SECONDS).leaderId();
  }

  /** The activations partition holding the most records, and its leader's node id. */
  private static Map.Entry<TopicPartition, Integer> busiestPartitionLeader(Admin admin) throws Exception {
    TopicDescription d = admin.describeTopics(List.of(ACTIVATIONS)).allTopicNames().get(30, TimeUnit.SECONDS).get(ACTIVATIONS);
    Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
    d.partitions().forEach(p -> latest.put(new TopicPartition(ACTIVATIONS, p.partition()), OffsetSpec.latest()));
    TopicPartition busiest = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
        .max(java.util.Comparator.comparingLong(e -> e.getValue().offset())).orElseThrow().getKey();
    return Map.entry(busiest, d.partitions().get(busiest.partition()).leader().id());
  }

  /** The trainer's reported step at marked times: milliseconds per step between marks. */
  private static final class StepClock {
    private final TrainerProcess trainer;
    final List<Long> steps = new java.util.ArrayList<>();
    private final List<Long> times = new java.util.ArrayList<>();

    StepClock(TrainerProcess trainer) {
      this.trainer = trainer;
      mark();
    }

    void mark() {
      steps.add(trainer.lastReportedStep());
      times.add(System.nanoTime());
    }

    /** Between mark {@code i} and mark {@code i + 1}. */
    double msPerStep(int i) {
      return (times.get(i + 1) - times.get(i)) / 1e6 / Math.max(1, steps.get(i + 1) - steps.get(i));
    }
  }
}
