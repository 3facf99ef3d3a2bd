package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Volumes too big for one block's shared memory (or with more than 65535 levels): one volume at a
 * time over the whole device, its codes and union-find forest in device memory, one launch per
 * level (the launches keep the levels apart, as the barriers do in a block). The volume's floats are
 * staged through the first slot's page-locked buffer.
 */
final class GlobalPath {
  private final GpuRuntime rt;
  private final GpuSettings settings;

  GlobalPath(GpuRuntime rt, GpuSettings settings) {
    this.rt = rt;
    this.settings = settings;
  }

  long[][] run(Job job, boolean fullForeground, Slot slot) {
    int n = job.voxels();
    int levels = job.levels();
    if (n >= Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("volume too large for the gpu back end: " + n + " values");
    }
    MemorySegment stream = slot.stream();
    String what = "a volume of " + job.dim3(0) + "x" + job.dim3(1) + "x" + job.dim3(2) + " at " + levels + " levels";
    long input = 0;
    long codes = 0;
    long parent = 0;
    long counters = 0;
    long[][] rows;
    try {
      input = OutOfDeviceMemory.allocate(rt.driver, 4L * n, what);
      codes = OutOfDeviceMemory.allocate(rt.driver, 4L * n, what);
      parent = OutOfDeviceMemory.allocate(rt.driver, 4L * (n + 1), what);
      counters = OutOfDeviceMemory.allocate(rt.driver, 24L * levels, what);
      stage(job, input, slot);
      MirroredBuffer desc = slot.descBuffer();
      desc.ensure(4L * SmallChunk.DESC_INTS);
      int[] d = new int[KernelLayout.DESC_INTS]; // input, thresholds and outputs at offset 0; counters in gcounters
      d[KernelLayout.D_N0] = job.dim3(0);
      d[KernelLayout.D_N1] = job.dim3(1);
      d[KernelLayout.D_N2] = job.dim3(2);
      d[KernelLayout.D_LEVELS] = levels;
      desc.host().asSlice(0, 4L * SmallChunk.DESC_INTS).copyFrom(MemorySegment.ofArray(d));
      desc.toDevice(4L * SmallChunk.DESC_INTS, stream);
      MirroredBuffer thresholds = slot.thresholdBuffer();
      thresholds.ensure(4L * Math.max(1, levels));
      MemorySegment.copy(job.floatThresholds(), 0, thresholds.host(), JAVA_FLOAT, 0, levels);
      thresholds.toDevice(4L * levels, stream);
      MirroredBuffer out = slot.outBuffer();
      out.ensure(24L * levels);
      rt.driver.fill32(counters, 0, 6L * levels, stream);

      LaunchArgs a = new LaunchArgs();
      a.input = input;
      a.desc = desc.device();
      a.thresholds = thresholds.device();
      a.out = out.device();
      a.codes = codes;
      a.parent = parent;
      a.gcounters = counters;
      a.count = n;
      a.full = fullForeground;
      try (Arena arena = Arena.ofConfined()) {
        launch("betti_global_prepare", n + 1L, a, arena, stream);
        long points = fullForeground ? (job.dim3(0) + 1L) * (job.dim3(1) + 1L) * (job.dim3(2) + 1L) : n;
        launch("betti_global_euler", points, a, arena, stream);
        for (int l = 0; l < levels; l++) {
          a.level = l;
          launch("betti_global_fg", n, a, arena, stream);
        }
        if (!job.flat()) {
          launch("betti_global_reset", n + 1L, a, arena, stream);
          for (int level = levels; level >= 1; level--) {
            a.level = level;
            launch("betti_global_bg", n, a, arena, stream);
          }
        }
        rt.launch("betti_global_finish", 1, 32, 0, stream, a.write(arena));
      }
      out.toHost(24L * levels, stream);
      rt.driver.synchronize(stream);
      rows = BatchPacker.rows(job, out.host(), 0);
    } catch (RuntimeException e) {
      free(input, codes, parent, counters).suppressInto(e); // the computation's error is the one reported
      throw e;
    }
    free(input, codes, parent, counters).rethrow();
    return rows;
  }

  /** Frees what was allocated, each pointer tried even if another fails. */
  private Cleanup free(long... pointers) {
    Cleanup cleanup = new Cleanup();
    for (long p : pointers) {
      if (p != 0) {
        cleanup.run(() -> rt.driver.free(p));
      }
    }
    return cleanup;
  }

  /** Copies the volume's floats to {@code device} in pieces no larger than a chunk. */
  private void stage(Job job, long device, Slot slot) {
    MemorySegment values = MemorySegment.ofBuffer(job.volume().asFloatBuffer());
    long total = values.byteSize();
    long piece = Math.min(total, settings.chunkBytes());
    MirroredBuffer staging = slot.inputBuffer();
    staging.ensure(Math.max(16, piece));
    for (long off = 0; off < total; off += piece) {
      long len = Math.min(piece, total - off);
      MemorySegment.copy(values, off, staging.host(), 0, len);
      rt.driver.copyToDevice(device + off, staging.host(), len, slot.stream());
      rt.driver.synchronize(slot.stream()); // the staging buffer is refilled next
    }
  }

  private void launch(String kernel, long work, LaunchArgs a, Arena arena, MemorySegment stream) {
    int threads = settings.globalThreads();
    long blocks = Math.max(1, Math.min((work + threads - 1) / threads, 16L * rt.device.multiprocessors()));
    rt.launch(kernel, (int) blocks, threads, 0, stream, a.write(arena));
  }
}
