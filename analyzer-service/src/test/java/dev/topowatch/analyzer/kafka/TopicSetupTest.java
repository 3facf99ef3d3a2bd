package dev.topowatch.analyzer.kafka;

import dev.topowatch.broker.SharedBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Topic creation and description against a real broker, as the analyzer does them at start-up. */
class TopicSetupTest {
  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();

  @Test
  void aTopicJustCreatedIsDescribedWithItsPartitions() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
      for (int i = 1; i <= 5; i++) { // each right after its creation: the answer may lag the creation
        TopicSetup.ensure(admin, Map.of("fresh-" + i, i), 30_000);
        assertThat(TopicSetup.partitionCount(admin, "fresh-" + i, 30_000)).isEqualTo(i);
      }
      TopicSetup.ensure(admin, Map.of("fresh-3", 7), 30_000); // an existing topic keeps its own count
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
