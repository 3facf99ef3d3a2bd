package dev.topowatch.analyzer.state;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.AtomicLong;

/** The run-state store's meters: checkpoints and bytes written, runs restored, failed commits, partitions held. */
public final class StateMetrics implements MeterBinder {

  private final AtomicLong checkpoints = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong restored = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong partitions = new AtomicLong();

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("topowatch.state.checkpoints", checkpoints, AtomicLong::get)
        .description("Run checkpoints (and removals) written to the run-state topic").register(registry);
    FunctionCounter.builder("topowatch.state.checkpoint.bytes", bytes, AtomicLong::get)
        .description("Bytes of run checkpoints written to the run-state topic, before compression").register(registry);
    FunctionCounter.builder("topowatch.state.runs.restored", restored, AtomicLong::get)
        .description("Runs restored from the run-state topic when their partition was assigned here").register(registry);
    FunctionCounter.builder("topowatch.state.commit.failures", failures, AtomicLong::get)
        .description("Transactions (checkpoints and offsets) that did not commit; their records are redelivered").register(registry);
    Gauge.builder("topowatch.consumer.partitions", partitions, AtomicLong::get)
        .description("Partition numbers of the input topics this replica holds").register(registry);
  }

  void written(int count, long byteCount) {
    checkpoints.addAndGet(count);
    bytes.addAndGet(byteCount);
  }

  void restored(int count) {
    restored.addAndGet(count);
  }

  void commitFailed() {
    failures.incrementAndGet();
  }

  void partitions(int count) {
    partitions.set(count);
  }
}
