package dev.topowatch.analyzer.state;

import dev.topowatch.analyzer.kafka.RunPartitions;
import dev.topowatch.analyzer.kafka.TopicReplication;
import dev.topowatch.analyzer.stream.CheckpointCodec;
import dev.topowatch.analyzer.stream.RunCheckpoint;
import dev.topowatch.analyzer.stream.RunRegistry;
import dev.topowatch.analyzer.stream.RunSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the runs' state lives: a compacted Kafka topic keyed by run id (see deploy/README.md,
 * "State and fail-over"). The consumer thread drives it:
 *
 * <ul>
 *   <li>{@link #commit}: the checkpoints of the runs changed since the last commit, and the offsets
 *       below which every record is applied, in one transaction. A checkpoint may include records
 *       above the committed offsets; redelivered, they are recognised as duplicates (results are
 *       idempotent per sample key), so nothing is counted twice, and nothing committed is missing
 *       from the state.
 *   <li>{@link #assigned}: runs of partitions no longer held are released; runs of partitions newly
 *       held are restored before the consumer reads any of their records.
 *   <li>{@link #lost}: the runs of those partitions are dropped without writing anything.
 * </ul>
 *
 * A run belongs to partition {@link RunPartitions#of}(run id) of the input topics, the one the agent
 * sends it to, and its checkpoint goes to that partition number of the run-state topic.
 */
public final class RunStateStore implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunStateStore.class);
  private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);
  /** Longer than the writer's transaction timeout plus the broker's check for timed-out transactions (10 s each). */
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(30);
  /** The producer checks records uncompressed against max.request.size; stay under it with room for the key. */
  static final int MAX_CHECKPOINT_BYTES = RunStateTopic.MAX_MESSAGE_BYTES - 64 * 1024;

  private final RunRegistry runs;
  private final String inputTopic;
  private final String stateTopic;
  private final ChangelogWriter writer;
  private final ChangelogReader reader;
  private final Admin admin;
  private final StateMetrics metrics;
  private final Supplier<TopicReplication> replication;
  /** Partition numbers held; read by {@link #commit} (consumer thread) and the housekeeping thread. */
  private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
  private volatile int partitions;

  RunStateStore(RunRegistry runs, String inputTopic, String stateTopic, ChangelogWriter writer, ChangelogReader reader,
      Admin admin, StateMetrics metrics, Supplier<TopicReplication> replication) {
    this.replication = replication;
    this.runs = runs;
    this.inputTopic = inputTopic;
    this.stateTopic = stateTopic;
    this.writer = writer;
    this.reader = reader;
    this.admin = admin;
    this.metrics = metrics;
  }

  /**
   * A store on {@code stateTopic} for the runs of {@code inputTopic}.
   *
   * @param clientProps Kafka client settings (bootstrap, TLS, SASL)
   * @param transactionalId stable for this replica and unique among the replicas ({@link TransactionalIds})
   * @param replication of the run-state topic, should it have to be created here
   */
  public static RunStateStore open(RunRegistry runs, String inputTopic, String stateTopic, Properties clientProps,
      String transactionalId, StateMetrics metrics, Supplier<TopicReplication> replication) {
    Admin admin = Admin.create(clientProps);
    ChangelogReader reader = new ChangelogReader(stateTopic, clientProps, admin, SETTLE_TIMEOUT);
    return new RunStateStore(runs, inputTopic, stateTopic, new ChangelogWriter(stateTopic, clientProps, transactionalId),
        reader, admin, metrics, replication);
  }

  /**
   * Saves the changed runs this replica holds and commits {@code offsets}, in one transaction.
   *
   * @throws RuntimeException when it did not commit; the runs stay marked as changed
   */
  public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
    List<RunRegistry.Change> changes = runs.takeChanges(this::holds);
    if (changes.isEmpty() && offsets.isEmpty()) {
      return;
    }
    runs.syncAll(); // the run history makes durable what it recorded of these records
    List<ChangelogWriter.Entry> entries = new ArrayList<>(changes.size());
    long bytes = 0;
    for (RunRegistry.Change c : changes) {
      byte[] value = c.checkpoint() == null ? null : encodeWithin(c.checkpoint(), MAX_CHECKPOINT_BYTES);
      if (c.checkpoint() != null && value == null) {
        LOG.error("the state of run {} does not fit in a record of {} bytes even without its θ history: not saved "
            + "(lower runs.retained-steps)", c.runId(), MAX_CHECKPOINT_BYTES);
        continue;
      }
      bytes += value == null ? 0 : value.length;
      entries.add(new ChangelogWriter.Entry(c.runId(), home(c.runId()), value));
    }
    try {
      writer.write(entries, offsets, group);
      metrics.written(entries.size(), bytes);
    } catch (RuntimeException e) {
      runs.keepChanges(changes);
      metrics.commitFailed();
      throw e;
    }
  }

  /**
   * The consumer now holds {@code assignment} (both input topics): releases the runs of partition
   * numbers it no longer holds and restores those of numbers it newly holds.
   *
   * @throws IllegalStateException when the run-state topic is not partitioned like the input
   * @throws KafkaException when the broker cannot be reached or a topic is not known yet (worth a retry)
   */
  public void assigned(Collection<TopicPartition> assignment) {
    Set<Integer> now = numbers(assignment);
    partitions = checkedPartitionCount();
    runs.release(runId -> !now.contains(home(runId)));
    owned.retainAll(now);
    Set<Integer> fresh = new TreeSet<>(now);
    fresh.removeAll(owned);
    if (!fresh.isEmpty()) {
      restore(fresh);
    }
    owned.addAll(fresh);
    metrics.partitions(owned.size());
  }

  /** The consumer lost {@code lost} without a chance to commit: their runs are dropped here. */
  public void lost(Collection<TopicPartition> lost) {
    Set<Integer> gone = numbers(lost);
    owned.removeAll(gone);
    if (partitions > 0) {
      runs.release(runId -> gone.contains(home(runId)));
    }
    metrics.partitions(owned.size());
  }

  /**
   * The checkpoint as JSON of at most {@code maxBytes}: when it is larger, the older half of its θ
   * history is left out, again until it fits (the θ history is what shows, not what counts: the
   * samples' sums and keys always stay); null when even no history is too large.
   */
  static byte[] encodeWithin(RunCheckpoint checkpoint, int maxBytes) {
    RunCheckpoint c = checkpoint;
    byte[] json = CheckpointCodec.encode(c);
    while (json.length > maxBytes && !c.history().isEmpty()) {
      List<RunSnapshot.ThetaPoint> history = c.history();
      c = c.withHistory(history.subList(history.size() / 2 + history.size() % 2, history.size()));
      json = CheckpointCodec.encode(c);
    }
    if (c != checkpoint && json.length <= maxBytes) {
      LOG.warn("the state of run {} keeps the newest {} of its {} θ points to fit in a record of {} bytes "
          + "(runs.theta-history is larger than the run-state topic can carry)", checkpoint.runId(), c.history().size(),
          checkpoint.history().size(), maxBytes);
    }
    return json.length <= maxBytes ? json : null;
  }

  private void restore(Set<Integer> fresh) {
    long start = System.nanoTime();
    Map<String, byte[]> saved = reader.read(fresh, RESTORE_TIMEOUT);
    int restored = 0;
    for (Map.Entry<String, byte[]> e : saved.entrySet()) {
      try {
        RunCheckpoint c = CheckpointCodec.decode(e.getValue());
        if (runs.restore(c)) {
          restored++;
        }
      } catch (RuntimeException bad) {
        // One bad record (another version's, a hand-written one) must not stop the replica: the run starts over.
        LOG.warn("the saved state of run {} in {} is unreadable and ignored: {}", e.getKey(), stateTopic, bad.toString());
      }
    }
    metrics.restored(restored);
    LOG.info("partitions {}: {} runs restored from {} in {} ms", fresh, restored, stateTopic,
        (System.nanoTime() - start) / 1_000_000);
  }

  private int checkedPartitionCount() {
    int input = reader.partitions(inputTopic, RESTORE_TIMEOUT);
    int state = reader.partitions(stateTopic, RESTORE_TIMEOUT);
    if (input > 0 && state == 0) {
      createStateTopic(input); // start-up could not (the broker was away, or refused the analyzer then)
    }
    if (input == 0 || state == 0) {
      // Just created topics reach the brokers' metadata a moment later; one that never appears is reported while retrying.
      throw new KafkaException("topic " + (state == 0 ? stateTopic : inputTopic) + " is not known to the cluster (yet)");
    }
    if (state != input) {
      throw new IllegalStateException("the run-state topic " + stateTopic + " has " + state + " partitions and "
          + inputTopic + " has " + input + ": they must be equal (a run's state lives in its partition number); "
          + "create " + stateTopic + " compacted with " + input + " partitions, or name another one in topics.run-state");
    }
    return input;
  }

  private void createStateTopic(int partitions) {
    try {
      RunStateTopic.ensure(admin, stateTopic, partitions, replication.get(), RESTORE_TIMEOUT.toMillis());
    } catch (IllegalStateException e) {
      throw new KafkaException(e.getMessage() + " (create it as deploy/README.md says, with " + partitions + " partitions)", e);
    }
  }

  private boolean holds(String runId) {
    return partitions > 0 && owned.contains(home(runId));
  }

  private int home(String runId) {
    return RunPartitions.of(runId, partitions);
  }

  private static Set<Integer> numbers(Collection<TopicPartition> tps) {
    Set<Integer> out = new TreeSet<>();
    tps.forEach(tp -> out.add(tp.partition()));
    return out;
  }

  @Override
  public void close() {
    writer.close();
    reader.close();
    admin.close(Duration.ofSeconds(2));
  }
}
