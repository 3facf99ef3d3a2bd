package dev.topowatch.analyzer.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * The partition a run's records belong to: murmur2 of the run id, as the agent's {@code
 * RunPartitioner} chooses it for both topics (the analyzer and the agent share no code, so the
 * formula is written twice; {@code RunPartitionsTest} pins it). The run's state lives in the same
 * partition number of the run-state changelog, so whichever replica holds the partition holds the run.
 */
public final class RunPartitions {

  private RunPartitions() {}

  /** The partition of {@code runId} among {@code partitions} (at least 1). */
  public static int of(String runId, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("a topic has at least one partition, got " + partitions);
    }
    return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
  }
}
