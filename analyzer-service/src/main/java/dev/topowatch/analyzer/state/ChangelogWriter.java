package dev.topowatch.analyzer.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints to the run-state topic and the consumer's offsets in one Kafka transaction, so
 * the saved state and the committed offsets always describe the same records: a reader with {@code
 * read_committed} sees both or neither. The consumer's group metadata travels with the offsets, so a
 * replica that lost its partitions in a rebalance (a zombie) is fenced by the group coordinator and
 * its transaction aborts, state included (KIP-447).
 *
 * <p>After any failure the producer is closed and the next write starts a new one; its {@code
 * initTransactions} (same {@code transactional.id}) finishes or aborts whatever the old one left open.
 */
final class ChangelogWriter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangelogWriter.class);

  /** One record of the changelog: a run's checkpoint, or null to remove the run. */
  record Entry(String runId, int partition, byte[] checkpoint) {}

  private final String topic;
  private final Properties props;
  private Producer<String, byte[]> producer;

  /**
   * @param clientProps Kafka client settings (bootstrap, TLS, SASL)
   * @param transactionalId stable for this replica, unique in the cluster
   */
  ChangelogWriter(String topic, Properties clientProps, String transactionalId) {
    this.topic = topic;
    this.props = producerProperties(clientProps, transactionalId);
  }

  static Properties producerProperties(Properties clientProps, String transactionalId) {
    Properties p = new Properties();
    // A dead replica's open transaction blocks the partitions' new owner until it times out: keep it short.
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000");
    // Bounds how long a commit can hold the consumer thread while the broker is away.
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "10000");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"); // checkpoints are JSON numbers: ~5× smaller
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(RunStateTopic.MAX_MESSAGE_BYTES));
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.putAll(clientProps);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return p;
  }

  /**
   * Writes {@code entries} and commits {@code offsets} for {@code group}, atomically.
   *
   * @throws RuntimeException when the transaction did not commit (nothing of it is visible then)
   */
  void write(List<Entry> entries, Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    Producer<String, byte[]> p = producer();
    try {
      p.beginTransaction();
      for (Entry e : entries) {
        p.send(new ProducerRecord<>(topic, e.partition(), e.runId(), e.checkpoint()));
      }
      if (!offsets.isEmpty()) {
        p.sendOffsetsToTransaction(offsets, group);
      }
      p.commitTransaction(); // fails if any send failed
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
  }

  private Producer<String, byte[]> producer() {
    if (producer == null) {
      Producer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
      try {
        p.initTransactions();
      } catch (RuntimeException e) {
        p.close(Duration.ZERO);
        throw e;
      }
      producer = p;
      LOG.debug("run-state writer ready (transactional id {})", props.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
    }
    return producer;
  }

  private void discard() {
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("closing the failed run-state writer: {}", e.toString());
      }
      producer = null;
    }
  }

  @Override
  public void close() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
      producer = null;
    }
  }
}
