package dev.topowatch.it.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.topowatch.proto.ActivationRecords;
import dev.topowatch.proto.v1.ActivationSample;
import dev.topowatch.proto.v1.EpochMetrics;
import dev.topowatch.proto.v1.RunFinished;
import dev.topowatch.proto.v1.RunStarted;
import dev.topowatch.proto.v1.StepMetrics;
import dev.topowatch.proto.v1.TrainingEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Everything one run published, read back with a plain Kafka consumer and the generated classes,
 * from every partition of both topics (the test broker has one; the analyzer's embedded one six).
 */
public final class Telemetry {
  static final String ACTIVATIONS = "topowatch.activations";
  static final String EVENTS = "topowatch.events";

  public final List<TrainingEvent> events = new ArrayList<>();
  /** Every sample, whether it came alone (older agents) or in an ActivationBatch, with its record's key. */
  public final List<ActivationSample> samples = new ArrayList<>();
  public final List<String> sampleKeys = new ArrayList<>();
  /** How many of {@link #samples} came in ActivationBatch records (the others alone, as older agents send them). */
  public int inBatches;

  /** Reads both topics from the beginning until the run's RunFinished has arrived (or timeout). */
  public static Telemetry read(String bootstrap, String runId, Duration timeout) throws InvalidProtocolBufferException {
    return read(bootstrap, runId, timeout, t -> t.events.stream().anyMatch(TrainingEvent::hasRunFinished));
  }

  /** Reads both topics from the beginning until {@code done} holds (then one more quiet second) or timeout. */
  static Telemetry read(String bootstrap, String runId, Duration timeout, java.util.function.Predicate<Telemetry> done)
      throws InvalidProtocolBufferException {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Telemetry t = new Telemetry();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String topic : List.of(ACTIVATIONS, EVENTS)) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos.isEmpty()) { // not created yet: the broker will auto-create it with one partition
          parts.add(new TopicPartition(topic, 0));
        }
        infos.forEach(info -> parts.add(new TopicPartition(topic, info.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean finished = false;
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < deadline && System.nanoTime() < quietUntil) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(EVENTS)) {
            TrainingEvent e = TrainingEvent.parseFrom(r.value());
            if (e.getRunId().equals(runId)) {
              t.events.add(e);
            }
          } else {
            boolean batch = ActivationRecords.isBatch(r.value());
            for (ActivationSample s : ActivationRecords.unpack(r.value())) {
              if (s.getRunId().equals(runId)) {
                t.samples.add(s);
                t.sampleKeys.add(r.key());
                t.inBatches += batch ? 1 : 0;
              }
            }
          }
        }
        finished = finished || done.test(t);
        if (finished && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos(); // let the tail arrive
        }
      }
    }
    System.out.printf("telemetry of %s: %d events, %d samples, %d of them in ActivationBatch records%n",
        runId, t.events.size(), t.samples.size(), t.inBatches);
    return t;
  }

  RunStarted runStarted() {
    return events.stream().filter(TrainingEvent::hasRunStarted).map(TrainingEvent::getRunStarted)
        .findFirst().orElseThrow(() -> new AssertionError("no RunStarted among " + events.size() + " events"));
  }

  List<StepMetrics> stepMetrics() {
    return events.stream().filter(TrainingEvent::hasStepMetrics).map(TrainingEvent::getStepMetrics).toList();
  }

  List<EpochMetrics> epochMetrics() {
    return events.stream().filter(TrainingEvent::hasEpochMetrics).map(TrainingEvent::getEpochMetrics).toList();
  }

  RunFinished runFinished() {
    return events.stream().filter(TrainingEvent::hasRunFinished).map(TrainingEvent::getRunFinished)
        .findFirst().orElseThrow(() -> new AssertionError("no RunFinished among " + events.size() + " events"));
  }

  /** Loss of each step, by step. */
  Map<Long, Double> lossByStep() {
    Map<Long, Double> out = new java.util.TreeMap<>();
    stepMetrics().forEach(m -> out.put(m.getStep(), m.getLoss()));
    return out;
  }
}
