package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.SampleOutcome;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each record's outcome does outside the run state: meters, a rate-limited log line for what was
 * not applied, and a dead-letter copy of what was rejected. The ingest loop's result side.
 */
final class Outcomes {

  private static final Logger LOG = LoggerFactory.getLogger(IngestLoop.class);

  private final PipelineMetrics metrics;
  private final DeadLetterPublisher deadLetters;
  private final RateLimitedLog rejections = new RateLimitedLog(LOG, 10_000);

  /** @param deadLetters null when no dead-letter topic is configured */
  Outcomes(PipelineMetrics metrics, DeadLetterPublisher deadLetters) {
    this.metrics = metrics;
    this.deadLetters = deadLetters;
  }

  /**
   * One sample's outcome. A record can hold several samples (an ActivationBatch): it goes to the dead
   * letters at most once, at its first rejected sample, which sets {@code deadLettered}.
   */
  void handle(ConsumerRecord<byte[], byte[]> record, SampleOutcome outcome, AtomicBoolean deadLettered) {
    switch (outcome.kind()) {
      case APPLIED -> {
        metrics.computed(outcome.computeNanos());
        if (outcome.nonFiniteValues() > 0) {
          metrics.nonFinite();
        }
        metrics.published(outcome.publishedSampleTimes(), System.currentTimeMillis());
      }
      case DUPLICATE -> metrics.duplicate();
      case STALE -> {
        metrics.stale();
        rejections.warn("stale", "a sample of run " + outcome.runId() + " is older than its retained steps (runs.retained-steps): not applied");
      }
      case REJECTED -> reject(record, outcome, deadLettered);
    }
  }

  void reject(ConsumerRecord<byte[], byte[]> record, SampleOutcome outcome, AtomicBoolean deadLettered) {
    metrics.rejected(outcome.reason());
    rejections.warn(outcome.reason().label(), "rejected " + record.topic() + "/" + record.partition() + "/" + record.offset()
        + " (" + outcome.reason().label() + "): " + outcome.message());
    if (deadLetters != null && deadLettered.compareAndSet(false, true)) {
      deadLetters.publish(record, outcome.reason().label(), outcome.message());
    }
  }
}
