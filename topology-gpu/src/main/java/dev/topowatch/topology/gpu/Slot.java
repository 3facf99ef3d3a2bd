package dev.topowatch.topology.gpu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One pipeline stage of the small-volume path: a stream and the buffers of one chunk in flight.
 * While the device copies and computes one slot's chunk, the host packs the next slot's, so that
 * packing, copies both ways and compute overlap.
 */
final class Slot implements AutoCloseable {
  private final GpuRuntime rt;
  private final MemorySegment stream;
  private final MirroredBuffer desc;
  private final MirroredBuffer thresholds;
  private final MirroredBuffer input;
  private final MirroredBuffer out;
  private final MirroredBuffer counters;
  private SmallChunk pending;

  Slot(GpuRuntime rt) {
    this.rt = rt;
    this.stream = rt.driver.createStream();
    this.desc = new MirroredBuffer(rt.driver, "volume descriptors");
    this.thresholds = new MirroredBuffer(rt.driver, "thresholds");
    this.input = new MirroredBuffer(rt.driver, "a batch's volumes");
    this.out = new MirroredBuffer(rt.driver, "a batch's Betti numbers");
    this.counters = new MirroredBuffer(rt.driver, "per-level counters");
  }

  MemorySegment stream() {
    return stream;
  }

  /** Host buffers with room for {@code chunk}; call only when nothing is pending. */
  BatchPacker.HostBuffers hostBuffersFor(SmallChunk chunk) {
    desc.ensure(4L * chunk.desc.length);
    thresholds.ensure(4L * Math.max(1, chunk.thresholdFloats));
    input.ensure(Math.max(16, chunk.inputBytes));
    out.ensure(8 * chunk.outLongs);
    counters.ensure(4 * Math.max(1, chunk.counterInts));
    return new BatchPacker.HostBuffers(desc.host(), thresholds.host(), input.host());
  }

  /** Queues copies in, the kernel and the copy out. */
  void submit(SmallChunk chunk, boolean fullForeground, int blockThreads) {
    desc.toDevice(4L * chunk.desc.length, stream);
    thresholds.toDevice(4L * chunk.thresholdFloats, stream);
    input.toDevice(chunk.inputBytes, stream);
    if (chunk.counterInts > 0) {
      rt.driver.fill32(counters.device(), 0, chunk.counterInts, stream);
    }
    LaunchArgs a = new LaunchArgs();
    a.input = input.device();
    a.desc = desc.device();
    a.thresholds = thresholds.device();
    a.out = out.device();
    a.counters = counters.device();
    a.count = chunk.jobs.size();
    a.full = fullForeground;
    try (Arena arena = Arena.ofConfined()) {
      rt.launch(chunk.variant.kernel(), chunk.jobs.size(), blockThreads, chunk.sharedBytes, stream, a.write(arena));
    }
    out.toHost(8 * chunk.outLongs, stream);
    pending = chunk;
  }

  /** Waits for the pending chunk, if any, and stores its rows in {@code results}. */
  void finish(long[][][] results) {
    if (pending == null) {
      return;
    }
    SmallChunk chunk = pending;
    pending = null;
    rt.driver.synchronize(stream);
    for (int i = 0; i < chunk.jobs.size(); i++) {
      Job j = chunk.jobs.get(i);
      results[j.index()] = BatchPacker.rows(j, out.host(), chunk.desc[SmallChunk.DESC_INTS * i + KernelLayout.D_OUT]);
    }
  }

  /** Waits for whatever is queued and forgets it (after a failure elsewhere). */
  void abandon() {
    pending = null;
    try {
      rt.driver.synchronize(stream);
    } catch (RuntimeException ignored) {
      // the error is the one being reported already
    }
  }

  /** Out, as the global path borrows the first slot's buffers to stage a large volume. */
  MirroredBuffer inputBuffer() {
    return input;
  }

  MirroredBuffer outBuffer() {
    return out;
  }

  MirroredBuffer descBuffer() {
    return desc;
  }

  MirroredBuffer thresholdBuffer() {
    return thresholds;
  }

  /** Frees every buffer and the stream, each tried even if another fails; the first failure is thrown. */
  @Override
  public void close() {
    abandon();
    Cleanup cleanup = new Cleanup();
    for (MirroredBuffer b : new MirroredBuffer[] {desc, thresholds, input, out, counters}) {
      cleanup.run(b::close);
    }
    cleanup.run(() -> rt.driver.destroyStream(stream));
    cleanup.rethrow();
  }
}
