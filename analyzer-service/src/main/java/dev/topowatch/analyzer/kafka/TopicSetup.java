package dev.topowatch.analyzer.kafka;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the analyzer's topics when they are missing (an existing topic is left as it is). */
public final class TopicSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /**
   * Creates each topic of {@code partitionsByTopic} that does not exist, with that many partitions
   * and {@code replication}; waits up to {@code timeoutMs}.
   */
  public static void ensure(Admin admin, Map<String, Integer> partitionsByTopic, TopicReplication replication, long timeoutMs) {
    List<NewTopic> topics = new ArrayList<>();
    partitionsByTopic.forEach((name, partitions) -> topics.add(replication.topic(name, partitions, Map.of())));
    ensure(admin, topics, timeoutMs);
  }

  /** Creates each of {@code topics} (partitions, settings) that does not exist; waits up to {@code timeoutMs}. */
  public static void ensure(Admin admin, List<NewTopic> topics, long timeoutMs) {
    CreateTopicsResult result = admin.createTopics(topics);
    result.values().forEach((name, future) -> {
      try {
        future.get(timeoutMs, TimeUnit.MILLISECONDS);
        LOG.info("created topic {} with {} partitions", name,
            topics.stream().filter(t -> t.name().equals(name)).findFirst().map(NewTopic::numPartitions).orElse(-1));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("creating topic " + name + " took longer than " + timeoutMs + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + name, e);
      }
    });
  }

  /**
   * Partitions of {@code topic} as the cluster has them. A topic created a moment ago may not have
   * reached the metadata of the broker that answers yet: that answer is retried until {@code timeoutMs}.
   *
   * @throws IllegalStateException if the topic cannot be described within {@code timeoutMs}
   */
  public static int partitionCount(Admin admin, String topic, long timeoutMs) {
    Retry untilKnown = Retry.of("describe-" + topic, RetryConfig.custom()
        .maxAttempts((int) (timeoutMs / 100) + 1).waitDuration(Duration.ofMillis(100))
        .retryOnException(e -> e instanceof UnknownTopicOrPartitionException).build()); // not in the answering broker's metadata yet
    try {
      return untilKnown.executeCallable(() -> describe(admin, topic, timeoutMs));
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": no answer within " + timeoutMs + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing topic " + topic, e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getMessage(), e);
    }
  }

  private static int describe(Admin admin, String topic, long timeoutMs) throws InterruptedException, TimeoutException {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).get(topic).partitions().size();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
  }
}
