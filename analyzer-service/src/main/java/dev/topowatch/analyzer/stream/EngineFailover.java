package dev.topowatch.analyzer.stream;

import dev.topowatch.topology.BettiCurve;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.EngineBrokenException;
import dev.topowatch.topology.Volume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analyzer's engine, and what happens when it breaks ({@link EngineBrokenException}: a lost GPU,
 * a sticky CUDA error). With a fallback (under {@code engine.backend=auto}) the failed call is
 * computed again on the fallback, which computes every later call: no sample is lost. Without one
 * (a back end asked for by name) the engine stays broken: every call throws, {@link #status()}
 * says why (the service reports it on /health), and the caller keeps those samples uncommitted, to
 * be computed after a restart. Counts the failures by kind and the volumes recomputed. Thread-safe.
 */
public final class EngineFailover implements BettiEngine {

  private static final Logger LOG = LoggerFactory.getLogger(EngineFailover.class);

  /** Told of each failure and each recomputation, for the meters. */
  public interface Listener {
    /** @param fellBack whether a fallback computes from now on; if not, nothing computes until a restart */
    void engineFailed(String backend, String kind, boolean fellBack);

    void recomputed(String backend, int volumes);
  }

  /** What /health and the page show: the engine computing now, the failures seen, what was recomputed. */
  public record Status(String engine, String configured, boolean broken, Optional<String> failure,
      Map<String, Long> failuresByKind, long recomputed) {}

  private final String configured;
  private final Supplier<BettiEngine> fallback;
  private final Listener listener;
  private volatile BettiEngine active;
  private volatile EngineBrokenException failure;
  private volatile boolean broken;
  private boolean fellBack;
  private final Map<String, Long> failuresByKind = new TreeMap<>();
  private long recomputed;

  /**
   * @param engine the engine opened from the configuration
   * @param fallback opens the engine to fall back on; null: none, a failure is final until a restart
   */
  public EngineFailover(BettiEngine engine, Supplier<BettiEngine> fallback, Listener listener) {
    this.configured = engine.name();
    this.active = engine;
    this.fallback = fallback;
    this.listener = listener;
  }

  @Override
  public String name() {
    return active.name();
  }

  @Override
  public long[][][] betti(List<Volume> volumes, Construction construction, double[] thresholds) {
    return call(e -> e.betti(volumes, construction, thresholds), volumes.size());
  }

  @Override
  public long[][][] betti(List<Volume> volumes, Construction construction, List<double[]> thresholds) {
    return call(e -> e.betti(volumes, construction, thresholds), volumes.size());
  }

  @Override
  public BettiCurve curve(Volume volume, Construction construction) {
    return active.curve(volume, construction);
  }

  public synchronized Status status() {
    EngineBrokenException f = failure;
    return new Status(active.name(), configured, broken, Optional.ofNullable(f).map(Throwable::getMessage),
        Map.copyOf(failuresByKind), recomputed);
  }

  private long[][][] call(Function<BettiEngine, long[][][]> compute, int volumes) {
    BettiEngine engine = active;
    try {
      return compute.apply(engine);
    } catch (EngineBrokenException e) {
      BettiEngine next = failOver(engine, e);
      long[][][] result = compute.apply(next);
      synchronized (this) {
        recomputed += volumes;
      }
      listener.recomputed(next.name(), volumes);
      return result;
    }
  }

  /** The engine to compute on after {@code engine} failed with {@code e}; throws {@code e} when there is none. */
  private synchronized BettiEngine failOver(BettiEngine engine, EngineBrokenException e) {
    if (active != engine) {
      return active; // another call failed over already
    }
    if (broken) {
      throw e; // counted when it broke: not every call it refuses afterwards
    }
    failure = e;
    failuresByKind.merge(e.kind(), 1L, Long::sum);
    BettiEngine next = null;
    if (fallback != null && !fellBack) {
      try {
        next = fallback.get();
      } catch (RuntimeException cannot) {
        e.addSuppressed(cannot);
      }
    }
    listener.engineFailed(e.backend(), e.kind(), next != null);
    if (next == null) {
      broken = true;
      LOG.error("the {} engine failed ({}) and {}: samples are kept uncommitted and computed after a restart; /health reports DOWN "
          + "until then", e.backend(), e.kind(), fallback == null ? "engine.backend names it, so there is no fallback"
              : "no fallback can compute", e);
      throw e;
    }
    LOG.error("the {} engine failed ({}); engine.backend=auto: computing on {} from now on, starting with the failed batch",
        e.backend(), e.kind(), next.name(), e);
    active = next;
    fellBack = true;
    try {
      engine.close();
    } catch (RuntimeException closing) {
      LOG.warn("closing the failed {} engine: {}", engine.name(), closing.toString());
    }
    return next;
  }

  /** Closes the engine computing now (a failed one was closed when it was replaced). */
  @Override
  public void close() {
    active.close();
  }
}
