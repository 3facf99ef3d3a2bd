package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.config.AnalyzerConfig;
import dev.topowatch.analyzer.kafka.TopicReplication;
import dev.topowatch.analyzer.state.RunStateStore;
import dev.topowatch.analyzer.state.StateMetrics;
import dev.topowatch.analyzer.state.TransactionalIds;
import dev.topowatch.analyzer.stream.EventProcessor;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.SampleProcessor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Consumes both topics with the plain Kafka consumer on its own thread (vertx-kafka-client has calls
 * that break against kafka-clients 4), decodes and applies on a worker pool of {@code engine.workers}
 * threads (one per core by default) and computes in batches ({@link BettiBatcher}), never on the
 * event loop. Deployment fails if the consumer cannot be created. The run-state store ({@link
 * RunStateStore}) commits the consumer's offsets.
 */
public final class IngestVerticle extends VerticleBase {

  private final String bootstrap;
  private final SampleProcessor samples;
  private final EventProcessor events;
  private final RunRegistry runs;
  private final PipelineMetrics metrics;
  private final StateMetrics stateMetrics;
  private final Supplier<TopicReplication> replication;
  private volatile IngestLoop loop;
  private Thread thread;
  private ExecutorService workers;
  private BettiBatcher batcher;
  private DeadLetterPublisher deadLetters;
  private RunStateStore state;

  IngestVerticle(String bootstrap, SampleProcessor samples, EventProcessor events, RunRegistry runs, PipelineMetrics metrics,
      StateMetrics stateMetrics, Supplier<TopicReplication> replication) {
    this.replication = replication;
    this.bootstrap = bootstrap;
    this.samples = samples;
    this.events = events;
    this.runs = runs;
    this.metrics = metrics;
    this.stateMetrics = stateMetrics;
  }

  boolean assigned() {
    IngestLoop l = loop;
    return l != null && l.assigned();
  }

  @Override
  public Future<?> start() {
    AnalyzerConfig config = AnalyzerConfig.fromJson(config());
    return vertx.executeBlocking(() -> {
      Properties props = config.kafkaClientProperties(bootstrap);
      String replicaId = TransactionalIds.of(config.groupId(), config.dataDir());
      GroupMembership.apply(props, config.groupId(), replicaId);
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(Math.max(1, config.maxInFlight() / 2)));
      KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      deadLetters = config.deadLetterTopic().map(t -> new DeadLetterPublisher(t, config.kafkaClientProperties(bootstrap))).orElse(null);
      AtomicInteger n = new AtomicInteger();
      workers = Executors.newFixedThreadPool(config.workers(), r -> {
        Thread t = new Thread(r, "topowatch-betti-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      batcher = new BettiBatcher(samples.computer(), config.batchMaxVolumes(), config.batchMaxWait());
      state = RunStateStore.open(runs, config.activationsTopic(), config.runStateTopic(), config.kafkaClientProperties(bootstrap),
          replicaId, stateMetrics, replication);
      loop = new IngestLoop(consumer, workers, batcher, samples, events, state, metrics, deadLetters,
          config.activationsTopic(), config.eventsTopic(), config.maxInFlight(), config.stateCommitInterval());
      thread = new Thread(loop, "topowatch-kafka-consumer");
      thread.start();
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    return vertx.executeBlocking(() -> {
      if (loop != null) {
        loop.stop();
        thread.join(60_000);
      }
      if (batcher != null) {
        batcher.close();
      }
      if (workers != null) {
        workers.shutdown();
        workers.awaitTermination(30, TimeUnit.SECONDS);
      }
      if (deadLetters != null) {
        deadLetters.close();
      }
      if (state != null) {
        state.close();
      }
      return null;
    });
  }
}
