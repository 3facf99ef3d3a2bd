package dev.topowatch.analyzer.service;

import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies rejected records, key and value unchanged, to the dead-letter topic with headers {@code
 * topowatch.reason}, {@code topowatch.error}, {@code topowatch.source} ({@code topic/partition/offset}).
 * Fire and forget: a failed copy is logged, never retried.
 */
final class DeadLetterPublisher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final RateLimitedLog failures = new RateLimitedLog(LOG, 10_000);

  DeadLetterPublisher(String topic, Properties clientProps) {
    this.topic = topic;
    Properties props = new Properties();
    props.putAll(clientProps);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  void publish(ConsumerRecord<byte[], byte[]> record, String reason, String error) {
    ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(topic, record.key(), record.value());
    copy.headers().add("topowatch.reason", reason.getBytes(StandardCharsets.UTF_8));
    copy.headers().add("topowatch.error", String.valueOf(error).getBytes(StandardCharsets.UTF_8));
    copy.headers().add("topowatch.source",
        (record.topic() + "/" + record.partition() + "/" + record.offset()).getBytes(StandardCharsets.UTF_8));
    producer.send(copy, (meta, e) -> {
      if (e != null) {
        failures.warn("dlt", "cannot copy a rejected record to " + topic + ": " + e);
      }
    });
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
