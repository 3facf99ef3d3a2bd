package dev.topowatch.agent.publish;

/**
 * One record waiting to be sent.
 *
 * @param topic Kafka topic
 * @param key record key
 * @param runId the run the record belongs to; it alone chooses the partition ({@link RunPartitioner})
 * @param value serialized protobuf message
 * @param sample true for an ActivationSample (counted as a sample), false for a TrainingEvent
 * @param attempt how many times it was handed to the producer before
 */
public record Outbound(String topic, String key, String runId, byte[] value, boolean sample, int attempt) {
  public Outbound(String topic, String key, String runId, byte[] value, boolean sample) {
    this(topic, key, runId, value, sample, 0);
  }

  /** The same record, one attempt later. */
  public Outbound retry() {
    return new Outbound(topic, key, runId, value, sample, attempt + 1);
  }

  /** Bytes this record holds in the queue (value, key and a fixed overhead). */
  public long weight() {
    return value.length + key.length() * 2L + 64;
  }
}
