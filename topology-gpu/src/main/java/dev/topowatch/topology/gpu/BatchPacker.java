package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.topowatch.topology.Volume;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Copies a chunk's volumes into host buffers laid out as {@link SmallChunk} says (floats straight
 * from the volumes, or level codes found on the way), and reads the Betti numbers back in the
 * caller's threshold order. Volumes are packed in parallel on the engine's pool.
 */
final class BatchPacker {
  private final ForkJoinPool pool;
  private final ThreadLocal<float[]> scratch = ThreadLocal.withInitial(() -> new float[0]);

  BatchPacker(ForkJoinPool pool) {
    this.pool = pool;
  }

  /** Buffers of one chunk on the host side. */
  record HostBuffers(MemorySegment desc, MemorySegment thresholds, MemorySegment input) {}

  void pack(SmallChunk chunk, HostBuffers into) {
    MemorySegment.copy(chunk.desc, 0, into.desc(), JAVA_INT, 0, chunk.desc.length);
    for (Map.Entry<float[], Integer> t : chunk.thresholdOffsets.entrySet()) {
      MemorySegment.copy(t.getKey(), 0, into.thresholds(), JAVA_FLOAT, 4L * t.getValue(), t.getKey().length);
    }
    SmallChunk.Input input = chunk.variant.input();
    Runnable all = () -> IntStream.range(0, chunk.jobs.size()).parallel().forEach(i -> {
      Job j = chunk.jobs.get(i);
      writeInput(j, input, into.input(), (long) chunk.desc[SmallChunk.DESC_INTS * i + KernelLayout.D_IN] * input.bytes);
    });
    if (chunk.jobs.size() > 1) {
      pool.submit(all).join();
    } else {
      all.run();
    }
  }

  /** Writes one volume's values (or codes) at {@code offset} bytes. */
  void writeInput(Job j, SmallChunk.Input input, MemorySegment dst, long offset) {
    Volume v = j.volume();
    if (input == SmallChunk.Input.F32) {
      MemorySegment.copy(MemorySegment.ofBuffer(v.asFloatBuffer()), 0, dst, offset, 4L * v.size());
      return;
    }
    float[] s = scratch.get();
    if (s.length < v.size()) {
      s = new float[v.size()];
      scratch.set(s);
    }
    LevelCodes.write(v, j.floatThresholds(), input.bytes, dst, offset, s);
  }

  /**
   * {@code rows[k][j]}: the Betti numbers of the chunk's k-th volume at its caller's threshold j
   * (b0 .. b(rank-1)), read from {@code out} (3 longs per level).
   */
  static long[][] rows(Job job, MemorySegment out, long firstLong) {
    int rank = job.volume().rank();
    long[][] rows = new long[job.thresholds().count()][rank];
    for (int t = 0; t < rows.length; t++) {
      long base = 8 * (firstLong + 3L * job.thresholds().levelOf(t));
      for (int k = 0; k < rank; k++) {
        rows[t][k] = out.get(JAVA_LONG, base + 8L * k);
      }
    }
    return rows;
  }
}
