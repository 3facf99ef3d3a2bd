package dev.topowatch.analyzer.service;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed when records finish out of order on a worker pool: per partition,
 * the lowest offset still in flight or held (or one past the highest seen when none is), so a commit
 * never passes a record whose results are not yet applied. A held record (its engine broke) is no
 * longer waited for, but no commit passes it: it is read again after a restart. Thread-safe.
 */
public final class OffsetTracker {

  private static final class Partition {
    final TreeSet<Long> pending = new TreeSet<>();
    final TreeSet<Long> held = new TreeSet<>();
    long next = -1;
    long committed = -1;
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  public synchronized void started(TopicPartition tp, long offset) {
    Partition p = partitions.computeIfAbsent(tp, k -> new Partition());
    p.pending.add(offset);
    p.next = Math.max(p.next, offset + 1);
  }

  public synchronized void finished(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null) {
      p.pending.remove(offset);
    }
  }

  /** The record at {@code offset} will not be applied here: commits stop before it, and nothing waits for it. */
  public synchronized void held(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null && p.pending.remove(offset)) {
      p.held.add(offset);
    }
  }

  /** Records held on all partitions. */
  public synchronized int held() {
    return partitions.values().stream().mapToInt(p -> p.held.size()).sum();
  }

  /** Offsets that advanced since the last {@link #committed}. */
  public synchronized Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    partitions.forEach((tp, p) -> {
      long offset = p.next;
      if (!p.pending.isEmpty()) {
        offset = Math.min(offset, p.pending.first());
      }
      if (!p.held.isEmpty()) {
        offset = Math.min(offset, p.held.first());
      }
      if (offset > p.committed) {
        out.put(tp, new OffsetAndMetadata(offset));
      }
    });
    return out;
  }

  public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, o) -> {
      Partition p = partitions.get(tp);
      if (p != null) {
        p.committed = Math.max(p.committed, o.offset());
      }
    });
  }

  public synchronized int inFlight(Collection<TopicPartition> tps) {
    return tps.stream().mapToInt(tp -> partitions.containsKey(tp) ? partitions.get(tp).pending.size() : 0).sum();
  }

  public synchronized void forget(Collection<TopicPartition> tps) {
    tps.forEach(partitions::remove);
  }
}
