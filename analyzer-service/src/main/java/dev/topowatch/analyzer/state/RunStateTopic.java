package dev.topowatch.analyzer.state;

import dev.topowatch.analyzer.kafka.TopicReplication;
import dev.topowatch.analyzer.kafka.TopicSetup;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * The run-state changelog topic: compacted (the latest checkpoint per run id survives, a tombstone
 * removes a run), with as many partitions as the input topics, since run r's checkpoint lives in the
 * partition number that carries r's records.
 */
public final class RunStateTopic {

  /** Largest checkpoint batch the topic and the writer accept (a run with many layers and steps). */
  public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Topic settings: compaction soon after a checkpoint is superseded, and room for big checkpoints. */
  static final Map<String, String> CONFIGS = Map.of(
      "cleanup.policy", "compact",
      "min.cleanable.dirty.ratio", "0.1",
      "segment.bytes", String.valueOf(64 * 1024 * 1024),
      "segment.ms", String.valueOf(60 * 60 * 1000),
      "delete.retention.ms", String.valueOf(24 * 60 * 60 * 1000),
      "max.message.bytes", String.valueOf(MAX_MESSAGE_BYTES));

  private RunStateTopic() {}

  /**
   * Creates the topic with {@code partitions} partitions if it does not exist (an existing one is
   * left as it is; its partition count is checked when partitions are assigned).
   *
   * @throws IllegalStateException when it cannot be created
   */
  public static void ensure(Admin admin, String topic, int partitions, TopicReplication replication, long timeoutMs) {
    TopicSetup.ensure(admin, List.of(replication.topic(topic, partitions, CONFIGS)), timeoutMs);
  }
}
