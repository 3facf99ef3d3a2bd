package dev.topowatch.analyzer.service;

import dev.topowatch.analyzer.stream.EngineFailover;
import dev.topowatch.analyzer.stream.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ingest pipeline's meters: rejections by reason, non-finite volumes, engine time, end-to-end
 * latency, consumer lag per topic, the compute queue and whether the consumer is paused, engine
 * failures by kind, samples recomputed on cpu after one, and whether the engine is broken. Counters
 * carry no base unit: the Prometheus convention would insert it into the contract's names.
 */
public final class PipelineMetrics implements MeterBinder, EngineFailover.Listener {

  private final List<String> topics;
  private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
  private final Map<String, AtomicLong> lag = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger paused = new AtomicInteger();
  private final AtomicInteger engineBroken = new AtomicInteger();
  private MeterRegistry registry;
  private Counter recomputed;
  private Counter nonFinite;
  private Counter duplicates;
  private Counter stale;
  private Counter pauses;
  private Counter revocations;
  private Timer compute;
  private Timer endToEnd;

  public PipelineMetrics(List<String> topics) {
    this.topics = List.copyOf(topics);
    topics.forEach(t -> lag.put(t, new AtomicLong()));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    for (RejectReason reason : RejectReason.values()) {
      rejected.put(reason, Counter.builder("topowatch.samples.rejected")
          .description("Records rejected by the analyzer, by reason")
          .tag("reason", reason.label())
          .register(registry));
    }
    nonFinite = Counter.builder("topowatch.samples.nonfinite")
        .description("Volumes analysed although some values were NaN or infinite (NaN and +Inf never in a sublevel set, -Inf always)")
        .register(registry);
    duplicates = Counter.builder("topowatch.samples.duplicate")
        .description("Redelivered samples ignored because their (run, step, layer, sample) was already applied")
        .register(registry);
    stale = Counter.builder("topowatch.samples.stale")
        .description("Samples of a step older than the run's retained steps (runs.retained-steps), not applied")
        .register(registry);
    pauses = Counter.builder("topowatch.consumer.pauses")
        .description("Times the consumer paused its partitions because the compute queue was full")
        .register(registry);
    revocations = Counter.builder("topowatch.consumer.revocations")
        .description("Partition revocations seen by the consumer (group rebalances)")
        .register(registry);
    compute = Timer.builder("topowatch.betti.compute")
        .description("Engine time per volume, all thresholds")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    endToEnd = Timer.builder("topowatch.end.to.end.latency")
        .description("Sample creation (time_unix_ms) to the metric update that includes it")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry);
    for (String topic : topics) {
      Gauge.builder("topowatch.consumer.lag", lag.get(topic), AtomicLong::get)
          .description("Records behind the end of the assigned partitions")
          .baseUnit("records")
          .tag("topic", topic)
          .register(registry);
    }
    Gauge.builder("topowatch.compute.queue", inFlight, AtomicInteger::get)
        .description("Records polled and not yet applied (queued or computing)")
        .baseUnit("records")
        .register(registry);
    Gauge.builder("topowatch.consumer.paused", paused, AtomicInteger::get)
        .description("1 while the consumer's partitions are paused for backpressure")
        .register(registry);
    recomputed = Counter.builder("topowatch.samples.recomputed")
        .description("Samples computed again on cpu because the configured engine failed (engine.backend=auto)")
        .register(registry);
    Gauge.builder("topowatch.engine.broken", engineBroken, AtomicInteger::get)
        .description("1 while the Betti engine has failed with no fallback: samples are held uncommitted until a restart")
        .register(registry);
  }

  /** Counted by back end and kind (for gpu: sticky, device_lost, launch, driver), registered as they occur. */
  @Override
  public void engineFailed(String backend, String kind, boolean fellBack) {
    Counter.builder("topowatch.engine.failures")
        .description("Failures that broke the Betti engine, by back end and kind")
        .tag("backend", backend)
        .tag("kind", kind)
        .register(registry)
        .increment();
    if (!fellBack) {
      engineBroken.set(1);
    }
  }

  @Override
  public void recomputed(String backend, int volumes) {
    recomputed.increment(volumes);
  }

  void rejected(RejectReason reason) {
    rejected.get(reason).increment();
  }

  void nonFinite() {
    nonFinite.increment();
  }

  void duplicate() {
    duplicates.increment();
  }

  void stale() {
    stale.increment();
  }

  void computed(long nanos) {
    compute.record(nanos, TimeUnit.NANOSECONDS);
  }

  void published(List<Long> sampleTimesMs, long nowMs) {
    for (long t : sampleTimesMs) {
      if (t > 0) {
        endToEnd.record(Math.max(0, nowMs - t), TimeUnit.MILLISECONDS);
      }
    }
  }

  void lag(String topic, long records) {
    AtomicLong gauge = lag.get(topic);
    if (gauge != null) {
      gauge.set(records);
    }
  }

  void inFlight(int records) {
    inFlight.set(records);
  }

  void paused(boolean isPaused) {
    paused.set(isPaused ? 1 : 0);
    if (isPaused) {
      pauses.increment();
    }
  }

  void revoked() {
    revocations.increment();
  }
}
