package dev.topowatch.analyzer.kafka;

import dev.topowatch.broker.SharedBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic creation and description against a real broker, as the analyzer does them at start-up. */
class TopicSetupTest {
  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  private static final TopicReplication SINGLE = TopicReplication.defaults(1, Optional.empty(), Optional.empty());

  @Test
  void replicationDefaultsToThreeCopiesTwoInSyncFromThreeBrokersOn() {
    assertThat(List.of(1, 2, 3, 5).stream().map(b -> TopicReplication.defaults(b, Optional.empty(), Optional.empty()))
        .map(r -> r.factor() + "/" + r.minInsyncReplicas()).toList()).containsExactly("1/1", "2/1", "3/2", "3/2");
    assertThat(TopicReplication.defaults(5, Optional.of(5), Optional.empty()).minInsyncReplicas()).isEqualTo(2);
    assertThat(TopicReplication.defaults(5, Optional.of(5), Optional.of(3)).describe())
        .startsWith("replication factor 5, min.insync.replicas 3 (5 brokers;");
    assertThat(TopicReplication.defaults(1, Optional.of(3), Optional.empty()).describe()).endsWith("topic creation will fail");
    assertThatThrownBy(() -> TopicReplication.defaults(3, Optional.of(2), Optional.of(3)))
        .hasMessageContaining("topics.min-insync-replicas must be between 1 and the replication factor 2");
  }

  @Test
  void aCreatedTopicCarriesTheChosenMinInsyncReplicas() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      TopicReplication one = TopicReplication.resolve(admin, Optional.empty(), Optional.empty(), 30_000);
      assertThat(one.brokers()).isEqualTo(1);
      TopicSetup.ensure(admin, Map.of("replicated", 2), one, 30_000);
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "replicated");
      assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get("min.insync.replicas").value()).isEqualTo("1");
      assertThat(admin.describeTopics(List.of("replicated")).allTopicNames().get().get("replicated").partitions().get(0)
          .replicas()).hasSize(1);
    }
  }

  @Test
  void aTopicJustCreatedIsDescribedWithItsPartitions() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      for (int i = 1; i <= 5; i++) { // each right after its creation: the answer may lag the creation
        TopicSetup.ensure(admin, Map.of("fresh-" + i, i), SINGLE, 30_000);
        assertThat(TopicSetup.partitionCount(admin, "fresh-" + i, 30_000)).isEqualTo(i);
      }
      TopicSetup.ensure(admin, Map.of("fresh-3", 7), SINGLE, 30_000); // an existing topic keeps its own count
      assertThat(TopicSetup.partitionCount(admin, "fresh-3", 30_000)).isEqualTo(3);
    }
  }

  @Test
  void aTopicThatNeverAppearsIsAClearErrorAfterTheTimeout() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> TopicSetup.partitionCount(admin, "never-created", 700))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot describe topic never-created");
      assertThat((System.nanoTime() - start) / 1_000_000).as("retried until the timeout, ms").isGreaterThanOrEqualTo(700);
    }
  }
}
