package dev.topowatch.analyzer.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.harness.KafkaCluster;
import dev.topowatch.harness.LocalCluster;
import dev.topowatch.harness.LocalCluster.Analyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a three-node Kafka cluster whose brokers keep Kafka's stock topic defaults (one replica), the
 * analyzer creates its topics with three replicas, two in sync, and says so at start; its /health
 * reports the topics under-replicated while a broker is down and OK once it is back. About 60 s.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReplicatedTopicsTest {

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir; // a failure keeps the processes' logs

  @Test
  void theAnalyzerChoosesThreeReplicasTwoInSyncAndHealthFollowsABrokerDown() throws Exception {
    try (KafkaCluster kafka = new KafkaCluster(dir, 3).start();
        LocalCluster analyzers = new LocalCluster(dir);
        Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
      analyzers.useBrokers(kafka.bootstrap());
      Analyzer a = analyzers.startAnalyzer("a", Map.of(AnalyzerConfig.ACTIVATION_PARTITIONS, "3"));
      assertThat(Files.readString(dir.resolve("a-0.log"))).as("the analyzer's start-up log")
          .contains("topics the analyzer creates get replication factor 3, min.insync.replicas 2 (3 brokers;");
      List<String> topics = List.of("topowatch.activations", "topowatch.events", "topowatch-analyzer.run-state");
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      for (String t : topics) {
        assertThat(described.get(t).partitions()).as(t).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t);
        assertThat(admin.describeConfigs(List.of(r)).all().get(30, TimeUnit.SECONDS).get(r).get("min.insync.replicas").value())
            .as(t).isEqualTo("2");
      }
      await("/health replication OK").atMost(Duration.ofSeconds(60)).until(() -> "OK".equals(a.client().replicationState()));

      long killed = System.nanoTime();
      kafka.kill(2);
      await("/health under-replicated").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> "UNDER_REPLICATED".equals(a.client().replicationState()));
      System.out.printf("ReplicatedTopicsTest: /health said UNDER_REPLICATED %.1f s after SIGKILL of broker 2%n",
          (System.nanoTime() - killed) / 1e9);
      assertThat(a.client().health()).as("still up: it serves what it can").isEqualTo(200);
      kafka.restart(2);
      await("/health OK again").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
          .until(() -> "OK".equals(a.client().replicationState()));
    }
  }
}
