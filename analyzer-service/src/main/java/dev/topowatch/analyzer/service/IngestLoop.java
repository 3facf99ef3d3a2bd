package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.state.RunStateStore;
import dev.topowatch.analyzer.stream.DecodedSample;
import dev.topowatch.analyzer.stream.EventProcessor;
import dev.topowatch.analyzer.stream.RejectReason;
import dev.topowatch.analyzer.stream.SampleOutcome;
import dev.topowatch.analyzer.stream.SampleProcessor;
import dev.topowatch.topology.EngineBrokenException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer thread: polls both topics, applies events inline, hands activation records to the
 * worker pool (decode and checks), their volumes to the {@link BettiBatcher} (engine calls of many
 * volumes) and the results back to the workers (apply), pauses/resumes for backpressure, and commits
 * the offsets of records whose results are applied together with the state of the runs they changed
 * ({@link RunStateStore#commit}). On a rebalance it drains and commits what it gives up, and restores
 * the runs of what it gets before reading any of their records.
 */
final class IngestLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);
  private static final long LAG_INTERVAL_MS = 500;

  private final Consumer<byte[], byte[]> consumer;
  private final ExecutorService workers;
  private final BettiBatcher batcher;
  private final SampleProcessor samples;
  private final EventProcessor events;
  private final RunStateStore state;
  private final PipelineMetrics metrics;
  private final Outcomes outcomes;
  private final String activationsTopic;
  private final String eventsTopic;
  private final BackpressureController backpressure;
  private final long commitIntervalMs;
  private final OffsetTracker offsets = new OffsetTracker();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final RateLimitedLog rejections = new RateLimitedLog(LOG, 10_000);
  private final RateLimitedLog stateProblems = new RateLimitedLog(LOG, 10_000);
  private volatile boolean running = true;
  private volatile boolean assigned;
  private long lastCommit;
  private long lastLag;

  IngestLoop(Consumer<byte[], byte[]> consumer, ExecutorService workers, BettiBatcher batcher, SampleProcessor samples,
      EventProcessor events, RunStateStore state, PipelineMetrics metrics, DeadLetterPublisher deadLetters,
      String activationsTopic, String eventsTopic, int maxInFlight, Duration commitInterval) {
    this.consumer = consumer;
    this.workers = workers;
    this.batcher = batcher;
    this.samples = samples;
    this.events = events;
    this.state = state;
    this.metrics = metrics;
    this.outcomes = new Outcomes(metrics, deadLetters);
    this.activationsTopic = activationsTopic;
    this.eventsTopic = eventsTopic;
    this.backpressure = new BackpressureController(maxInFlight, maxInFlight / 2);
    this.commitIntervalMs = commitInterval.toMillis();
  }

  boolean assigned() {
    return assigned;
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(activationsTopic, eventsTopic), new Rebalance());
      while (running) {
        ConsumerRecords<byte[], byte[]> records = poll();
        records.forEach(this::dispatch);
        applyBackpressure();
        if (System.currentTimeMillis() - lastLag >= LAG_INTERVAL_MS) {
          updateLag();
        }
        if (System.currentTimeMillis() - lastCommit >= commitIntervalMs) {
          commit();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        LOG.error("consumer woken up unexpectedly", e);
      }
    } catch (org.apache.kafka.common.errors.InvalidSessionTimeoutException e) {
      LOG.error("the brokers refuse the consumer group's session timeout ({}): set kafka.session.timeout.ms within the "
          + "brokers' group.min.session.timeout.ms and group.max.session.timeout.ms; the analyzer stops consuming",
          e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("ingest loop failed; the analyzer stops consuming", e);
    } finally {
      assigned = false; // /health reports the analyzer not ready from here on
      drain(consumer.assignment());
      commit();
      consumer.close(GroupMembership.CLOSE); // the survivor takes these partitions now, not after the session timeout
      LOG.info("ingest loop stopped");
    }
  }

  private void dispatch(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    offsets.started(tp, record.offset());
    if (record.topic().equals(eventsTopic)) {
      try {
        SampleOutcome outcome = events.process(record.value());
        if (outcome.rejected()) {
          outcomes.reject(record, outcome, new AtomicBoolean());
        } else {
          metrics.published(outcome.publishedSampleTimes(), System.currentTimeMillis());
        }
      } catch (RuntimeException e) {
        logFailure(record, e);
      } finally {
        offsets.finished(tp, record.offset());
      }
      return;
    }
    metrics.inFlight(inFlight.incrementAndGet());
    workers.execute(() -> {
      List<SampleProcessor.Prepared> prepared;
      try {
        prepared = samples.prepare(record.value());
      } catch (RuntimeException e) {
        failed(tp, record, e);
        return;
      }
      InFlightRecord pending = new InFlightRecord(tp, record, prepared.size());
      metrics.inFlight(inFlight.addAndGet(prepared.size() - 1)); // one per sample from here on
      for (SampleProcessor.Prepared p : prepared) {
        if (!p.needsCompute()) {
          pending.handled(p.outcome());
          continue;
        }
        DecodedSample sample = p.sample();
        batcher.submit(sample, new BettiBatcher.Callback() {
          @Override
          public void computed(long[][] betti, long nanos) {
            onWorker(() -> {
              try {
                pending.handled(samples.complete(sample, betti, nanos));
              } catch (RuntimeException e) {
                pending.failed(e);
              }
            });
          }

          @Override
          public void failed(RuntimeException e) {
            samples.abandon(sample);
            pending.failed(e);
          }
        });
      }
    });
  }

  /**
   * A record whose samples are being worked on (one, or an ActivationBatch's several): its offset is
   * finished once every sample is handled, and it goes to the dead letters at most once.
   */
  private final class InFlightRecord {
    private final TopicPartition tp;
    private final ConsumerRecord<byte[], byte[]> record;
    private final AtomicInteger left;
    private final AtomicBoolean deadLettered = new AtomicBoolean();

    InFlightRecord(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, int samples) {
      this.tp = tp;
      this.record = record;
      this.left = new AtomicInteger(samples);
    }

    /** One sample's outcome; never throws, so the record is always finished. */
    void handled(SampleOutcome outcome) {
      try {
        outcomes.handle(record, outcome, deadLettered);
      } catch (RuntimeException e) {
        failed(e);
        return;
      }
      done();
    }

    /**
     * A volume the engine cannot handle must not stop the service; it is not retried either. But when
     * the engine itself is broken (no fallback), the record is held: never committed, so it is read and
     * computed again after a restart (per-sample idempotence keeps its computed samples from counting
     * twice), and the sample stays counted in the compute queue, so backpressure stops polling once the
     * queue is full of held records.
     */
    void failed(RuntimeException e) {
      if (e instanceof EngineBrokenException) {
        offsets.held(tp, record.offset());
        stateProblems.warn("engine", "the Betti engine is broken (" + e.getMessage() + "): " + offsets.held()
            + " records held uncommitted, computed after a restart");
        return;
      }
      logFailure(record, e);
      metrics.rejected(RejectReason.PROCESSING_FAILED);
      done();
    }

    private void done() {
      metrics.inFlight(inFlight.decrementAndGet());
      if (left.decrementAndGet() == 0) {
        offsets.finished(tp, record.offset());
      }
    }
  }

  /** Applies on a worker, off the batcher's thread (journaling must not hold up the next batch). */
  private void onWorker(Runnable r) {
    try {
      workers.execute(r);
    } catch (RejectedExecutionException stopping) {
      r.run();
    }
  }

  private void finished(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
    offsets.finished(tp, record.offset());
    metrics.inFlight(inFlight.decrementAndGet());
  }

  /** A record that could not be decoded or prepared: counted as a processing failure and finished. */
  private void failed(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
    logFailure(record, e);
    metrics.rejected(RejectReason.PROCESSING_FAILED);
    finished(tp, record);
  }

  private static void logFailure(ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
    LOG.error("processing {}/{}/{} failed", record.topic(), record.partition(), record.offset(), e);
  }

  /**
   * One poll. A broker that refuses the analyzer's credentials or certificate ({@link
   * AuthenticationException}) stops nothing: it is logged (rate-limited), /health says DOWN with the
   * reason, and the consumer keeps trying, so a user created or a certificate fixed later is picked up
   * without a restart.
   */
  private ConsumerRecords<byte[], byte[]> poll() {
    try {
      return consumer.poll(Duration.ofMillis(100));
    } catch (AuthenticationException e) {
      rejections.warn("authentication", "the Kafka broker refused the analyzer (" + e.getMessage()
          + "); check the kafka.security.protocol, kafka.sasl.* and kafka.ssl.* settings; retrying");
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        running = false;
      }
      return ConsumerRecords.empty();
    }
  }

  private void applyBackpressure() {
    switch (backpressure.update(inFlight.get())) {
      case PAUSE -> {
        consumer.pause(consumer.assignment());
        metrics.paused(true);
        LOG.debug("compute queue at {}: partitions paused", inFlight.get());
      }
      case RESUME -> {
        consumer.resume(consumer.paused());
        metrics.paused(false);
        LOG.debug("compute queue at {}: partitions resumed", inFlight.get());
      }
      case NONE -> { }
    }
  }

  private void commit() {
    lastCommit = System.currentTimeMillis();
    Map<TopicPartition, OffsetAndMetadata> committable = offsets.committable();
    try {
      state.commit(committable, consumer.groupMetadata());
      offsets.committed(committable);
    } catch (RuntimeException e) {
      // Nothing of it is visible; the runs stay marked as changed and go with the next commit (or, if the
      // partitions moved, their records are redelivered to the new owner).
      stateProblems.warn("commit", "commit of run state and offsets failed, retried at the next one: " + e);
    }
  }

  private void updateLag() {
    lastLag = System.currentTimeMillis();
    Map<String, Long> lag = new HashMap<>(Map.of(activationsTopic, 0L, eventsTopic, 0L));
    for (TopicPartition tp : consumer.assignment()) {
      consumer.currentLag(tp).ifPresent(l -> lag.merge(tp.topic(), l, Long::sum));
    }
    lag.forEach(metrics::lag);
  }

  /** Waits (bounded) for the in-flight records of {@code tps} so their offsets can be committed. */
  private void drain(Collection<TopicPartition> tps) {
    Retry.of("drain", RetryConfig.<Long>custom().maxAttempts(3_001).waitDuration(Duration.ofMillis(10))
        .retryOnResult(inFlight -> inFlight > 0 && !Thread.currentThread().isInterrupted()).build())
        .executeSupplier(() -> (long) offsets.inFlight(tps));
  }

  /**
   * Hands the new assignment to the state store, retrying while the broker is unreachable; a
   * misconfiguration ({@link IllegalStateException}) stops the loop.
   */
  private void restoreState() {
    Retry untilRestored = Retry.of("restore", RetryConfig.custom().maxAttempts(Integer.MAX_VALUE).waitDuration(Duration.ofSeconds(1))
        .retryOnException(e -> e instanceof KafkaException && running && !Thread.currentThread().isInterrupted()).build());
    untilRestored.getEventPublisher().onRetry(event -> stateProblems.warn("restore",
        "cannot restore the runs of the assigned partitions yet (retrying): " + event.getLastThrowable()));
    try {
      untilRestored.executeRunnable(() -> state.assigned(consumer.assignment()));
    } catch (KafkaException e) {
      // stopped (or interrupted) while the broker was still away: the next assignment restores
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        metrics.revoked();
      }
      drain(partitions);
      commit();
      offsets.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      restoreState(); // before poll returns any record of these partitions
      assigned = true;
      if (backpressure.paused()) {
        consumer.pause(partitions);
      }
      LOG.info("assigned {}", partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      drain(partitions); // so no late result lands in a run that is no longer held here
      state.lost(partitions);
      offsets.forget(partitions);
    }
  }
}
