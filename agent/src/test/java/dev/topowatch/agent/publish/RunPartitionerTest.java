package dev.topowatch.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class RunPartitionerTest {

  @Property(tries = 500, seed = "20261130") // fixed: a failure replays exactly
  void aRunGoesWhereKafkaWouldSendItsRunIdKey(@ForAll String runId, @ForAll @IntRange(min = 1, max = 64) int partitions) {
    int kafka = BuiltInPartitioner.partitionForKey(runId.getBytes(StandardCharsets.UTF_8), partitions);

    assertThat(RunPartitioner.partition(runId, partitions)).isEqualTo(kafka);
  }

  @Test
  void aTopicWithoutPartitionsIsRefused() {
    assertThatThrownBy(() -> RunPartitioner.partition("r", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
