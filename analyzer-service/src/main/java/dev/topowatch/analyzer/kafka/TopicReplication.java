package dev.topowatch.analyzer.kafka;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * How the analyzer creates its topics' replicas: {@code topics.replication-factor} copies of each
 * partition, and {@code topics.min-insync-replicas} of them must hold a record before a producer with
 * {@code acks=all} (the agent in production, the run-state writer always) is told it is stored. By
 * default min(3, brokers) and 2 from three brokers on (1 below): with three brokers one may die, or be
 * restarted, without losing an acknowledged record and without refusing writes. Chosen here, not left to
 * the brokers' defaults, which are 1 and 1 in a stock Kafka. Topics that exist are left as they are.
 */
public record TopicReplication(short factor, int minInsyncReplicas, int brokers) {

  public TopicReplication {
    if (factor < 1) {
      throw new IllegalArgumentException("topics.replication-factor must be at least 1, was " + factor);
    }
    if (minInsyncReplicas < 1 || minInsyncReplicas > factor) {
      throw new IllegalArgumentException("topics.min-insync-replicas must be between 1 and the replication factor "
          + factor + ", was " + minInsyncReplicas);
    }
  }

  /** The defaults for a cluster of {@code brokers}: min(3, brokers) replicas, 2 in sync from three on. */
  public static TopicReplication defaults(int brokers, Optional<Integer> factor, Optional<Integer> minInsync) {
    int f = factor.orElse(Math.max(1, Math.min(3, brokers)));
    int m = minInsync.orElse(f >= 3 ? 2 : 1);
    return new TopicReplication((short) f, m, brokers);
  }

  /** Counts the cluster's brokers and applies {@link #defaults} to what is not configured. */
  public static TopicReplication resolve(Admin admin, Optional<Integer> factor, Optional<Integer> minInsync, long timeoutMs) {
    try {
      int brokers = admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
      return defaults(brokers, factor, minInsync);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot count the Kafka cluster's brokers: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting the Kafka cluster's brokers", e);
    }
  }

  /** A new topic with this replication; {@code configs} are its other settings. */
  public NewTopic topic(String name, int partitions, Map<String, String> configs) {
    Map<String, String> all = new java.util.HashMap<>(configs);
    all.put("min.insync.replicas", String.valueOf(minInsyncReplicas));
    return new NewTopic(name, partitions, factor).configs(all);
  }

  /** What the start-up log says. */
  public String describe() {
    return "replication factor " + factor + ", min.insync.replicas " + minInsyncReplicas + " (" + brokers + " broker"
        + (brokers == 1 ? "" : "s") + "; topics.replication-factor, topics.min-insync-replicas)"
        + (factor > brokers ? ": more replicas than brokers, topic creation will fail" : "");
  }
}
