package dev.topowatch.agent.publish;

import dev.topowatch.agent.Log;
import dev.topowatch.agent.publish.AgentCounters.DropReason;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends records to Kafka from one daemon thread. The training thread only ever calls
 * {@link #submit}, which puts the record in a byte-bounded queue or drops it (counted); it never
 * waits for the broker. The producer is created on the sender thread, so a slow or absent broker
 * costs the training job nothing.
 */
public final class KafkaSender implements AutoCloseable {
  /** Records larger than this are dropped as {@code too_large} (the broker's default limit). */
  public static final int MAX_RECORD_BYTES = 1_000_000;

  /** Events (few, and the analyzer needs them) get this many tries at a metadata timeout. */
  static final int EVENT_ATTEMPTS = 5;

  private final ByteBoundedQueue<Outbound> queue;
  private final AgentCounters counters;
  private final Properties producerConfig;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile long stopDeadline;
  private volatile boolean disabled;
  private volatile boolean lastSendFailed;
  /** Kafka refused the credentials or the TLS handshake: later timeouts are that refusal, not news. */
  private volatile boolean refusedSeen;

  public KafkaSender(
      String bootstrap, Map<String, String> overrides, String clientId, long queueBytes, AgentCounters counters) {
    this.queue = new ByteBoundedQueue<>(queueBytes, Outbound::weight);
    this.counters = counters;
    this.producerConfig = producerConfig(bootstrap, overrides, clientId, queueBytes);
    this.thread = new Thread(this::run, "topowatch-sender | " + clientId);
    thread.setDaemon(true);
  }

  /** Producer settings: small bounded blocking and memory, no native compression; overrides last. */
  static Properties producerConfig(
      String bootstrap, Map<String, String> overrides, String clientId, long queueBytes) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(Math.min(queueBytes, 32L << 20)));
    // Blocks only the sender thread (waiting for metadata, e.g. while a topic is auto-created).
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "1000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
    p.putAll(RelocatedClassNames.apply(overrides));
    return p;
  }

  public void start() {
    thread.start();
  }

  /** Queues a record or drops it; never blocks. Returns whether it was queued. */
  public boolean submit(Outbound record) {
    DropReason reason = null;
    if (disabled || stopping) {
      reason = DropReason.DISABLED;
    } else if (record.value().size() > MAX_RECORD_BYTES) {
      reason = DropReason.TOO_LARGE;
    } else if (!queue.offer(record)) {
      reason = DropReason.QUEUE_FULL;
    }
    if (reason == null) {
      return true;
    }
    dropped(record, reason);
    return false;
  }

  /** Counts a record's samples (or the event) as dropped for {@code reason}. */
  private void dropped(Outbound record, DropReason reason) {
    if (record.sample()) {
      counters.samplesDropped(reason, record.samples());
    } else {
      counters.eventDropped();
    }
  }

  /** Bytes waiting in the queue. */
  public long queuedBytes() {
    return queue.bytes();
  }

  private void run() {
    Producer<String, byte[]> producer;
    try {
      producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
    } catch (Throwable t) {
      Log.info("cannot create the Kafka producer (" + t + "); publishing off");
      disabled = true;
      drainAs(DropReason.DISABLED);
      return;
    }
    try {
      while (!(stopping && (queue.bytes() == 0 || pastDeadline()))) {
        Outbound next = queue.poll(100, TimeUnit.MILLISECONDS);
        if (next != null) {
          send(producer, next);
        }
      }
    } finally {
      Thread.interrupted(); // a stop may have interrupted a blocked send; close cleanly regardless
      drainAs(DropReason.SEND_FAILED);
      long left = Math.max(0, stopDeadline - System.currentTimeMillis());
      try {
        producer.close(Duration.ofMillis(left));
      } catch (Throwable t) {
        // closing is best effort; unsent records are failed by their callbacks
      }
    }
  }

  private boolean pastDeadline() {
    // Once the broker has failed us, the rest of the queue is dropped at once: shutdown stays prompt.
    return lastSendFailed || System.currentTimeMillis() >= stopDeadline;
  }

  private void send(Producer<String, byte[]> producer, Outbound record) {
    try {
      byte[] value = record.value().bytes();
      if (value.length > MAX_RECORD_BYTES) { // a deferred value can only be checked once encoded
        dropped(record, DropReason.TOO_LARGE);
        return;
      }
      int partitions;
      try {
        partitions = partitionCount(producer, record);
      } catch (Throwable t) {
        settle(record, t); // an event has waited its attempts already
        return;
      }
      int partition = RunPartitioner.partition(record.runId(), partitions);
      producer.send(
          new ProducerRecord<>(record.topic(), partition, record.key(), value),
          (metadata, error) -> acknowledged(record, error));
    } catch (Throwable t) {
      acknowledged(record, t);
    }
  }

  /**
   * The topic's partition count. An event waits for it here, up to {@link #EVENT_ATTEMPTS} metadata
   * timeouts, instead of going back to the end of the queue: a run's events must reach Kafka in the
   * order they happened (a RunStarted overtaken by RunFinished would reopen the run). Only the sender
   * thread waits; a sample is not worth the wait and fails at the first timeout.
   */
  private int partitionCount(Producer<String, byte[]> producer, Outbound record) {
    for (int attempt = 1; ; attempt++) {
      try {
        return producer.partitionsFor(record.topic()).size();
      } catch (TimeoutException e) {
        if (record.sample() || attempt >= EVENT_ATTEMPTS || stopping) {
          throw e;
        }
      }
    }
  }

  private void acknowledged(Outbound record, Throwable error) {
    if (error instanceof TimeoutException && !record.sample() && record.attempt() < EVENT_ATTEMPTS - 1
        && !stopping && queue.offer(record.retry())) {
      lastSendFailed = true;
      return; // delivery timed out (the broker away for a while): try again later
    }
    settle(record, error);
  }

  /** Counts a record as sent or dropped, and says once why sends fail. */
  private void settle(Outbound record, Throwable error) {
    lastSendFailed = error != null;
    if (error != null) {
      Throwable refused = authenticationFailure(error);
      if (refused != null) {
        // Wrong credentials or trust settings stay wrong: say so once, plainly, and keep dropping.
        // (A first send may time out before the refusal is known: that is reported apart.)
        refusedSeen = true;
        Log.once("kafka-refused", "Kafka refused the agent's connection (" + refused.getMessage()
            + "): check the kafka.security.protocol, kafka.sasl.* and kafka.ssl.* settings; training goes on, samples are dropped");
      } else if (!refusedSeen && dropReason(error) == DropReason.SEND_FAILED) {
        Log.once("send-failed", "Kafka send failed (" + error + "); training goes on, samples are dropped");
      }
      dropped(record, dropReason(error));
    } else if (record.sample()) {
      counters.samplesSent(record.samples());
    } else {
      counters.eventSent();
    }
  }

  /**
   * Why a record the producer failed is dropped. The producer's buffer is part of the agent's bounded
   * memory: when it stays full for {@code max.block.ms} (brokers slow, or a partition leaderless during
   * a fail-over) the record is dropped as from a full queue, so that {@code send_failed} keeps meaning
   * that Kafka failed a delivery.
   */
  static DropReason dropReason(Throwable error) {
    return error instanceof BufferExhaustedException ? DropReason.QUEUE_FULL : DropReason.SEND_FAILED;
  }

  /** The authentication or TLS failure behind {@code error}, or null. */
  private static Throwable authenticationFailure(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException) {
        return t;
      }
    }
    return null;
  }

  private void drainAs(DropReason reason) {
    Outbound left;
    while ((left = queue.poll()) != null) {
      dropped(left, reason);
    }
  }

  /** Sends what is queued within {@code timeout}, then closes the producer; drops the rest. */
  public void close(Duration timeout) {
    stopDeadline = System.currentTimeMillis() + timeout.toMillis();
    stopping = true;
    try {
      if (lastSendFailed) {
        thread.interrupt(); // the broker is not answering: do not wait out a metadata timeout
      }
      thread.join(timeout.toMillis() + 500);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(500);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(3));
  }
}
