package dev.topowatch.analyzer.state;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads partitions of the run-state topic from the beginning to their last stable offset ({@code
 * read_committed}), outside any consumer group.
 *
 * <p>First it waits, bounded, until no transaction is pending on them (last stable offset = high
 * watermark): a transaction whose commit the previous owner saw succeed may not have its markers on
 * the partition yet, and reading before them would restore a state older than the offsets committed
 * with it. A transaction left open by a dead replica settles when the broker aborts it after its
 * timeout; past {@code settleTimeout} the reader goes on without waiting for it.
 */
final class ChangelogReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangelogReader.class);

  private final String topic;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Admin admin;
  private final Duration settleTimeout;

  /** @param admin for the offsets that tell whether a transaction is pending; the caller closes it */
  ChangelogReader(String topic, Properties clientProps, Admin admin, Duration settleTimeout) {
    this.topic = topic;
    this.settleTimeout = settleTimeout;
    this.admin = admin;
    Properties p = new Properties();
    p.putAll(clientProps);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    // Asking for a topic's partitions must never create it (with the broker's default partition count).
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
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
      awaitNoPendingTransaction(tps);
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

  private void awaitNoPendingTransaction(List<TopicPartition> tps) {
    Duration interval = Duration.ofMillis(100);
    Retry untilSettled = Retry.of("settle-" + topic, RetryConfig.<Map<TopicPartition, Long>>custom()
        .maxAttempts((int) (settleTimeout.toMillis() / interval.toMillis()) + 1).waitDuration(interval)
        .retryOnResult(pending -> !pending.isEmpty()).build());
    Map<TopicPartition, Long> pending = untilSettled.executeSupplier(() -> pending(tps));
    if (Thread.currentThread().isInterrupted()) {
      throw new org.apache.kafka.common.errors.InterruptException("interrupted while waiting for transactions on " + topic);
    }
    if (!pending.isEmpty()) {
      LOG.warn("transactions still pending on {} after {} (records above the last stable offset: {}); reading what is committed",
          topic, settleTimeout, pending);
    }
  }

  /** Partitions whose high watermark is above their last stable offset, with the difference. */
  private Map<TopicPartition, Long> pending(List<TopicPartition> tps) {
    Map<TopicPartition, Long> highWatermarks = offsets(tps, IsolationLevel.READ_UNCOMMITTED);
    Map<TopicPartition, Long> stable = offsets(tps, IsolationLevel.READ_COMMITTED);
    Map<TopicPartition, Long> out = new HashMap<>();
    highWatermarks.forEach((tp, hw) -> {
      if (hw > stable.get(tp)) {
        out.put(tp, hw - stable.get(tp));
      }
    });
    return out;
  }

  private Map<TopicPartition, Long> offsets(List<TopicPartition> tps, IsolationLevel level) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    tps.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    try {
      Map<TopicPartition, Long> out = new HashMap<>();
      admin.listOffsets(latest, new ListOffsetsOptions(level)).all().get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new org.apache.kafka.common.errors.TimeoutException("listing the offsets of " + topic + " took over 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.common.errors.InterruptException(e);
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(2));
  }
}
