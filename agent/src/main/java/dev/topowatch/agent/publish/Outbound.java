package dev.topowatch.agent.publish;

/**
 * One record waiting to be sent.
 *
 * @param topic Kafka topic
 * @param key record key
 * @param value serialized protobuf message
 * @param sample true for an ActivationSample (counted as a sample), false for a TrainingEvent
 */
public record Outbound(String topic, String key, byte[] value, boolean sample) {
  /** Bytes this record holds in the queue (value, key and a fixed overhead). */
  public long weight() {
    return value.length + key.length() * 2L + 64;
  }
}
