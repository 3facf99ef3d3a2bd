package dev.topowatch.testing;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * A property whose code under test never returns, run by {@link TryTimeoutTest} through the JUnit
 * Platform launcher. Not a test of its own: Surefire's name patterns do not pick it up.
 */
class HangingProperty {
  static volatile boolean spin = true;

  @Property(tries = 3, seed = "42", shrinking = ShrinkingMode.OFF) // each shrink step would hang too
  void neverReturns(@ForAll int x) {
    long n = x;
    while (spin) { // ignores interrupts, like an engine stuck in a corrupted union-find
      n++;
    }
  }
}
