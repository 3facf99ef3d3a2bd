package dev.topowatch.agent.publish;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Chooses a record's partition from its run id alone, the way Kafka's default partitioner hashes a
 * key (murmur2). A run's activations (keyed {@code RUN_ID/LAYER_INDEX}) and events (keyed
 * {@code RUN_ID}) thus land on the same partition number of two co-partitioned topics, and the one
 * analyzer replica that holds that number sees every layer of the run, which θ needs.
 */
public final class RunPartitioner {

  private RunPartitioner() {}

  /** The partition of {@code runId} among {@code partitions} (at least 1). */
  public static int partition(String runId, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
    }
    return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
