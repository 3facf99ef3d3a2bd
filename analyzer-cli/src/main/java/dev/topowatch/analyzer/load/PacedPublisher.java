package dev.topowatch.analyzer.load;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A Kafka producer that sends a numbered sequence of records at a set rate (the n-th is due at
 * start + n / rate, so a late send is caught up rather than lost), counting acknowledgements and
 * failures.
 */
public final class PacedPublisher implements AutoCloseable {

  private final KafkaProducer<String, byte[]> producer;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private long sent;

  public PacedPublisher(String bootstrap) {
    this.producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        // As the agent should on a cluster (deploy/README.md): acknowledged by the in-sync replicas, retries
        // written once, and retried for longer than a leader election (a soak restarts brokers).
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000",
        ProducerConfig.LINGER_MS_CONFIG, "2",
        ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 20),
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20)), new StringSerializer(), new ByteArraySerializer());
  }

  /** Partitions of {@code topic} (waits for the metadata). */
  public int partitions(String topic) {
    return producer.partitionsFor(topic).size();
  }

  /** Sends one record and waits for its acknowledgement (run events). */
  public void sendAndWait(ProducerRecord<String, byte[]> record) throws InterruptedException, ExecutionException, TimeoutException {
    producer.send(record).get(60, TimeUnit.SECONDS);
  }

  /**
   * Sends {@code records.apply(0)}, {@code records.apply(1)}, … at {@code rate} per second (0: as
   * fast as the producer takes them) for {@code duration}; {@code beforeEach} is told the elapsed
   * nanoseconds before each record. Returns how many it sent in all.
   */
  public long publish(LongFunction<ProducerRecord<String, byte[]>> records, double rate, Duration duration, LongConsumer beforeEach)
      throws InterruptedException {
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long n = 0;
    for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
      beforeEach.accept(now - start);
      if (rate > 0) {
        long due = start + (long) (n * 1e9 / rate);
        while (System.nanoTime() < due) {
          if (due - System.nanoTime() > 2_000_000) {
            Thread.sleep(1);
          } else {
            Thread.onSpinWait();
          }
        }
      }
      producer.send(records.apply(n), (metadata, e) -> {
        if (e != null) {
          failed.incrementAndGet();
          firstFailure.compareAndSet(null, e);
        } else {
          acked.incrementAndGet();
        }
      });
      n++;
      sent++;
    }
    return n;
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  public long sent() {
    return sent;
  }

  public long acked() {
    return acked.get();
  }

  public long failed() {
    return failed.get();
  }

  /** The first send failure, or null. */
  public Exception firstFailure() {
    return firstFailure.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
