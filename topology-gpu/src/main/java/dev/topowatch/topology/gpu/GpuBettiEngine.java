package dev.topowatch.topology.gpu;

import dev.topowatch.topology.BettiCurve;
import dev.topowatch.topology.BettiEngine;
import dev.topowatch.topology.Construction;
import dev.topowatch.topology.CpuBettiEngine;
import dev.topowatch.topology.EngineBrokenException;
import dev.topowatch.topology.Thresholds;
import dev.topowatch.topology.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The gpu back end: many volumes per launch, one thread block per volume, union-find in shared
 * memory over all thresholds in one level-ordered pass (betti.cu); volumes too big for shared memory
 * take a global-memory path. Calls are serialised on the device; within a call, chunks go through
 * {@code streams} slots so that packing, copies and compute overlap.
 *
 * <p>{@link #curve} runs on the cpu back end: a curve is one volume at as many levels as it has
 * distinct values, and one block pays a barrier per level while a CPU core takes a few
 * milliseconds; the device pays only across many volumes.
 *
 * <p>A driver error during a call (other than running out of memory) breaks the engine: the call
 * and every later one throw {@link EngineBrokenException}, whose kind says what failed ({@link
 * DeviceFailures}); the caller keeps the volumes and computes them elsewhere.
 */
public final class GpuBettiEngine implements BettiEngine {
  private final GpuRuntime runtime;
  private final GpuSettings settings;
  private final ForkJoinPool pool;
  private final BatchPacker packer;
  private final GlobalPath global;
  private final Slot[] slots;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;
  private EngineBrokenException broken;

  private GpuBettiEngine(GpuRuntime runtime, GpuSettings settings) {
    this.runtime = runtime;
    this.settings = settings;
    this.pool = new ForkJoinPool(Runtime.getRuntime().availableProcessors());
    this.packer = new BatchPacker(pool);
    this.global = new GlobalPath(runtime, settings);
    this.slots = new Slot[settings.streams()];
    try {
      for (int i = 0; i < slots.length; i++) {
        slots[i] = new Slot(runtime);
      }
    } catch (RuntimeException e) {
      // The slots made so far and the pool; the runtime is the opener's to close.
      Cleanup cleanup = new Cleanup();
      closeSlots(cleanup);
      pool.shutdown();
      cleanup.suppressInto(e);
      throw e;
    }
  }

  /**
   * Opens the device with the settings of this process.
   *
   * @throws IllegalStateException naming what is missing, NVRTC's log, or the driver's error
   */
  public static GpuBettiEngine open() {
    return open(GpuSettings.fromEnvironment());
  }

  public static GpuBettiEngine open(GpuSettings settings) {
    return open(settings, KernelSource.betti(), System.getenv());
  }

  static GpuBettiEngine open(GpuSettings settings, KernelSource source, Map<String, String> env) {
    GpuRuntime rt = GpuRuntime.open(settings, source, env);
    try {
      return new GpuBettiEngine(rt, settings);
    } catch (RuntimeException e) {
      Cleanup cleanup = new Cleanup();
      cleanup.run(rt::close);
      cleanup.suppressInto(e);
      throw e;
    }
  }

  @Override
  public String name() {
    return "gpu";
  }

  /** The device, and how its kernels were obtained. */
  public GpuReport report() {
    KernelBuild b = runtime.build;
    return new GpuReport(runtime.device, runtime.driver.where(), runtime.nvrtcVersion, b.target(), b.millis(), b.cacheHit(),
        b.cacheFile().map(Object::toString), b.cacheNote(), settings);
  }

  @Override
  public long[][][] betti(List<Volume> volumes, Construction construction, double[] thresholds) {
    Objects.requireNonNull(volumes, "volumes");
    Objects.requireNonNull(construction, "construction");
    Thresholds t = Thresholds.of(thresholds);
    float[] tf = LevelCodes.roundDown(t.sorted());
    List<Job> jobs = new ArrayList<>(volumes.size());
    for (int i = 0; i < volumes.size(); i++) {
      jobs.add(new Job(i, Objects.requireNonNull(volumes.get(i), "volume"), t, tf));
    }
    return run(jobs, construction);
  }

  @Override
  public long[][][] betti(List<Volume> volumes, Construction construction, List<double[]> thresholds) {
    if (volumes == null || thresholds == null || volumes.size() != thresholds.size()) {
      throw new IllegalArgumentException("one threshold array per volume is needed, got "
          + (volumes == null ? "null" : volumes.size()) + " volumes and "
          + (thresholds == null ? "null" : thresholds.size()) + " threshold arrays");
    }
    Objects.requireNonNull(construction, "construction");
    List<Job> jobs = new ArrayList<>(volumes.size());
    for (int i = 0; i < volumes.size(); i++) {
      Thresholds t = Thresholds.of(thresholds.get(i));
      jobs.add(new Job(i, Objects.requireNonNull(volumes.get(i), "volume"), t, LevelCodes.roundDown(t.sorted())));
    }
    return run(jobs, construction);
  }

  private long[][][] run(List<Job> jobs, Construction construction) {
    long[][][] results = new long[jobs.size()][][];
    List<Job> device = new ArrayList<>(jobs.size());
    for (Job j : jobs) {
      if (j.thresholds().count() == 0) {
        results[j.index()] = new long[0][];
      } else {
        device.add(j);
      }
    }
    if (device.isEmpty()) {
      return results;
    }
    boolean full = construction == Construction.T;
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the gpu engine is closed");
      }
      if (broken != null) {
        throw new EngineBrokenException(name(), broken.kind(), "the gpu engine is broken since an earlier failure: "
            + broken.getMessage(), broken);
      }
      BatchPlan plan = BatchPlan.of(device, settings, runtime.device.sharedMemoryPerBlock());
      try {
        runtime.makeCurrent();
        int k = 0;
        for (SmallChunk chunk : plan.chunks) {
          Slot slot = slots[k++ % slots.length];
          slot.finish(results);
          packer.pack(chunk, slot.hostBuffersFor(chunk));
          slot.submit(chunk, full, settings.blockThreads());
        }
        for (Slot slot : slots) {
          slot.finish(results);
        }
        for (Job j : plan.large) {
          results[j.index()] = global.run(j, full, slots[0]);
        }
      } catch (RuntimeException e) {
        for (Slot slot : slots) {
          slot.abandon();
        }
        if (e instanceof CudaException c && DeviceFailures.breaks(c)) {
          broken = DeviceFailures.broken(c);
          throw broken;
        }
        throw e;
      }
      return results;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public BettiCurve curve(Volume volume, Construction construction) {
    return CpuBettiEngine.curveOf(volume, construction);
  }

  /**
   * Whether a failure of the device has left this engine unable to compute: every call then throws
   * {@link EngineBrokenException} at once.
   */
  public boolean broken() {
    lock.lock();
    try {
      return broken != null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Frees the slots, the kernels and the context, each tried even if another step fails (a lost
   * device fails them all); the first failure is thrown, the others attached to it. A second call
   * does nothing.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      Cleanup cleanup = new Cleanup();
      cleanup.run(runtime::makeCurrent);
      closeSlots(cleanup);
      cleanup.run(runtime::close);
      pool.shutdown();
      cleanup.rethrow();
    } finally {
      lock.unlock();
    }
  }

  private void closeSlots(Cleanup cleanup) {
    for (Slot slot : slots) {
      if (slot != null) {
        cleanup.run(slot::close);
      }
    }
  }
}
