package dev.topowatch.topology.gpu;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * The one parameter of every kernel, {@code struct LaunchArgs} in betti.cu (which asserts the same
 * size and offsets). Device pointers are written as 64-bit integers.
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
    s.set(JAVA_LONG, 0, input);
    s.set(JAVA_LONG, 8, desc);
    s.set(JAVA_LONG, 16, thresholds);
    s.set(JAVA_LONG, 24, out);
    s.set(JAVA_LONG, 32, counters);
    s.set(JAVA_LONG, 40, codes);
    s.set(JAVA_LONG, 48, parent);
    s.set(JAVA_LONG, 56, gcounters);
    s.set(JAVA_INT, 64, count);
    s.set(JAVA_INT, 68, level);
    s.set(JAVA_INT, 72, full ? 1 : 0);
    return s;
  }
}
