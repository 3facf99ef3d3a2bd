package dev.topowatch.topology.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a call's volumes between the one-block-per-volume kernels (those that fit in a block's
 * shared memory) and the global-memory path, and the former into launches of at most
 * {@code chunkBytes} of input (and as much again of everything else).
 */
final class BatchPlan {
  /** Grid size limit we keep to for one launch. */
  static final int MAX_BLOCKS = 65_535;

  final List<SmallChunk> chunks;
  final List<Job> large;

  private BatchPlan(List<SmallChunk> chunks, List<Job> large) {
    this.chunks = chunks;
    this.large = large;
  }

  static BatchPlan of(List<Job> jobs, GpuSettings settings, int sharedMemoryPerBlock) {
    Map<SmallChunk.Variant, List<Job>> groups = new LinkedHashMap<>();
    List<Job> large = new ArrayList<>();
    for (Job j : jobs) {
      SmallChunk.Variant v = variant(j, settings.transfer());
      boolean fits = v != null && SmallChunk.sharedBytes(j, v) <= sharedMemoryPerBlock
          && (settings.maxSharedVoxels() == 0 || j.voxels() <= settings.maxSharedVoxels());
      if (fits) {
        groups.computeIfAbsent(v, k -> new ArrayList<>()).add(j);
      } else {
        large.add(j);
      }
    }
    List<SmallChunk> chunks = new ArrayList<>();
    groups.forEach((variant, group) -> {
      List<Job> current = new ArrayList<>();
      long in = 0;
      long aux = 0;
      for (Job j : group) {
        long jobIn = SmallChunk.align16((long) j.voxels() * variant.input().bytes);
        long jobAux = 4L * SmallChunk.DESC_INTS + 4L * j.levels() + 24L * j.levels()
            + (j.levels() > SmallChunk.SHARED_LEVELS ? 12L * j.levels() : 0);
        if (!current.isEmpty() && (in + jobIn > settings.chunkBytes() || aux + jobAux > settings.chunkBytes()
            || current.size() == MAX_BLOCKS)) {
          chunks.add(new SmallChunk(variant, current));
          current = new ArrayList<>();
          in = 0;
          aux = 0;
        }
        current.add(j);
        in += jobIn;
        aux += jobAux;
      }
      if (!current.isEmpty()) {
        chunks.add(new SmallChunk(variant, current));
      }
    });
    return new BatchPlan(chunks, large);
  }

  /**
   * The small-path variant of a job, or null when it has more levels than two-byte codes hold or
   * more voxels than two-byte parent indices address.
   */
  static SmallChunk.Variant variant(Job j, GpuSettings.Transfer transfer) {
    int width = LevelCodes.width(j.levels());
    if (width > 2 || j.voxels() > 0xFFFF) {
      return null;
    }
    SmallChunk.Input input = transfer == GpuSettings.Transfer.FLOATS ? SmallChunk.Input.F32 : SmallChunk.Input.codes(width);
    return new SmallChunk.Variant(input, width, 2);
  }
}
