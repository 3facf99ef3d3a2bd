package dev.topowatch.agent.publish;

/**
 * One record waiting to be sent.
 *
 * @param topic Kafka topic
 * @param key record key
 * @param runId the run the record belongs to; it alone chooses the partition ({@link RunPartitioner})
 * @param value the serialized protobuf message, or what encodes it on the sender thread
 * @param samples the activation samples the record carries (each counted as sent or dropped), 0 for a
 *     TrainingEvent
 * @param attempt how many times it was handed to the producer before
 */
public record Outbound(String topic, String key, String runId, Value value, int samples, int attempt) {
  /**
   * A record's value. Activation samples are encoded by the sender thread, not the training thread,
   * which only copies the numbers out of the engine; until then {@link #size} is an estimate.
   */
  public interface Value {
    /** Bytes the value takes, exactly or (before encoding) within a small header's difference. */
    long size();

    /** The serialized value; for a deferred value, encodes it (on the sender thread). */
    byte[] bytes();

    /** A value that is already serialized. */
    static Value of(byte[] bytes) {
      return new Value() {
        @Override
        public long size() {
          return bytes.length;
        }

        @Override
        public byte[] bytes() {
          return bytes;
        }
      };
    }
  }

  public Outbound(String topic, String key, String runId, Value value, int samples) {
    this(topic, key, runId, value, samples, 0);
  }

  public Outbound(String topic, String key, String runId, byte[] value, int samples) {
    this(topic, key, runId, Value.of(value), samples, 0);
  }

  /** Whether it carries activation samples (not a TrainingEvent). */
  public boolean sample() {
    return samples > 0;
  }

  /** The same record, one attempt later. */
  public Outbound retry() {
    return new Outbound(topic, key, runId, value, samples, attempt + 1);
  }

  /** Bytes this record holds in the queue (value, key and a fixed overhead). */
  public long weight() {
    return value.size() + key.length() * 2L + 64;
  }
}
