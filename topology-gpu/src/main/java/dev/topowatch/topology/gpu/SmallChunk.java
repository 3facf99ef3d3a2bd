package dev.topowatch.topology.gpu;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Volumes that go to the device in one launch of one kernel variant, one block each, with the
 * layout of their buffers: descriptors ({@link #DESC_INTS} ints per volume, fields as {@link
 * KernelLayout} places them), thresholds (one copy per distinct threshold list), inputs (16-byte aligned), outputs
 * (3 longs per level) and, for volumes with more levels than fit in shared memory, counters.
 */
final class SmallChunk {
  static final int DESC_INTS = KernelLayout.DESC_INTS;
  /** Volumes with up to this many levels keep their counters and thresholds in shared memory. */
  static final int SHARED_LEVELS = KernelLayout.SMEM_LEVELS;

  final Variant variant;
  final List<Job> jobs;
  final int[] desc;
  final Map<float[], Integer> thresholdOffsets = new IdentityHashMap<>();
  final long inputBytes;
  final int thresholdFloats;
  final long outLongs;
  final long counterInts;
  final int sharedBytes;

  /** A kernel variant: what the host sends, how wide codes and parent indices are in shared memory. */
  record Variant(Input input, int codeBytes, int parentBytes) {
    String kernel() {
      return "betti_small_" + input.id + "_u" + codeBytes * 8 + "_p" + parentBytes * 8;
    }
  }

  /** What the host sends per value. */
  enum Input {
    F32("f32", 4),
    U8("u8", 1),
    U16("u16", 2),
    U32("u32", 4);

    final String id;
    final int bytes;

    Input(String id, int bytes) {
      this.id = id;
      this.bytes = bytes;
    }

    static Input codes(int width) {
      return width == 1 ? U8 : width == 2 ? U16 : U32;
    }
  }

  SmallChunk(Variant variant, List<Job> jobs) {
    this.variant = variant;
    this.jobs = List.copyOf(jobs);
    this.desc = new int[DESC_INTS * jobs.size()];
    long in = 0;
    int thr = 0;
    long out = 0;
    long counters = 0;
    int shared = 0;
    for (int i = 0; i < jobs.size(); i++) {
      Job j = jobs.get(i);
      Integer t = thresholdOffsets.get(j.floatThresholds());
      if (t == null) {
        t = thr;
        thresholdOffsets.put(j.floatThresholds(), t);
        thr += j.levels();
      }
      int d = DESC_INTS * i;
      desc[d + KernelLayout.D_IN] = Math.toIntExact(in / variant.input().bytes);
      desc[d + KernelLayout.D_N0] = j.dim3(0);
      desc[d + KernelLayout.D_N1] = j.dim3(1);
      desc[d + KernelLayout.D_N2] = j.dim3(2);
      desc[d + KernelLayout.D_LEVELS] = j.levels();
      desc[d + KernelLayout.D_THR] = t;
      desc[d + KernelLayout.D_OUT] = Math.toIntExact(out);
      desc[d + KernelLayout.D_COUNTERS] = j.levels() > SHARED_LEVELS ? Math.toIntExact(counters) : -1;
      in = align16(in + (long) j.voxels() * variant.input().bytes);
      out += 3L * j.levels();
      if (j.levels() > SHARED_LEVELS) {
        counters += 3L * j.levels();
      }
      shared = Math.max(shared, sharedBytes(j, variant));
    }
    this.inputBytes = in;
    this.thresholdFloats = thr;
    this.outLongs = out;
    this.counterInts = counters;
    this.sharedBytes = shared;
  }

  /** Bytes besides the inputs: descriptors, thresholds, outputs, counters. */
  long auxBytes() {
    return 4L * desc.length + 4L * thresholdFloats + 8 * outLongs + 4 * counterInts;
  }

  /** Shared memory one block needs for {@code job}, as betti.cu lays it out. */
  static int sharedBytes(Job job, Variant v) {
    long bytes = 0;
    if (job.levels() <= SHARED_LEVELS) {
      bytes += align16(12L * job.levels());
      if (v.input() == Input.F32) {
        bytes += align16(4L * job.levels());
      }
    }
    bytes += align16((job.voxels() + 1L) * v.parentBytes());
    bytes += (long) job.voxels() * v.codeBytes();
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }

  static long align16(long x) {
    return (x + 15) & ~15L;
  }
}
