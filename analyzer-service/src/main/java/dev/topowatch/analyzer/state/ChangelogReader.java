package dev.topowatch.analyzer.state;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads partitions of the run-state topic from the beginning to their last committed transaction
 * ({@code read_committed}: the end it stops at is the last stable offset, so a transaction left open
 * by a dead replica is neither read nor waited for here). Outside any consumer group.
 */
final class ChangelogReader implements AutoCloseable {

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;

  ChangelogReader(String topic, Properties clientProps) {
    this.topic = topic;
    Properties p = new Properties();
    p.putAll(clientProps);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(RunStateTopic.MAX_MESSAGE_BYTES));
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Number of partitions of {@code anyTopic}, or 0 when it does not exist. */
  int partitions(String anyTopic, Duration timeout) {
    try {
      List<PartitionInfo> info = consumer.partitionsFor(anyTopic, timeout);
      return info == null ? 0 : info.size();
    } catch (UnknownTopicOrPartitionException e) {
      return 0;
    }
  }

  /**
   * The latest checkpoint of every run in {@code partitions}, by run id (runs whose latest record is
   * a tombstone are absent).
   *
   * @throws org.apache.kafka.common.errors.TimeoutException when the end is not reached within {@code timeout}
   */
  Map<String, byte[]> read(Collection<Integer> partitions, Duration timeout) {
    List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, byte[]> latest = new HashMap<>();
    try {
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
      while (!reached(end)) {
        if (System.nanoTime() > deadline) {
          throw new org.apache.kafka.common.errors.TimeoutException(
              "reading " + topic + " partitions " + partitions + " took longer than " + timeout);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            latest.remove(r.key());
          } else {
            latest.put(r.key(), r.value());
          }
        }
      }
    } finally {
      consumer.assign(List.of());
    }
    return latest;
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
