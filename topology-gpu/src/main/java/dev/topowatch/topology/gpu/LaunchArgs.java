package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The one parameter of every kernel, {@code struct LaunchArgs} in betti.cu, which asserts the size
 * and every field's offset and width given by {@link #LAYOUT} ({@link KernelLayout#defines()}).
 * Device pointers are written as 64-bit integers.
 */
final class LaunchArgs {
  static final StructLayout LAYOUT = MemoryLayout.structLayout(
      JAVA_LONG.withName("input"),
      JAVA_LONG.withName("desc"),
      JAVA_LONG.withName("thresholds"),
      JAVA_LONG.withName("out"),
      JAVA_LONG.withName("counters"),
      JAVA_LONG.withName("codes"),
      JAVA_LONG.withName("parent"),
      JAVA_LONG.withName("gcounters"),
      JAVA_INT.withName("count"),
      JAVA_INT.withName("level"),
      JAVA_INT.withName("full"),
      JAVA_INT.withName("unused"));
  private static final long INPUT = KernelLayout.offset("input");
  private static final long DESC = KernelLayout.offset("desc");
  private static final long THRESHOLDS = KernelLayout.offset("thresholds");
  private static final long OUT = KernelLayout.offset("out");
  private static final long COUNTERS = KernelLayout.offset("counters");
  private static final long CODES = KernelLayout.offset("codes");
  private static final long PARENT = KernelLayout.offset("parent");
  private static final long GCOUNTERS = KernelLayout.offset("gcounters");
  private static final long COUNT = KernelLayout.offset("count");
  private static final long LEVEL = KernelLayout.offset("level");
  private static final long FULL = KernelLayout.offset("full");

  long input;
  long desc;
  long thresholds;
  long out;
  long counters;
  long codes;
  long parent;
  long gcounters;
  int count;
  int level;
  boolean full;

  /** The struct's bytes, in {@code arena}. */
  MemorySegment write(Arena arena) {
    MemorySegment s = arena.allocate(LAYOUT);
    s.set(JAVA_LONG, INPUT, input);
    s.set(JAVA_LONG, DESC, desc);
    s.set(JAVA_LONG, THRESHOLDS, thresholds);
    s.set(JAVA_LONG, OUT, out);
    s.set(JAVA_LONG, COUNTERS, counters);
    s.set(JAVA_LONG, CODES, codes);
    s.set(JAVA_LONG, PARENT, parent);
    s.set(JAVA_LONG, GCOUNTERS, gcounters);
    s.set(JAVA_INT, COUNT, count);
    s.set(JAVA_INT, LEVEL, level);
    s.set(JAVA_INT, FULL, full ? 1 : 0);
    return s;
  }
}
