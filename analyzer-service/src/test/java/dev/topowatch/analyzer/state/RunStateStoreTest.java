package dev.topowatch.analyzer.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.topowatch.broker.SharedBroker;
import dev.topowatch.analyzer.kafka.TopicReplication;
import dev.topowatch.analyzer.stream.CheckpointCodec;
import dev.topowatch.analyzer.stream.RunCheckpoint;
import dev.topowatch.analyzer.stream.RunEvent;
import dev.topowatch.analyzer.stream.RunRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run-state store against a real broker: what one owner commits the next restores; a zombie's commit is fenced. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RunStateStoreTest {

  @RegisterExtension static final SharedBroker KAFKA = new SharedBroker();
  private static final AtomicInteger SEQ = new AtomicInteger();

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final String input = "store-test-" + SEQ.incrementAndGet();
  private final String state = input + ".run-state";
  private final String group = input + "-group";
  private final List<AutoCloseable> closeAfter = new java.util.ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeAfter.reversed()) {
      c.close();
    }
  }

  @Test
  void whatOneOwnerCommitsTheNextRestoresWithTheOffsetsAndARemovedRunStaysRemoved() throws Exception {
    topics(3, 3);
    KafkaConsumer<byte[], byte[]> consumer = joinedConsumer(Map.of());
    RunRegistry runs = registry();
    RunStateStore store = store(runs, "owner-1");
    store.assigned(consumer.assignment());
    runs.apply("run-a", sample(0, 0, 3));
    runs.apply("run-b", sample(0, 0, 5));
    runs.apply("run-b", sample(0, 1, 5));
    TopicPartition p0 = new TopicPartition(input, 0);
    store.commit(Map.of(p0, new OffsetAndMetadata(7)), consumer.groupMetadata());

    RunRegistry next = registry();
    store(next, "owner-2").assigned(consumer.assignment());
    assertThat(next.get("run-a").orElseThrow().samplesProcessed()).isEqualTo(1);
    assertThat(next.get("run-b").orElseThrow().samplesProcessed()).isEqualTo(2);
    assertThat(next.get("run-b").orElseThrow().alreadySeen(new dev.topowatch.analyzer.stream.SampleKey(0, 0, 1))).isTrue();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
          .get(30, TimeUnit.SECONDS);
      assertThat(committed.get(p0).offset()).as("offsets committed in the same transaction").isEqualTo(7);
    }

    clock.addAndGet(Duration.ofHours(1).toMillis());
    runs.tick(); // both runs idle: removed, tombstones at the next commit
    store.commit(Map.of(), consumer.groupMetadata());
    RunRegistry third = registry();
    store(third, "owner-3").assigned(consumer.assignment());
    assertThat(third.runs()).isEmpty();
  }

  @Test
  void aReplicaThatLostItsPartitionsCannotCommitItsStateAnymore() throws Exception {
    topics(2, 2);
    // The zombie stops polling; when a second member joins, the group waits out its poll interval and drops it.
    KafkaConsumer<byte[], byte[]> zombie = joinedConsumer(Map.of(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, "3000"));
    RunRegistry runs = registry();
    RunStateStore store = store(runs, "zombie");
    store.assigned(zombie.assignment());
    runs.apply("run-z", sample(0, 0, 2));
    store.commit(Map.of(), zombie.groupMetadata());

    KafkaConsumer<byte[], byte[]> successor = consumer(Map.of());
    successor.subscribe(List.of(input));
    await("the successor's assignment").atMost(Duration.ofSeconds(60))
        .until(() -> !successor.poll(Duration.ofMillis(200)).isEmpty() || successor.assignment().size() == 2);

    runs.apply("run-z", sample(0, 1, 2));
    assertThatThrownBy(() -> store.commit(Map.of(new TopicPartition(input, 0), new OffsetAndMetadata(3)), zombie.groupMetadata()))
        .as("a commit with the old group generation").isInstanceOf(RuntimeException.class);
    RunRegistry restored = registry();
    store(restored, "successor").assigned(successor.assignment());
    assertThat(restored.get("run-z").orElseThrow().samplesProcessed()).as("the fenced checkpoint is not visible").isEqualTo(1);
  }

  @Test
  void aRunStateTopicPartitionedUnlikeTheInputIsAClearError() throws Exception {
    topics(3, 2);
    RunStateStore store = store(registry(), "owner");
    // Until the new topics reach the metadata the store says so (a KafkaException, retried by the consumer).
    await("the topics in the metadata").atMost(Duration.ofSeconds(30)).ignoreException(KafkaException.class)
        .untilAsserted(() -> assertThatThrownBy(() -> store.assigned(List.of(new TopicPartition(input, 0))))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("has 2 partitions and " + input + " has 3"));
  }

  @Test
  void aCheckpointTooLargeForARecordKeepsItsNewestThetaPointsAndEverySampleSum() {
    RunRegistry runs = new RunRegistry(new RunRegistry.Settings(List.of("0", "1"), 1000, 2000, 10, Duration.ofSeconds(1),
        Duration.ofMinutes(30)), clock::get);
    for (long step = 0; step < 400; step++) {
      runs.apply("big", sample(step, 0, 3));
      runs.apply("big", new RunEvent.StepClosed(step));
    }
    RunCheckpoint full = runs.get("big").orElseThrow().checkpoint();
    int fullSize = CheckpointCodec.encode(full).length;
    byte[] fitted = RunStateStore.encodeWithin(full, fullSize * 3 / 4);
    RunCheckpoint restored = CheckpointCodec.decode(fitted);
    assertThat(fitted.length).isLessThanOrEqualTo(fullSize * 3 / 4);
    assertThat(restored.history()).isNotEmpty().hasSizeLessThan(full.history().size());
    assertThat(restored.history().get(restored.history().size() - 1).step()).isEqualTo(399);
    assertThat(restored.steps()).hasSize(full.steps().size());
    assertThat(restored.samplesProcessed()).isEqualTo(400);
    assertThat(RunStateStore.encodeWithin(full, 100)).as("cannot fit at all").isNull();
  }

  private void topics(int inputPartitions, int statePartitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", KAFKA.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(input, inputPartitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
      RunStateTopic.ensure(admin, state, statePartitions, TopicReplication.defaults(1, Optional.empty(), Optional.empty()), 30_000);
    }
  }

  private RunRegistry registry() {
    return new RunRegistry(new RunRegistry.Settings(List.of("0", "1"), 16, 8, 10, Duration.ofSeconds(1), Duration.ofMinutes(30)),
        clock::get);
  }

  private RunStateStore store(RunRegistry runs, String owner) {
    Properties props = new Properties();
    props.put("bootstrap.servers", KAFKA.bootstrapServers());
    RunStateStore store = RunStateStore.open(runs, input, state, props, group + "-" + owner, new StateMetrics(),
        () -> TopicReplication.defaults(1, Optional.empty(), Optional.empty()));
    closeAfter.add(store);
    return store;
  }

  private KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> extra) {
    Map<String, Object> props = new java.util.HashMap<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, group,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false", ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        org.apache.kafka.clients.consumer.RangeAssignor.class.getName()));
    props.putAll(extra);
    KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    closeAfter.add(() -> c.close(Duration.ofSeconds(2)));
    return c;
  }

  private KafkaConsumer<byte[], byte[]> joinedConsumer(Map<String, Object> extra) {
    KafkaConsumer<byte[], byte[]> c = consumer(extra);
    c.subscribe(List.of(input));
    await("an assignment").atMost(Duration.ofSeconds(60)).until(() -> {
      c.poll(Duration.ofMillis(200));
      return !c.assignment().isEmpty();
    });
    return c;
  }

  private static RunEvent.SampleApplied sample(long step, int sampleIndex, long b0) {
    return new RunEvent.SampleApplied(step, 0, 0, "l0", sampleIndex, new int[] {4, 4}, new long[][] {{b0, 0}, {b0, 0}}, 0);
  }
}
